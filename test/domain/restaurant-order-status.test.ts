import { orderDecider } from '../../src/domain/restaurant/order';
import { ORDER_STATUSES, type OrderCommand, type OrderEvent, type OrderStatus } from '../../src/domain/restaurant/order-messages';
import { DomainError } from '../../src/domain/errors';
import { ROLES, type Role } from '../../src/domain/tenant/role';
import { actor, changed, given, line, orderAt, paid, stateAfter, tea, voided } from './restaurant-fixtures';

const advance = (to: OrderStatus, role: Role = 'manager'): OrderCommand => ({ type: 'AdvanceOrderStatus', data: { to, actor: actor(role) } });
/** An order at `status`, paid in full where the next step (SERVED → PAID) needs it. */
const historyAt = (status: OrderStatus) => orderAt(status, status === 'SERVED' || status === 'PAID' ? [paid(2_420)] : []);

const FRONT_OF_HOUSE: Role[] = ['waiter', 'cashier', 'manager', 'owner'];
const KITCHEN: Role[] = ['kitchen', 'manager', 'owner'];
/** The only moves, and who may make each. */
const LEGAL: [OrderStatus, OrderStatus, Role[]][] = [
  ['PENDING', 'CONFIRMED', FRONT_OF_HOUSE],
  ['CONFIRMED', 'PREPARING', KITCHEN],
  ['PREPARING', 'READY', KITCHEN],
  ['READY', 'SERVED', FRONT_OF_HOUSE],
  ['SERVED', 'PAID', FRONT_OF_HOUSE],
];
const isLegal = (from: OrderStatus, to: OrderStatus) => LEGAL.some(([f, t]) => f === from && t === to);
const ALL_MOVES = ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.map((to) => [from, to] as const));

const codeOf = (events: OrderEvent[], command: OrderCommand) => {
  try {
    orderDecider.decide(command, stateAfter(events));
    return 'moves';
  } catch (e) {
    return e instanceof DomainError ? e.code : String(e);
  }
};

describe('Order status: the only path is PENDING → CONFIRMED → PREPARING → READY → SERVED → PAID', () => {
  it.each(ALL_MOVES.map(([from, to]) => [from, to, isLegal(from, to) ? 'moves' : 'INVALID_TRANSITION'] as const))('%s → %s: %s', (from, to, outcome) =>
    outcome === 'moves' ? given(historyAt(from)).when(advance(to)).then([changed(from, to)]) : given(historyAt(from)).when(advance(to)).thenThrows('INVALID_TRANSITION'));

  it('of all 49 moves exactly the 5 on the path pass for the owner; every other one is INVALID_TRANSITION', () => {
    const outcomes = ALL_MOVES.map(([from, to]) => [from, to, codeOf(historyAt(from), advance(to, 'owner'))]);
    expect(outcomes.filter(([, , outcome]) => outcome === 'moves').map(([from, to]) => [from, to])).toEqual(LEGAL.map(([from, to]) => [from, to]));
    expect(outcomes.filter(([, , outcome]) => outcome !== 'moves').every(([, , outcome]) => outcome === 'INVALID_TRANSITION')).toBe(true);
  });

  it('the order takes the status it moved to', () => expect(stateAfter(orderAt('READY')).status).toBe('READY'));
});

describe('Who may move an order', () => {
  it.each(LEGAL.flatMap(([from, to, allowed]) => ROLES.map((role) => [from, to, role, allowed.includes(role) ? 'moves' : 'FORBIDDEN_ROLE'] as const)))(
    '%s → %s, a %s: %s',
    (from, to, role, outcome) =>
      outcome === 'moves' ? given(historyAt(from)).when(advance(to, role)).then([changed(from, to)]) : given(historyAt(from)).when(advance(to, role)).thenThrows(outcome),
  );

  it('an auditor changes nothing: every move, legal or not, is FORBIDDEN_ROLE', () =>
    expect(new Set(ALL_MOVES.map(([from, to]) => codeOf(historyAt(from), advance(to, 'auditor'))))).toEqual(new Set(['FORBIDDEN_ROLE'])));
});

describe('PAID means paid', () => {
  it('an unpaid served order cannot be marked PAID', () => given(orderAt('SERVED')).when(advance('PAID', 'cashier')).thenThrows('ORDER_NOT_PAID'));

  it('nor a partly paid one', () => given(orderAt('SERVED', [paid(2_000)])).when(advance('PAID', 'cashier')).thenThrows('ORDER_NOT_PAID'));

  it('paid first (counter service): serving it also moves it SERVED → PAID', () => {
    given(orderAt('READY', [paid(2_420)])).when(advance('SERVED', 'waiter')).then([changed('READY', 'SERVED'), changed('SERVED', 'PAID')]);
    expect(stateAfter([...orderAt('READY', [paid(2_420)]), changed('READY', 'SERVED'), changed('SERVED', 'PAID')]).status).toBe('PAID');
  });

  it('paid first, then more ordered: serving it leaves it SERVED until the rest is paid', () =>
    given([...orderAt('READY', [paid(2_420)]), { type: 'OrderItemsAdded', data: { orderId: 'o_1', lines: [line('L3', tea, 1)] } }, changed('READY', 'CONFIRMED'), changed('CONFIRMED', 'PREPARING'), changed('PREPARING', 'READY')])
      .when(advance('SERVED', 'waiter'))
      .then([changed('READY', 'SERVED')]));

  it('an order with every line voided is not closed by serving it, but may then be marked PAID (nothing is due)', () => {
    given(orderAt('READY', [voided('L1', 'manager', 'Wrong order'), voided('L2', 'manager', 'Wrong order')])).when(advance('SERVED', 'waiter')).then([changed('READY', 'SERVED')]);
    given(orderAt('SERVED', [voided('L1', 'manager', 'Wrong order'), voided('L2', 'manager', 'Wrong order')])).when(advance('PAID', 'cashier')).then([changed('SERVED', 'PAID')]);
  });
});
