import type { CollectionSpec, Doc } from '../projections/read-store';
import type { Column } from './columns';

export const EXPORT_KINDS = ['orders', 'sales', 'stock', 'daily'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** One export: which read model it reads, in what order, and its columns. */
export interface ExportDefinition {
  kind: ExportKind;
  sheetName: string;
  collection: CollectionSpec;
  /** The projection writing that collection (what `minPosition` waits for). */
  projection: string;
  /**
   * The instant field (ISO 8601, indexed alone) that `from`/`to` days select and the rows are
   * ordered by. Absent: the export is the current state, every document in id order, and takes no days.
   */
  rangeField?: string;
  /** What `rangeField` holds: an instant (the default) or a business day's date (`YYYY-MM-DD`), which the days select as they are. */
  rangeKind?: 'instant' | 'date';
  /** Leaves documents out (the scan reads them all, in pages). */
  include?: (doc: Doc) => boolean;
  columns: readonly Column[];
}
