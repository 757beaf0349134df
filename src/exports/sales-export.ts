import { retailSales, type SaleView } from '../projections/retail-sales';
import { field as anyField, fieldsOf } from './doc-fields';
import type { ExportDefinition } from './export-definition';

const { field, list } = fieldsOf<SaleView>();

/** One row per retail sale completed in the days asked for, in the order they were completed. */
export const salesExport: ExportDefinition = {
  kind: 'sales',
  sheetName: 'Sales',
  collection: retailSales,
  projection: 'retail-sales',
  rangeField: 'completedAt',
  columns: [
    { header: 'Receipt', type: 'text', value: field('receiptNo'), width: 16 },
    { header: 'Receipt no.', type: 'integer', value: field('receiptSeq') },
    { header: 'Sale', type: 'text', value: field('saleId'), width: 30 },
    { header: 'Completed at', type: 'datetime', value: field('completedAt'), width: 20 },
    { header: 'Lines', type: 'integer', value: (s) => list(s, 'lines').length },
    { header: 'Subtotal', type: 'money', value: field('subtotalMinor'), width: 16 },
    { header: 'Tax', type: 'money', value: field('taxMinor'), width: 16 },
    { header: 'Total', type: 'money', value: field('totalMinor'), width: 16 },
    { header: 'Refunded', type: 'money', value: field('refundedMinor'), width: 16 },
    { header: 'Payment methods', type: 'text', value: (s) => [...new Set(list(s, 'payments').map((p) => String(p.method)))].join(', '), width: 18 },
    { header: 'Sold by', type: 'text', value: (s) => (typeof s.soldBy === 'object' && s.soldBy !== null ? anyField(s.soldBy as Record<string, unknown>, 'userId') : null), width: 30 },
  ],
};
