import { dailyExport } from './daily-export';
import type { ExportDefinition, ExportKind } from './export-definition';
import { ordersExport } from './orders-export';
import { salesExport } from './sales-export';
import { stockExport } from './stock-export';

/** Every export by kind (an undefined one would answer 404 EXPORT_NOT_AVAILABLE). */
export const EXPORTS: Readonly<Record<ExportKind, ExportDefinition | undefined>> = {
  orders: ordersExport,
  sales: salesExport,
  stock: stockExport,
  daily: dailyExport,
};
