import { reportDays, type ReportDay } from '../projections/daily-reports';
import { fieldsOf } from './doc-fields';
import type { ExportDefinition } from './export-definition';

const { field } = fieldsOf<ReportDay>();
const paid = (method: 'CASH' | 'CARD' | 'OTHER') => (day: Record<string, unknown>) => ((day.byPaymentMethod as Record<string, number> | undefined)?.[method] ?? 0);

/** One row per business day with trade (or a close) in the days asked for: the daily report's figures (X while open, Z once closed). */
export const dailyExport: ExportDefinition = {
  kind: 'daily',
  sheetName: 'Daily',
  collection: reportDays,
  projection: 'daily-reports',
  rangeField: 'date',
  rangeKind: 'date',
  columns: [
    { header: 'Business day', type: 'date', value: field('date'), width: 14 },
    { header: 'Status', type: 'text', value: field('status') },
    { header: 'Z no.', type: 'integer', value: field('zNumber') },
    { header: 'Orders and sales', type: 'integer', value: field('orders'), width: 16 },
    { header: 'Gross', type: 'money', value: field('grossMinor'), width: 16 },
    { header: 'Tax', type: 'money', value: field('taxMinor'), width: 16 },
    { header: 'Discounts', type: 'money', value: field('discountMinor'), width: 16 },
    { header: 'Refunds', type: 'money', value: field('refundMinor'), width: 16 },
    { header: 'Net', type: 'money', value: field('netMinor'), width: 16 },
    { header: 'Cash', type: 'money', value: paid('CASH'), width: 16 },
    { header: 'Card', type: 'money', value: paid('CARD'), width: 16 },
    { header: 'Other', type: 'money', value: paid('OTHER'), width: 16 },
    { header: 'Closed at', type: 'datetime', value: field('closedAt'), width: 20 },
  ],
};
