import type { OrderCommand, OrderStatus } from '../../src/domain/restaurant/order-messages';
import type { Role } from '../../src/domain/tenant/role';
import { FRONT_OF_HOUSE_ONLY, REASON, actor, byRole, cancelled, changed, given, orderAt, paid, placed, stateAfter, voided } from './restaurant-fixtures';

const voidItem = (lineId = 'L2', role: Role = 'waiter', reason = REASON): OrderCommand => ({ type: 'VoidItem', data: { lineId, reason, actor: actor(role) } });
const cancel = (role: Role = 'waiter', reason = 'Guest left'): OrderCommand => ({ type: 'CancelOrder', data: { reason, actor: actor(role) } });

describe('Voiding an item', () => {
  it('records who voided which line and why; the line no longer counts in the total', () => {
    given([placed]).when(voidItem()).then([voided()]);
    expect(stateAfter([placed, voided()])).toMatchObject({ voided: ['L2'], totalMinor: 2_200, lines: placed.data.lines });
  });

  describe('before the kitchen has started it (PENDING, CONFIRMED) waiters, cashiers, managers and owners void', () => {
    it.each((['PENDING', 'CONFIRMED'] as const).flatMap((status) => byRole(FRONT_OF_HOUSE_ONLY).map(([role, outcome]) => [status, role, outcome] as const)))(
      '%s, a %s: %s',
      (status, role, outcome) =>
        outcome === 'allowed' ? given(orderAt(status)).when(voidItem('L2', role)).then([voided('L2', role)]) : given(orderAt(status)).when(voidItem('L2', role)).thenThrows(outcome),
    );
  });

  describe('after the kitchen has started it (PREPARING, READY, SERVED) only a manager or owner voids', () => {
    const refused = { waiter: 'VOID_NEEDS_MANAGER', cashier: 'VOID_NEEDS_MANAGER', kitchen: 'FORBIDDEN_ROLE', auditor: 'FORBIDDEN_ROLE' };
    it.each((['PREPARING', 'READY', 'SERVED'] as const).flatMap((status) => byRole(refused).map(([role, outcome]) => [status, role, outcome] as const)))(
      '%s, a %s: %s',
      (status, role, outcome) =>
        outcome === 'allowed' ? given(orderAt(status)).when(voidItem('L2', role)).then([voided('L2', role)]) : given(orderAt(status)).when(voidItem('L2', role)).thenThrows(outcome),
    );
  });

  it('an unknown line: LINE_NOT_FOUND', () => given([placed]).when(voidItem('L9')).thenThrows('LINE_NOT_FOUND'));

  it('a line is voided once', () => given([placed, voided()]).when(voidItem()).thenThrows('LINE_ALREADY_VOIDED'));

  it.each<OrderStatus>(['PAID', 'CANCELLED'])('not once the order is %s: ORDER_CLOSED', (status) =>
    given(orderAt(status, status === 'PAID' ? [paid(2_420)] : [])).when(voidItem('L2', 'manager')).thenThrows('ORDER_CLOSED'));

  it.each(['', '   ', 'x'.repeat(201)])('a reason of 1 to 200 characters is required (not %j)', (reason) =>
    given([placed]).when(voidItem('L2', 'waiter', reason)).thenThrows('REASON_REQUIRED'));

  it('the reason is recorded trimmed', () => given([placed]).when(voidItem('L2', 'waiter', '  Spilt  ')).then([voided('L2', 'waiter', 'Spilt')]));

  it('refuses a void that would leave more paid than the new total', () =>
    given([placed, paid(2_300)]).when(voidItem('L2')).thenThrows('VOID_WOULD_OVERPAY'));

  it('a void may leave exactly what was paid', () => given([placed, paid(2_200)]).when(voidItem('L2')).then([voided()]));

  it('a void that leaves a served order exactly paid completes it: SERVED → PAID', () =>
    given(orderAt('SERVED', [paid(2_200)])).when(voidItem('L2', 'manager')).then([voided('L2', 'manager'), changed('SERVED', 'PAID')]));

  it('voiding every line of a served order leaves it SERVED: an empty order is not "paid"', () =>
    given(orderAt('SERVED', [voided('L1')])).when(voidItem('L2', 'owner')).then([voided('L2', 'owner')]));
});

describe('Cancelling an order', () => {
  it('records the status it was cancelled from and why; the order is CANCELLED', () => {
    given([placed]).when(cancel()).then([cancelled('PENDING')]);
    expect(stateAfter([placed, cancelled('PENDING')]).status).toBe('CANCELLED');
  });

  it.each((['PENDING', 'CONFIRMED'] as const).flatMap((status) => byRole(FRONT_OF_HOUSE_ONLY).map(([role, outcome]) => [status, role, outcome] as const)))(
    'from %s, a %s: %s (waiters, cashiers, managers and owners)',
    (status, role, outcome) =>
      outcome === 'allowed' ? given(orderAt(status)).when(cancel(role)).then([cancelled(status)]) : given(orderAt(status)).when(cancel(role)).thenThrows(outcome),
  );

  it.each(byRole({ waiter: 'CANCEL_NEEDS_MANAGER', cashier: 'CANCEL_NEEDS_MANAGER', kitchen: 'FORBIDDEN_ROLE', auditor: 'FORBIDDEN_ROLE' }))(
    'from PREPARING, a %s: %s (only a manager or owner once the kitchen has started)',
    (role, outcome) =>
      outcome === 'allowed' ? given(orderAt('PREPARING')).when(cancel(role)).then([cancelled('PREPARING')]) : given(orderAt('PREPARING')).when(cancel(role)).thenThrows(outcome),
  );

  it.each<OrderStatus>(['READY', 'SERVED', 'PAID', 'CANCELLED'])('from %s, not even by the owner: INVALID_TRANSITION', (status) =>
    given(orderAt(status, status === 'PAID' ? [paid(2_420)] : [])).when(cancel('owner')).thenThrows('INVALID_TRANSITION'));

  it('an order with payments cannot be cancelled', () => given([placed, paid(500)]).when(cancel('owner')).thenThrows('ORDER_HAS_PAYMENTS'));

  it.each(['', '   ', 'x'.repeat(201)])('a reason of 1 to 200 characters is required (not %j)', (reason) =>
    given([placed]).when(cancel('waiter', reason)).thenThrows('REASON_REQUIRED'));
});
