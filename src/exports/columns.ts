import type { Doc } from '../projections/read-store';

/** How a column's values are written: text, whole numbers, money, an instant, a calendar date. */
export type ColumnType = 'text' | 'integer' | 'money' | 'datetime' | 'date';

/**
 * A cell before formatting, by column type: text a string; integer a number; money an integer of
 * the currency's minor unit; datetime an ISO 8601 instant; date `YYYY-MM-DD`. null: empty.
 */
export type CellValue = string | number | null;

export interface Column {
  header: string;
  type: ColumnType;
  value: (doc: Doc) => CellValue;
  /** Width in characters (xlsx only). */
  width?: number;
}

/** What formatting depends on: the tenant's currency (and its minor-unit exponent) and time zone. */
export interface ExportContext {
  currency: string;
  /** Decimals of the currency's minor unit: VND 0, USD 2, KWD 3. */
  digits: number;
  timeZone: string;
}
