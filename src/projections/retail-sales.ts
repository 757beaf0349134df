import type { PaymentMethod } from '../domain/restaurant/order-messages';
import type { Approval, RetailActor, SaleEvent, SaleLine, SalePayment } from '../domain/retail/sale-messages';
import { tenantOfStream } from '../eventstore/stream-name';
import type { RecordedEvent } from '../eventstore/types';
import type { Projection } from './projection';
import type { CollectionSpec } from './read-store';

/** One document per sale with its returns: look-up by id and by receipt number, exports by time. */
export const retailSales: CollectionSpec = { name: 'retail_sales', indexes: [['receiptSeq'], ['completedAt']] };

/** A return as the sale shows it: the event's data without the sale's id. */
export type SaleReturnView = Omit<Extract<SaleEvent, { type: 'SaleItemsReturned' }>['data'], 'saleId'>;

export type SaleView = {
  saleId: string;
  /** As printed: `R-000123`. */
  receiptNo: string;
  /** The number alone, for look-ups and ordering. */
  receiptSeq: number;
  currency: string;
  lines: (SaleLine & { returnedQuantity: number })[];
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
  refundedMinor: number;
  payments: { method: PaymentMethod; amountMinor: number; tenderedMinor: number | null }[];
  changeMinor: number;
  soldBy: RetailActor;
  approvedBy: Approval | null;
  returns: SaleReturnView[];
  completedAt: string;
  revision: string;
  position: string;
};

const SALE_EVENT_TYPES = ['SaleCompleted', 'SaleItemsReturned'] as const;

/** The sale after one event; `undefined` before it was completed. */
export function evolveSaleView(sale: SaleView | undefined, event: SaleEvent): SaleView | undefined {
  if (event.type === 'SaleCompleted') {
    const { saleId, receiptNo, receiptLabel, terms, lines, subtotalMinor, taxMinor, totalMinor, payments, changeMinor, soldBy, approvedBy, completedAt } = event.data;
    return {
      saleId,
      receiptNo: receiptLabel,
      receiptSeq: receiptNo,
      currency: terms.currency,
      lines: lines.map((l) => ({ ...l, returnedQuantity: 0 })),
      subtotalMinor,
      taxMinor,
      totalMinor,
      refundedMinor: 0,
      payments: payments.map((p: SalePayment) => ({ ...p })),
      changeMinor,
      soldBy,
      approvedBy,
      returns: [],
      completedAt,
      revision: '',
      position: '',
    };
  }
  if (!sale) return undefined;
  const { saleId: _saleId, ...returned } = event.data;
  return {
    ...sale,
    lines: sale.lines.map((line) => ({ ...line, returnedQuantity: line.returnedQuantity + returned.lines.filter((r) => r.lineId === line.lineId).reduce((n, r) => n + r.quantity, 0) })),
    refundedMinor: sale.refundedMinor + returned.refundMinor,
    returns: [...sale.returns, returned],
  };
}

const tenantOf = (event: RecordedEvent) => tenantOfStream(event.stream);
const saleIdOf = (event: RecordedEvent) => event.data.saleId as string;

export const retailSalesProjection: Projection = {
  name: 'retail-sales',
  eventTypes: SALE_EVENT_TYPES,
  collections: [retailSales],
  documentsFor: (event) => [{ collection: retailSales, tenantId: tenantOf(event), id: saleIdOf(event) }],
  apply(event, view) {
    const tenantId = tenantOf(event);
    const current = view.get(retailSales, tenantId, saleIdOf(event)) as SaleView | undefined;
    const next = evolveSaleView(current, { type: event.type, data: event.data } as SaleEvent);
    if (!next) throw new Error(`${event.type} for unknown sale ${saleIdOf(event)}`);
    const sale = { ...next, revision: event.revision.toString(), position: event.position.toString() };
    view.put(retailSales, tenantId, sale.saleId, sale);
    if (event.type === 'SaleCompleted') {
      const { saleId, receiptNo, totalMinor } = sale;
      view.publish({ namespace: '/retail', tenantId, event: 'sale.completed', payload: { position: sale.position, saleId, totalMinor, receiptNo } });
    } else {
      const latest = sale.returns[sale.returns.length - 1]!;
      view.publish({ namespace: '/retail', tenantId, event: 'sale.returned', payload: { position: sale.position, saleId: sale.saleId, returnId: latest.returnId, refundMinor: latest.refundMinor } });
    }
  },
};
