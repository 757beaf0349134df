import type { OrderEvent, OrderLine } from '../../src/domain/restaurant/order-messages';
import { DEFAULT_STATION, evolveKitchenOrder, ticketFor, type KitchenOrder } from '../../src/projections/kitchen-queue';

const line = (lineId: string, station: string | null, name = lineId): OrderLine => ({
  lineId,
  itemId: `i_${lineId}`,
  name,
  station,
  quantity: 1,
  note: null,
  unitPriceMinor: 100,
  taxRateBps: 0,
  netMinor: 100,
  taxMinor: 0,
  totalMinor: 100,
});

const fold = (events: OrderEvent[]) => events.reduce<KitchenOrder | undefined>(evolveKitchenOrder, undefined)!;
const placed: OrderEvent = {
  type: 'OrderPlaced',
  data: { orderId: 'o_1', table: '4', note: null, lines: [line('L1', 'grill'), line('L2', 'bar'), line('L3', null)], terms: { currency: 'USD', taxInclusive: false }, placedAt: '2026-11-25T10:00:00.000Z' },
};
const to = (from: string, status: string): OrderEvent => ({ type: 'OrderStatusChanged', data: { orderId: 'o_1', from, to: status } as never });

describe('kitchen queue read model', () => {
  it('a placed order waits outside the queue until confirmed, then shows per station', () => {
    expect(fold([placed]).inQueue).toBe(false);
    const confirmed = fold([placed, to('PENDING', 'CONFIRMED')]);
    expect(confirmed.inQueue).toBe(true);
    expect(ticketFor(confirmed, 'grill')!.items.map((i) => i.lineId)).toEqual(['L1']);
    expect(ticketFor(confirmed, 'pastry')).toBeUndefined();
    expect(ticketFor(confirmed)!.items).toHaveLength(3);
  });

  it('items without a station go to the default one', () => {
    expect(ticketFor(fold([placed, to('PENDING', 'CONFIRMED')]), DEFAULT_STATION)!.items.map((i) => i.lineId)).toEqual(['L3']);
  });

  it('a voided item shows as voided until the ticket is bumped', () => {
    const voided: OrderEvent = { type: 'OrderItemVoided', data: { orderId: 'o_1', lineId: 'L1', reason: 'guest changed mind', voidedBy: { userId: 'u', role: 'manager' } } };
    const before = fold([placed, to('PENDING', 'CONFIRMED'), voided]);
    expect(ticketFor(before, 'grill')!.items).toEqual([expect.objectContaining({ lineId: 'L1', voided: true })]);
    const bumped = fold([placed, to('PENDING', 'CONFIRMED'), voided, to('CONFIRMED', 'PREPARING')]);
    expect(ticketFor(bumped, 'grill')).toBeUndefined();
    expect(ticketFor(bumped)!.items.map((i) => i.lineId)).toEqual(['L2', 'L3']);
  });

  it('leaves the queue when served or cancelled', () => {
    expect(fold([placed, to('PENDING', 'CONFIRMED'), to('CONFIRMED', 'PREPARING'), to('PREPARING', 'READY')]).inQueue).toBe(true);
    expect(fold([placed, to('PENDING', 'CONFIRMED'), to('CONFIRMED', 'PREPARING'), to('PREPARING', 'READY'), to('READY', 'SERVED')]).inQueue).toBe(false);
    expect(fold([placed, to('PENDING', 'CONFIRMED'), { type: 'OrderCancelled', data: { orderId: 'o_1', from: 'CONFIRMED', reason: 'left' } }]).inQueue).toBe(false);
  });
});
