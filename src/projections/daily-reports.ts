import { openBusinessDay, type BusinessDay } from '../domain/reports/business-day';
import { addDays } from '../domain/time-zone';
import type { BusinessDaysEvent } from '../domain/reports/business-days';
import { PAYMENT_METHODS, type OrderEvent, type PaymentMethod } from '../domain/restaurant/order-messages';
import type { SaleEvent } from '../domain/retail/sale-messages';
import { tenantOfStream } from '../eventstore/stream-name';
import type { RecordedEvent } from '../eventstore/types';
import type { Projection, ProjectionView } from './projection';
import type { CollectionSpec, DocKey } from './read-store';
import { withFields } from '../domain/with-fields';

/**
 * Daily sales per business day (the X report while the day is open, the Z report once closed):
 * restaurant orders count when they are paid in full, retail sales when rung up; payments count
 * on the day they are taken, returns on the day they are made. Every event counts in the business
 * day its command recorded (metadata.businessDay), or — if that day closed meanwhile — the next.
 */
export const reportDays: CollectionSpec = { name: 'report_days', indexes: [['date']] };
/** Items sold per day, spread over a few documents per day so no one document holds them all. */
export const reportDayItems: CollectionSpec = { name: 'report_day_items', indexes: [['date']] };
/** The closed days so far (one document per tenant). */
export const reportTenants: CollectionSpec = { name: 'report_tenants' };
/** The lines of restaurant orders not yet paid or cancelled (what a PAID order adds to its day). */
export const reportOpenOrders: CollectionSpec = { name: 'report_open_orders' };

export const ITEM_BUCKETS = 16;

export type ReportFigures = {
  orders: number;
  grossMinor: number;
  taxMinor: number;
  discountMinor: number;
  refundMinor: number;
  netMinor: number;
  byPaymentMethod: Record<PaymentMethod, number>;
  /** Index = local hour 0–23: orders and gross in that hour. */
  byHour: { hour: number; orders: number; grossMinor: number }[];
};

export type ReportDay = ReportFigures & {
  date: string;
  status: 'OPEN' | 'CLOSED';
  zNumber: number | null;
  closedAt: string | null;
  currency: string | null;
  position: string;
};

export type ItemFigures = { name: string; quantity: number; revenueMinor: number };
type ItemBucket = { date: string; bucket: number; items: Record<string, ItemFigures> };
type OpenOrder = { currency: string; lines: { lineId: string; itemId: string; name: string; quantity: number; taxMinor: number; totalMinor: number }[]; voided: string[] };
type TenantDays = { lastClosed: string | null };

export function emptyFigures(): ReportFigures {
  return {
    orders: 0,
    grossMinor: 0,
    taxMinor: 0,
    discountMinor: 0,
    refundMinor: 0,
    netMinor: 0,
    byPaymentMethod: Object.fromEntries(PAYMENT_METHODS.map((m) => [m, 0])) as Record<PaymentMethod, number>,
    byHour: Array.from({ length: 24 }, (_, hour) => ({ hour, orders: 0, grossMinor: 0 })),
  };
}

export const bucketOf = (itemId: string): number => {
  let h = 0;
  for (let i = 0; i < itemId.length; i++) h = (h * 31 + itemId.charCodeAt(i)) >>> 0;
  return h % ITEM_BUCKETS;
};
export const bucketId = (date: string, bucket: number): string => `${date}|${bucket}`;

const EVENT_TYPES = [
  'SaleCompleted',
  'SaleItemsReturned',
  'OrderPlaced',
  'OrderItemsAdded',
  'OrderItemVoided',
  'OrderStatusChanged',
  'OrderCancelled',
  'PaymentRecorded',
  'BusinessDayClosed',
] as const;
const ORDER_LINE_EVENTS = new Set(['OrderPlaced', 'OrderItemsAdded', 'OrderItemVoided', 'OrderCancelled']);

const tenantOf = (event: RecordedEvent) => tenantOfStream(event.stream);
const isPaid = (event: RecordedEvent) => event.type === 'OrderStatusChanged' && event.data.to === 'PAID';

/** The business day its command recorded; an event without one counts on its UTC day. */
export function recordedBusinessDay(event: RecordedEvent): BusinessDay {
  const day = event.metadata.businessDay as BusinessDay | undefined;
  return day ?? { date: event.created.slice(0, 10), hour: Number(event.created.slice(11, 13)) };
}

