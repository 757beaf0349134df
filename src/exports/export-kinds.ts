import type { ExportDefinition, ExportKind } from './export-definition';
import { ordersExport } from './orders-export';
import { salesExport } from './sales-export';
import { stockExport } from './stock-export';

/**
 * Every export by kind. `daily` (one row per business day: the daily report's figures) waits for
 * the reports read model: until it exists it is undefined here, and asking for it answers
 * 404 EXPORT_NOT_AVAILABLE. Adding it is one definition with `rangeField` on the day.
 */
export const EXPORTS: Readonly<Record<ExportKind, ExportDefinition | undefined>> = {
  orders: ordersExport,
  sales: salesExport,
  stock: stockExport,
  daily: undefined,
};
