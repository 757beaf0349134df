import { tenantOfStream } from '../eventstore/stream-name';
import type { RecordedEvent } from '../eventstore/types';
import type { OrderEvent, OrderLine, OrderStatus, PaymentMethod } from '../domain/restaurant/order-messages';
import type { Projection } from './projection';
import type { CollectionSpec } from './read-store';
import { withFields } from '../domain/with-fields';

/** One document per order, for the order screen, the open orders of a table and exports (by placedAt). */
export const restaurantOrders: CollectionSpec = { name: 'restaurant_orders', indexes: [['open', 'table'], ['open', 'placedAt'], ['placedAt']] };

export type OrderItemView = OrderLine & { voided: boolean; voidReason: string | null };

export type OrderView = {
  orderId: string;
  table: string | null;
  note: string | null;
  status: OrderStatus;
  open: boolean;
  currency: string;
  items: OrderItemView[];
  totalMinor: number;
  paidMinor: number;
  dueMinor: number;
  payments: { paymentId: string; method: PaymentMethod; amountMinor: number; tenderedMinor: number | null; changeMinor: number }[];
  placedAt: string;
  revision: string;
  position: string;
};

const CLOSED: readonly OrderStatus[] = ['PAID', 'CANCELLED'];
export const ORDER_EVENT_TYPES = ['OrderPlaced', 'OrderItemsAdded', 'OrderItemVoided', 'OrderStatusChanged', 'OrderCancelled', 'PaymentRecorded'] as const;

const asOrderEvent = (event: RecordedEvent) => ({ type: event.type, data: event.data }) as OrderEvent;

function withTotals(order: OrderView): OrderView {
  const totalMinor = order.items.filter((i) => !i.voided).reduce((sum, i) => sum + i.totalMinor, 0);
  const paidMinor = order.payments.reduce((sum, p) => sum + p.amountMinor, 0);
  return { ...order, totalMinor, paidMinor, dueMinor: Math.max(0, totalMinor - paidMinor), open: !CLOSED.includes(order.status) };
}

/** The order after one event; `undefined` before it was placed. */
export function evolveOrderView(order: OrderView | undefined, event: OrderEvent): OrderView | undefined {
  if (event.type === 'OrderPlaced') {
    const { orderId, table, note, lines, terms, placedAt } = event.data;
    const items = lines.map((l) => withFields(l, { voided: false, voidReason: null }));
    return withTotals({ orderId, table, note, status: 'PENDING', open: true, currency: terms.currency, items, totalMinor: 0, paidMinor: 0, dueMinor: 0, payments: [], placedAt, revision: '', position: '' });
  }
  if (!order) return undefined;
  switch (event.type) {
    case 'OrderItemsAdded':
      return withTotals({ ...order, items: [...order.items, ...event.data.lines.map((l) => withFields(l, { voided: false, voidReason: null }))] });
    case 'OrderItemVoided':
      return withTotals({ ...order, items: order.items.map((i) => (i.lineId === event.data.lineId ? { ...i, voided: true, voidReason: event.data.reason } : i)) });
    case 'OrderStatusChanged':
      return withTotals({ ...order, status: event.data.to });
    case 'OrderCancelled':
      return withTotals({ ...order, status: 'CANCELLED' });
    case 'PaymentRecorded': {
      const { paymentId, method, amountMinor, tenderedMinor, changeMinor } = event.data;
      return withTotals({ ...order, payments: [...order.payments, { paymentId, method, amountMinor, tenderedMinor, changeMinor }] });
    }
  }
}

const tenantOf = (event: RecordedEvent) => tenantOfStream(event.stream);
const orderIdOf = (event: RecordedEvent) => event.data.orderId as string;

export const restaurantOrdersProjection: Projection = {
  name: 'restaurant-orders',
  eventTypes: ORDER_EVENT_TYPES,
  collections: [restaurantOrders],
  documentsFor: (event) => [{ collection: restaurantOrders, tenantId: tenantOf(event), id: orderIdOf(event) }],
  apply(event, view) {
    const tenantId = tenantOf(event);
    const current = view.get(restaurantOrders, tenantId, orderIdOf(event)) as OrderView | undefined;
    const next = evolveOrderView(current, asOrderEvent(event));
    if (!next) throw new Error(`${event.type} for unknown order ${orderIdOf(event)}`);
    const order = { ...next, revision: event.revision.toString(), position: event.position.toString() };
    view.put(restaurantOrders, tenantId, order.orderId, order);
    view.publish({ namespace: '/restaurant', tenantId, event: event.type === 'OrderPlaced' ? 'order.placed' : 'order.updated', payload: { position: order.position, order } });
  },
};
