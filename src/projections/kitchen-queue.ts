import { tenantOfStream } from '../eventstore/stream-name';
import type { RecordedEvent } from '../eventstore/types';
import type { OrderEvent, OrderStatus } from '../domain/restaurant/order-messages';
import type { Projection } from './projection';
import type { CollectionSpec } from './read-store';

/** Orders as the kitchen sees them; `inQueue` while CONFIRMED, PREPARING or READY. */
export const kitchenOrders: CollectionSpec = { name: 'kitchen_orders', indexes: [['inQueue', 'placedAt']] };
/** Per tenant, the position of the last `kitchen.updated` of each station (the displays' gap check). */
export const kitchenStations: CollectionSpec = { name: 'kitchen_stations' };
const STATIONS_DOC = 'stations';

/** Items without a station in the catalog are cooked at this one. */
export const DEFAULT_STATION = 'kitchen';
const IN_QUEUE: readonly OrderStatus[] = ['CONFIRMED', 'PREPARING', 'READY'];

export type KitchenLine = { lineId: string; itemId: string; name: string; quantity: number; note: string | null; station: string; voided: boolean };

export type KitchenOrder = {
  orderId: string;
  table: string | null;
  note: string | null;
  status: OrderStatus;
  placedAt: string;
  inQueue: boolean;
  lines: KitchenLine[];
  revision: string;
};

export type KitchenTicket = Omit<KitchenOrder, 'lines' | 'inQueue'> & { items: KitchenLine[] };

const toLines = (lines: { lineId: string; itemId: string; name: string; quantity: number; note: string | null; station: string | null }[]): KitchenLine[] =>
  lines.map(({ lineId, itemId, name, quantity, note, station }) => ({ lineId, itemId, name, quantity, note, station: station ?? DEFAULT_STATION, voided: false }));

/** The kitchen's view after one event. A voided line stays on the ticket, marked, until the ticket is bumped. */
export function evolveKitchenOrder(order: KitchenOrder | undefined, event: OrderEvent): KitchenOrder | undefined {
  if (event.type === 'OrderPlaced') {
    const { orderId, table, note, lines, placedAt } = event.data;
    return { orderId, table, note, status: 'PENDING', placedAt, inQueue: false, lines: toLines(lines), revision: '' };
  }
  if (!order) return undefined;
  switch (event.type) {
    case 'OrderItemsAdded':
      return { ...order, lines: [...order.lines, ...toLines(event.data.lines)] };
    case 'OrderItemVoided':
      return { ...order, lines: order.lines.map((l) => (l.lineId === event.data.lineId ? { ...l, voided: true } : l)) };
    case 'OrderStatusChanged':
      return { ...order, status: event.data.to, inQueue: IN_QUEUE.includes(event.data.to), lines: order.lines.filter((l) => !l.voided) };
    case 'OrderCancelled':
      return { ...order, status: 'CANCELLED', inQueue: false };
    case 'PaymentRecorded':
      return order;
  }
}

/** The ticket one station sees: the order with only that station's lines (all lines without a station filter). */
export function ticketFor(order: KitchenOrder, station?: string): KitchenTicket | undefined {
  const items = station ? order.lines.filter((l) => l.station === station) : order.lines;
  if (station && items.length === 0) return undefined;
  // Field by field: a spread copy that gains a field gets a hidden class of its own (with-fields.ts).
  const { orderId, table, note, status, placedAt, revision } = order;
  return { orderId, table, note, status, placedAt, revision, items };
}

/** A station's last push position; own keys only, so a station named `__proto__` or `constructor` is just a name. */
export const positionOf = (positions: Record<string, string>, station: string): string => (Object.hasOwn(positions, station) ? positions[station]! : '0');
const stationsOf = (order: KitchenOrder | undefined) => new Set(order?.lines.map((l) => l.station) ?? []);
const tenantOf = (event: RecordedEvent) => tenantOfStream(event.stream);
const orderIdOf = (event: RecordedEvent) => event.data.orderId as string;

export const kitchenQueueProjection: Projection = {
  name: 'kitchen-queue',
  eventTypes: ['OrderPlaced', 'OrderItemsAdded', 'OrderItemVoided', 'OrderStatusChanged', 'OrderCancelled'],
  collections: [kitchenOrders, kitchenStations],
  documentsFor: (event) => [
    { collection: kitchenOrders, tenantId: tenantOf(event), id: orderIdOf(event) },
    { collection: kitchenStations, tenantId: tenantOf(event), id: STATIONS_DOC },
  ],
  apply(event, view) {
    const tenantId = tenantOf(event);
    const before = view.get(kitchenOrders, tenantId, orderIdOf(event)) as KitchenOrder | undefined;
    const evolved = evolveKitchenOrder(before, { type: event.type, data: event.data } as OrderEvent);
    if (!evolved) throw new Error(`${event.type} for unknown order ${orderIdOf(event)}`);
    const after = { ...evolved, revision: event.revision.toString() };
    view.put(kitchenOrders, tenantId, after.orderId, after);
    if (!before?.inQueue && !after.inQueue) return; // the kitchen never saw it, and still does not

    // One push per station the ticket is or was on, chained by that station's previous push.
    const position = event.position.toString();
    const stations = (view.get(kitchenStations, tenantId, STATIONS_DOC)?.positions ?? {}) as Record<string, string>;
    const touched = new Set([...stationsOf(before), ...stationsOf(after)]);
    for (const station of touched) {
      // A station whose lines all left the ticket gets it with no items: its displays drop it.
      const ticket = ticketFor(after, station) ?? { ...ticketFor(after)!, items: [] };
      view.publish({ namespace: '/restaurant', tenantId, station, event: 'kitchen.updated', payload: { position, previousPosition: positionOf(stations, station), station, orders: [ticket] } });
    }
    view.put(kitchenStations, tenantId, STATIONS_DOC, { positions: { ...stations, ...Object.fromEntries([...touched].map((s) => [s, position])) } });
  },
};
