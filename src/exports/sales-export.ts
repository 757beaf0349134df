import { retailSales } from '../projections/retail-sales';
import { field, list } from './doc-fields';
import type { ExportDefinition } from './export-definition';

/** One row per retail sale completed in the days asked for, in the order they were completed. */
export const salesExport: ExportDefinition = {
  kind: 'sales',
  sheetName: 'Sales',
  collection: retailSales,
  projection: 'retail-sales',
  rangeField: 'completedAt',
  columns: [
    { header: 'Receipt', type: 'text', value: (s) => field(s, 'receiptLabel'), width: 16 },
    { header: 'Receipt no.', type: 'integer', value: (s) => field(s, 'receiptNo') },
    { header: 'Sale', type: 'text', value: (s) => field(s, 'saleId'), width: 30 },
    { header: 'Completed at', type: 'datetime', value: (s) => field(s, 'completedAt'), width: 20 },
    { header: 'Lines', type: 'integer', value: (s) => list(s, 'lines').length },
    { header: 'Subtotal', type: 'money', value: (s) => field(s, 'subtotalMinor'), width: 16 },
    { header: 'Tax', type: 'money', value: (s) => field(s, 'taxMinor'), width: 16 },
    { header: 'Total', type: 'money', value: (s) => field(s, 'totalMinor'), width: 16 },
    { header: 'Refunded', type: 'money', value: (s) => field(s, 'refundedMinor'), width: 16 },
    { header: 'Payment methods', type: 'text', value: (s) => [...new Set(list(s, 'payments').map((p) => String(p.method)))].join(', '), width: 18 },
    { header: 'Sold by', type: 'text', value: (s) => (typeof s.soldBy === 'object' && s.soldBy !== null ? field(s.soldBy as Record<string, unknown>, 'userId') : null), width: 30 },
  ],
};