/** The items an event moves (sales and returns name theirs; a paid order's are in its open-order document). */
function itemIdsOf(event: RecordedEvent): string[] | 'all' {
  if (event.type === 'SaleCompleted' || event.type === 'SaleItemsReturned') return (event.data.lines as { itemId: string }[]).map((l) => l.itemId);
  return isPaid(event) ? 'all' : [];
}

function keysFor(event: RecordedEvent): DocKey[] {
  const tenantId = tenantOf(event);
  const key = (collection: CollectionSpec, id: string): DocKey => ({ collection, tenantId, id });
  if (event.type === 'BusinessDayClosed') return [key(reportTenants, 'days'), key(reportDays, event.data.date as string)];
  const orderKey = event.stream.includes('.order-') ? [key(reportOpenOrders, event.data.orderId as string)] : [];
  // A move other than to PAID changes nothing the reports hold: no document to load.
  if (event.type === 'OrderStatusChanged' && !isPaid(event)) return [];
  if (ORDER_LINE_EVENTS.has(event.type)) return orderKey;
  // The recorded day, and the next one in case the recorded day was closed before the event landed.
  const { date } = recordedBusinessDay(event);
  const dates = [date, addDays(date, 1)];
  const items = itemIdsOf(event);
  const buckets = items === 'all' ? Array.from({ length: ITEM_BUCKETS }, (_, b) => b) : [...new Set(items.map(bucketOf))];
  return [
    key(reportTenants, 'days'),
    ...orderKey,
    ...dates.map((d) => key(reportDays, d)),
    ...dates.flatMap((d) => buckets.map((b) => key(reportDayItems, bucketId(d, b)))),
  ];
}

const withNet = (day: ReportDay): ReportDay => withFields(day, { netMinor: day.grossMinor - day.discountMinor - day.refundMinor });

function newDay(date: string, position: string): ReportDay {
  return { date, status: 'OPEN', zNumber: null, closedAt: null, currency: null, ...emptyFigures(), position };
}

/** Applies one event's money to its day and items. */
class DayWriter {
  private readonly tenantId: string;
  readonly day: BusinessDay;
  private report: ReportDay;

  constructor(
    private readonly view: ProjectionView,
    event: RecordedEvent,
  ) {
    this.tenantId = tenantOf(event);
    const recorded = recordedBusinessDay(event);
    const days = view.get(reportTenants, this.tenantId, 'days') as TenantDays | undefined;
    this.day = openBusinessDay(recorded, days?.lastClosed ?? null);
    if (this.day.date !== recorded.date && this.day.date !== addDays(recorded.date, 1)) {
      throw new Error(`recorded for ${recorded.date}, which closed before ${days?.lastClosed}: no open day within reach`);
    }
    const position = event.position.toString();
    this.report = { ...((view.get(reportDays, this.tenantId, this.day.date) as ReportDay | undefined) ?? newDay(this.day.date, position)), position };
  }

  change(update: (day: ReportDay) => Partial<ReportDay>): void {
    this.report = withNet(withFields(this.report, update(this.report)) as ReportDay);
  }

  hourly(orders: number, grossMinor: number): void {
    const byHour = this.report.byHour.map((h) => (h.hour === this.day.hour ? withFields(h, { orders: h.orders + orders, grossMinor: h.grossMinor + grossMinor }) : h));
    this.change(() => ({ byHour }));
  }

  paid(method: PaymentMethod, amountMinor: number): void {
    this.change((d) => ({ byPaymentMethod: { ...d.byPaymentMethod, [method]: d.byPaymentMethod[method] + amountMinor } }));
  }

  item(itemId: string, name: string, quantity: number, revenueMinor: number): void {
    const id = bucketId(this.day.date, bucketOf(itemId));
    const bucket = (this.view.get(reportDayItems, this.tenantId, id) as ItemBucket | undefined) ?? { date: this.day.date, bucket: bucketOf(itemId), items: {} };
    const was = bucket.items[itemId] ?? { name, quantity: 0, revenueMinor: 0 };
    const items = withFields(bucket.items, { [itemId]: { name: was.name || name || itemId, quantity: was.quantity + quantity, revenueMinor: was.revenueMinor + revenueMinor } });
    this.view.put(reportDayItems, this.tenantId, id, withFields(bucket, { items }));
  }

  save(): void {
    this.view.put(reportDays, this.tenantId, this.day.date, this.report);
  }
}

