import { orderDecider } from '../../src/domain/restaurant/order';
import type { OrderCommand, OrderEvent, OrderLine, OrderStatus, PricedItem, PricingTerms } from '../../src/domain/restaurant/order-messages';
import { ROLES, type Role } from '../../src/domain/tenant/role';
import { specFor } from './given';

const given = specFor(orderDecider);
const stateAfter = (events: OrderEvent[]) => events.reduce(orderDecider.evolve, orderDecider.initialState());
const usd: PricingTerms = { currency: 'USD', taxInclusive: false };
/** $10.00 and $2.00 with 10 % tax on top: every tax is exact, so expected lines read plainly. */
const pho: PricedItem = { itemId: 'i_pho', name: 'Phở bò', station: 'kitchen', unitPriceMinor: 1_000, taxRateBps: 1_000 };
const tea: PricedItem = { itemId: 'i_tea', name: 'Trà đá', station: 'bar', unitPriceMinor: 200, taxRateBps: 1_000 };
const actor = (role: Role) => ({ userId: `u_${role}`, role });
const line = (lineId: string, item: PricedItem, quantity: number): OrderLine => {
  const netMinor = item.unitPriceMinor * quantity;
  const { itemId, name, station, unitPriceMinor, taxRateBps } = item;
  return { lineId, itemId, name, station, quantity, note: null, unitPriceMinor, taxRateBps, netMinor, taxMinor: netMinor / 10, totalMinor: (netMinor * 11) / 10 };
};

// L1: 2 × phở (2,200) + L2: 1 × tea (220) = 2,420
const placed: OrderEvent = {
  type: 'OrderPlaced',
  data: { orderId: 'o_1', table: 'T4', note: null, lines: [line('L1', pho, 2), line('L2', tea, 1)], terms: usd, placedAt: '2026-05-01T12:00:00.000Z' },
};
const changed = (from: OrderStatus, to: OrderStatus): OrderEvent => ({ type: 'OrderStatusChanged', data: { orderId: 'o_1', from, to } });
const PATH: OrderStatus[] = ['PENDING', 'CONFIRMED', 'PREPARING', 'READY', 'SERVED', 'PAID'];
/** The order placed, then `before` (payments, voids), then moved along the path up to `status`. */
const orderAt = (status: OrderStatus, before: OrderEvent[] = []): OrderEvent[] =>
  status === 'CANCELLED'
    ? [placed, ...before, { type: 'OrderCancelled', data: { orderId: 'o_1', from: 'PENDING', reason: 'Guest left' } }]
    : [placed, ...before, ...PATH.slice(1, PATH.indexOf(status) + 1).map((to, i) => changed(PATH[i]!, to))];
const paid = (amountMinor: number, paymentId = 'p_1'): OrderEvent => ({
  type: 'PaymentRecorded',
  data: { orderId: 'o_1', paymentId, method: 'CARD', amountMinor, tenderedMinor: null, changeMinor: 0 },
});
const byRole = (refused: Partial<Record<Role, string>>) => ROLES.map((role) => [role, refused[role] ?? 'allowed'] as const);
const FRONT_OF_HOUSE_ONLY = { kitchen: 'FORBIDDEN_ROLE', auditor: 'FORBIDDEN_ROLE' };
const REASON = 'Guest changed their mind';

const voidItem = (lineId = 'L2', role: Role = 'waiter', reason = REASON): OrderCommand => ({ type: 'VoidItem', data: { lineId, reason, actor: actor(role) } });
const voided = (lineId = 'L2', role: Role = 'waiter', reason = REASON): OrderEvent => ({
  type: 'OrderItemVoided',
  data: { orderId: 'o_1', lineId, reason, voidedBy: actor(role) },
});
const cancel = (role: Role = 'waiter', reason = 'Guest left'): OrderCommand => ({ type: 'CancelOrder', data: { reason, actor: actor(role) } });
const cancelled = (from: OrderStatus, reason = 'Guest left'): OrderEvent => ({ type: 'OrderCancelled', data: { orderId: 'o_1', from, reason } });

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
