import { orderDecider } from '../../src/domain/restaurant/order';
import type { LineRequest, OrderCommand, OrderEvent, OrderLine, OrderStatus, PricedItem } from '../../src/domain/restaurant/order-messages';
import type { Role } from '../../src/domain/tenant/role';
import { AT, FRONT_OF_HOUSE_ONLY, actor, byRole, changed, given, line, orderAt, paid, pho, placed, stateAfter, tea, usd } from './restaurant-fixtures';

const ask = (item: PricedItem, quantity: number, note: string | null = null): LineRequest => ({ item, quantity, note });
const place = (data: Partial<Extract<OrderCommand, { type: 'PlaceOrder' }>['data']> = {}): OrderCommand => ({
  type: 'PlaceOrder',
  data: { orderId: 'o_1', table: 'T4', note: null, lines: [ask(pho, 2), ask(tea, 1)], terms: usd, actor: actor('waiter'), at: AT, ...data },
});
const addItems = (lines: LineRequest[], role: Role = 'waiter'): OrderCommand => ({ type: 'AddItems', data: { lines, actor: actor(role) } });
const itemsAdded = (...lines: OrderLine[]): OrderEvent => ({ type: 'OrderItemsAdded', data: { orderId: 'o_1', lines } });
const paidInFull = paid(2_420);
const tooLong = 'x'.repeat(201);

describe('Placing an order', () => {
  it('prices the lines from the catalog item as ordered, numbers them L1, L2, … and the order is PENDING', () => {
    given([]).when(place()).then([placed]);
    expect(stateAfter([placed])).toMatchObject({ orderId: 'o_1', status: 'PENDING', table: 'T4', terms: usd, placedAt: AT, totalMinor: 2_420, paidMinor: 0 });
  });

  it('notes are trimmed and a blank note is no note', () =>
    given([])
      .when(place({ note: '  birthday  ', lines: [ask(pho, 2, ' no onions '), ask(tea, 1, '   ')] }))
      .then([{ type: 'OrderPlaced', data: { ...placed.data, note: 'birthday', lines: [line('L1', pho, 2, 'no onions'), line('L2', tea, 1)] } } as OrderEvent]));

  it('an order is placed once', () => given([placed]).when(place()).thenThrows('ORDER_EXISTS'));

  it('an order has at least one item', () => given([]).when(place({ lines: [] })).thenThrows('NO_ITEMS'));

  it.each([0, -1, 1.5, 1000, Number.NaN])('a quantity of %s is refused: whole numbers from 1 to 999', (quantity) =>
    given([]).when(place({ lines: [ask(pho, 1), ask(tea, quantity)] })).thenThrows('INVALID_QUANTITY'));

  it('999 of an item is fine', () => given([]).when(place({ lines: [ask(tea, 999)] })).then([{ type: 'OrderPlaced', data: { ...placed.data, lines: [line('L1', tea, 999)] } } as OrderEvent]));

  it('a note has at most 200 characters, on the order or on a line', () => {
    given([]).when(place({ note: tooLong })).thenThrows('NOTE_TOO_LONG');
    given([]).when(place({ lines: [ask(pho, 1, tooLong)] })).thenThrows('NOTE_TOO_LONG');
    given([]).when(place({ note: 'x'.repeat(200) })).then([{ type: 'OrderPlaced', data: { ...placed.data, note: 'x'.repeat(200) } } as OrderEvent]);
  });

  it.each(byRole(FRONT_OF_HOUSE_ONLY))('a %s: %s (waiters, cashiers, managers and owners take orders)', (role, outcome) =>
    outcome === 'allowed' ? given([]).when(place({ actor: actor(role) })).then([placed]) : given([]).when(place({ actor: actor(role) })).thenThrows(outcome));

  it('an order whose total is no longer an exact integer is refused', () => {
    const half: PricedItem = { ...pho, unitPriceMinor: 2 ** 52, taxRateBps: 0 };
    given([]).when(place({ lines: [ask(half, 1), ask(half, 1)] })).thenThrows('AMOUNT_TOO_LARGE');
  });
});

describe("An order's totals are the sum of its lines, each rounded half up once", () => {
  const item = (unitPriceMinor: number, taxRateBps: number): PricedItem => ({ ...pho, unitPriceMinor, taxRateBps });
  it.each([
    // currency, inclusive, [price, quantity, bps] per line, line taxes, order total
    ['VND', true, [[65_000, 2, 800], [25_005, 1, 2_000]], [9_630, 4_168], 155_005],
    ['VND', false, [[65_000, 2, 800], [25_005, 1, 2_000]], [10_400, 5_001], 170_406],
    ['USD', true, [[1_299, 3, 875], [10, 1, 500]], [314, 0], 3_907],
    ['USD', false, [[1_299, 3, 875], [10, 1, 500]], [341, 1], 4_249],
    ['KWD', true, [[1_250, 3, 500], [3, 1, 2_000]], [179, 1], 3_753],
    ['KWD', false, [[1_250, 3, 500], [3, 1, 2_000]], [188, 1], 3_942],
  ] as const)('%s, tax-inclusive %s', (currency, taxInclusive, lines, taxes, totalMinor) => {
    const events = orderDecider.decide(place({ terms: { currency, taxInclusive }, lines: lines.map(([price, quantity, bps]) => ask(item(price, bps), quantity)) }), stateAfter([]));
    const state = stateAfter(events);
    expect(state.lines.map((l) => l.taxMinor)).toEqual(taxes);
    expect(state.totalMinor).toBe(totalMinor);
  });

  it('two 10¢ lines at 5 % owe 1¢ tax each (22¢), not 1¢ on the whole (21¢)', () => {
    const dime = item(10, 500);
    expect(stateAfter(orderDecider.decide(place({ lines: [ask(dime, 1), ask(dime, 1)] }), stateAfter([]))).totalMinor).toBe(22);
  });
});

