import type { Doc } from '../projections/read-store';

/** Writes one export's rows to its output, a page at a time, honouring the output's back-pressure. */
export interface SheetWriter {
  /** Writes the rows of one page; resolves when the output can take more (rejects once `signal` aborts). */
  writePage(docs: readonly Doc[]): Promise<void>;
  /** Ends the file; resolves when the output has taken all of it. */
  finish(): Promise<void>;
}