function applySale(event: SaleEvent, writer: DayWriter): void {
  if (event.type === 'SaleCompleted') {
    const { totalMinor, taxMinor, payments, lines, terms } = event.data;
    writer.change((d) => ({ currency: d.currency ?? terms.currency, orders: d.orders + 1, grossMinor: d.grossMinor + totalMinor, taxMinor: d.taxMinor + taxMinor }));
    writer.hourly(1, totalMinor);
    for (const p of payments) writer.paid(p.method, p.amountMinor);
    for (const l of lines) writer.item(l.itemId, l.name, l.quantity, l.totalMinor);
  } else {
    const { refundMinor, taxMinor, lines } = event.data;
    writer.change((d) => ({ refundMinor: d.refundMinor + refundMinor, taxMinor: d.taxMinor - taxMinor }));
    for (const l of lines) writer.item(l.itemId, '', -l.quantity, -l.refundMinor);
  }
}

function applyPaidOrder(order: OpenOrder, writer: DayWriter): void {
  const lines = order.lines.filter((l) => !order.voided.includes(l.lineId));
  const gross = lines.reduce((s, l) => s + l.totalMinor, 0);
  const tax = lines.reduce((s, l) => s + l.taxMinor, 0);
  writer.change((d) => ({ currency: d.currency ?? order.currency, orders: d.orders + 1, grossMinor: d.grossMinor + gross, taxMinor: d.taxMinor + tax }));
  writer.hourly(1, gross);
  for (const l of lines) writer.item(l.itemId, l.name, l.quantity, l.totalMinor);
}

/** Keeps the lines of an open order; forgets the order once it is paid or cancelled. */
function applyOrderLines(event: OrderEvent, view: ProjectionView, tenantId: string): void {
  const id = event.data.orderId;
  const open = view.get(reportOpenOrders, tenantId, id) as OpenOrder | undefined;
  const slim = (lines: Extract<OrderEvent, { type: 'OrderPlaced' }>['data']['lines']) =>
    lines.map(({ lineId, itemId, name, quantity, taxMinor, totalMinor }) => ({ lineId, itemId, name, quantity, taxMinor, totalMinor }));
  switch (event.type) {
    case 'OrderPlaced':
      view.put(reportOpenOrders, tenantId, id, { currency: event.data.terms.currency, lines: slim(event.data.lines), voided: [] });
      return;
    case 'OrderItemsAdded':
      if (open) view.put(reportOpenOrders, tenantId, id, { ...open, lines: [...open.lines, ...slim(event.data.lines)] });
      return;
    case 'OrderItemVoided':
      if (open) view.put(reportOpenOrders, tenantId, id, { ...open, voided: [...open.voided, event.data.lineId] });
      return;
    case 'OrderCancelled':
      view.delete(reportOpenOrders, tenantId, id);
      return;
    default:
      return;
  }
}

export const dailyReportsProjection: Projection = {
  name: 'daily-reports',
  eventTypes: EVENT_TYPES,
  collections: [reportDays, reportDayItems, reportTenants, reportOpenOrders],
  documentsFor: keysFor,
  apply(event, view) {
    const tenantId = tenantOf(event);
    if (event.type === 'BusinessDayClosed') {
      const { date, zNumber, closedAt } = event.data as BusinessDaysEvent['data'];
      const day = (view.get(reportDays, tenantId, date) as ReportDay | undefined) ?? newDay(date, event.position.toString());
      view.put(reportDays, tenantId, date, { ...day, status: 'CLOSED', zNumber, closedAt, position: event.position.toString() });
      view.put(reportTenants, tenantId, 'days', { lastClosed: date });
      return;
    }
    if (event.type === 'OrderStatusChanged' && !isPaid(event)) return;
    if (ORDER_LINE_EVENTS.has(event.type)) {
      applyOrderLines({ type: event.type, data: event.data } as OrderEvent, view, tenantId);
      return;
    }
    const writer = new DayWriter(view, event);
    if (event.type === 'SaleCompleted' || event.type === 'SaleItemsReturned') {
      applySale({ type: event.type, data: event.data } as SaleEvent, writer);
    } else if (event.type === 'PaymentRecorded') {
      writer.paid(event.data.method as PaymentMethod, event.data.amountMinor as number);
    } else {
      const order = view.get(reportOpenOrders, tenantId, event.data.orderId as string) as OpenOrder | undefined;
      if (!order) throw new Error(`PAID for unknown order ${String(event.data.orderId)}`);
      applyPaidOrder(order, writer);
      view.delete(reportOpenOrders, tenantId, event.data.orderId as string);
    }
    writer.save();
  },
};