describe('Every command but PlaceOrder needs an order', () => {
  it.each<OrderCommand>([
    addItems([ask(pho, 1)]),
    { type: 'VoidItem', data: { lineId: 'L1', reason: 'Wrong table', actor: actor('manager') } },
    { type: 'AdvanceOrderStatus', data: { to: 'CONFIRMED', actor: actor('manager') } },
    { type: 'CancelOrder', data: { reason: 'Guest left', actor: actor('manager') } },
    { type: 'RecordPayment', data: { paymentId: 'p_1', method: 'CASH', amountMinor: 100, tenderedMinor: null, actor: actor('cashier') } },
  ])('$type on an unknown order: ORDER_NOT_FOUND', (command) => given([]).when(command).thenThrows('ORDER_NOT_FOUND'));
});

describe('Adding items', () => {
  it("prices the new lines and continues the order's line numbers", () => given([placed]).when(addItems([ask(tea, 3)])).then([itemsAdded(line('L3', tea, 3))]));

  it('line numbers count voided lines too, so an id is never reused', () =>
    given([placed, { type: 'OrderItemVoided', data: { orderId: 'o_1', lineId: 'L2', reason: 'Spilt', voidedBy: actor('waiter') } }])
      .when(addItems([ask(tea, 1), ask(pho, 1)]))
      .then([itemsAdded(line('L3', tea, 1), line('L4', pho, 1))]));

  it("prices with the order's own terms (fixed when it was placed)", () => {
    const inclusive: OrderEvent = { type: 'OrderPlaced', data: { ...placed.data, terms: { currency: 'USD', taxInclusive: true } } } as OrderEvent;
    // $2.00 including 10 %: tax 18.18¢ → 18¢
    given([inclusive]).when(addItems([ask(tea, 1)])).then([itemsAdded({ ...line('L3', tea, 1), netMinor: 182, taxMinor: 18, totalMinor: 200 })]);
  });

  it('raises the total', () => expect(stateAfter([placed, itemsAdded(line('L3', tea, 3))]).totalMinor).toBe(3_080));

  it.each<OrderStatus>(['PAID', 'CANCELLED'])('not once the order is %s: ORDER_CLOSED', (status) =>
    given(orderAt(status, status === 'PAID' ? [paidInFull] : [])).when(addItems([ask(tea, 1)])).thenThrows('ORDER_CLOSED'));

  it.each<OrderStatus>(['PENDING', 'CONFIRMED', 'PREPARING'])('while %s the items are simply added (the kitchen has not finished)', (status) =>
    given(orderAt(status)).when(addItems([ask(tea, 1)])).then([itemsAdded(line('L3', tea, 1))]));

  it.each<OrderStatus>(['READY', 'SERVED'])('to a %s order sends it back to CONFIRMED, so the new items reach the kitchen', (status) =>
    given(orderAt(status)).when(addItems([ask(tea, 1)])).then([itemsAdded(line('L3', tea, 1)), changed(status, 'CONFIRMED')]));

  it('follows the rules for lines: at least one, quantities 1 to 999, notes up to 200 characters', () => {
    given([placed]).when(addItems([])).thenThrows('NO_ITEMS');
    given([placed]).when(addItems([ask(tea, 0)])).thenThrows('INVALID_QUANTITY');
    given([placed]).when(addItems([ask(tea, 1000)])).thenThrows('INVALID_QUANTITY');
    given([placed]).when(addItems([ask(tea, 1, tooLong)])).thenThrows('NOTE_TOO_LONG');
  });

  it.each(byRole(FRONT_OF_HOUSE_ONLY))('a %s: %s', (role, outcome) =>
    outcome === 'allowed'
      ? given([placed]).when(addItems([ask(tea, 1)], role)).then([itemsAdded(line('L3', tea, 1))])
      : given([placed]).when(addItems([ask(tea, 1)], role)).thenThrows(outcome));

  it('refuses items that would make the total inexact', () =>
    given([placed]).when(addItems([ask({ ...pho, unitPriceMinor: Number.MAX_SAFE_INTEGER - 100, taxRateBps: 0 }, 1)])).thenThrows('AMOUNT_TOO_LARGE'));
});

describe('Replaying an order (evolve)', () => {
  it('keeps each state it produced unchanged', () => {
    const before = stateAfter([placed]);
    const snapshot = structuredClone(before);
    orderDecider.evolve(before, itemsAdded(line('L3', tea, 1)));
    orderDecider.evolve(before, { type: 'OrderItemVoided', data: { orderId: 'o_1', lineId: 'L1', reason: 'x', voidedBy: actor('waiter') } });
    orderDecider.evolve(before, paidInFull);
    expect(before).toEqual(snapshot);
  });

  it('the same history always gives the same state', () => expect(stateAfter(orderAt('SERVED', [paidInFull]))).toEqual(stateAfter(orderAt('SERVED', [paidInFull]))));
});
