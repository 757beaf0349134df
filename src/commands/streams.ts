import { streamName, SYSTEM_PREFIX } from '../eventstore/stream-name';

/** Where each aggregate lives in the event store. */
export const streams = {
  subdomain: (subdomain: string) => `${SYSTEM_PREFIX}.subdomain-${subdomain}`,
  tenant: (tenantId: string) => streamName(tenantId, 'tenant', tenantId),
  session: (tenantId: string, sessionId: string) => streamName(tenantId, 'session', sessionId),
  catalogItem: (tenantId: string, itemId: string) => streamName(tenantId, 'catalogitem', itemId),
  /** Reservations keeping SKUs and barcodes unique within a tenant; the code is already normalised. */
  catalogSku: (tenantId: string, sku: string) => streamName(tenantId, 'catalogsku', sku),
  catalogBarcode: (tenantId: string, barcode: string) => streamName(tenantId, 'catalogbarcode', barcode),
  order: (tenantId: string, orderId: string) => streamName(tenantId, 'order', orderId),
  sale: (tenantId: string, saleId: string) => streamName(tenantId, 'sale', saleId),
  /** One per tenant: hands out receipt numbers. */
  receiptCounter: (tenantId: string) => streamName(tenantId, 'receiptcounter', tenantId),
  stockReceipt: (tenantId: string, receiptId: string) => streamName(tenantId, 'stockreceipt', receiptId),
  /** Adjustments and counts of one item. */
  stockItem: (tenantId: string, itemId: string) => streamName(tenantId, 'stockitem', itemId),
  /** One per tenant: the closed business days (Z reports). */
  businessDays: (tenantId: string) => streamName(tenantId, 'businessdays', tenantId),
};
