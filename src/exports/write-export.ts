import { performance } from 'node:perf_hooks';
import type { Writable } from 'node:stream';
import type { ReadStore } from '../projections/read-store';
import type { ExportContext } from './columns';
import { createCsvWriter } from './csv-writer';
import type { ExportDefinition, ExportFormat } from './export-definition';
import { scanOptions, type ExportDays } from './export-request';
import type { SheetWriter } from './sheet-writer';
import { createXlsxWriter } from './xlsx-writer';
import { zone } from '../domain/time-zone';

export interface ExportRun {
  readStore: ReadStore;
  definition: ExportDefinition;
  tenantId: string;
  days: ExportDays | undefined;
  context: ExportContext;
  format: ExportFormat;
  out: Writable;
  /** Aborting it (the client went away, the server stops) stops the scan at the next page. */
  signal: AbortSignal;
  /** Told the rows written so far, after each page. */
  onRows?: (rows: number) => void;
  batchSize?: number;
}

const SLICE = 50;
const SLICE_BUDGET_MS = 4;

function sheetWriter(run: ExportRun): SheetWriter {
  const { out, definition, context, signal } = run;
  return run.format === 'csv' ? createCsvWriter(out, definition.columns, context, signal) : createXlsxWriter(out, definition.columns, context, signal, { sheetName: definition.sheetName });
}

/**
 * Streams one tenant's export from its read model to `out`: a page of documents is read, written
 * and let go before the next is read, each write waiting while the output is behind, so memory
 * holds about a page whatever the size. Answers the number of rows written.
 */
export async function writeExport(run: ExportRun): Promise<number> {
  const { readStore, definition, tenantId, signal } = run;
  const writer = sheetWriter(run);
  const options = scanOptions(definition, run.days, zone(run.context.timeZone), run.batchSize);
  let rows = 0;
  let since = performance.now();
  for await (const page of readStore.scan(definition.collection, tenantId, options)) {
    if (signal.aborted) throw signal.reason;
    const docs = definition.include ? page.filter(definition.include) : page;
    // Formatting is synchronous (an xlsx row costs tens of microseconds): slices of a page, with a
    // turn of the event loop once a few milliseconds have gone, keep other requests answered.
    for (let at = 0; at < docs.length; at += SLICE) {
      await writer.writePage(docs.slice(at, at + SLICE));
      if (performance.now() - since > SLICE_BUDGET_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        since = performance.now();
      }
    }
    rows += docs.length;
    run.onRows?.(rows);
  }
  await writer.finish();
  return rows;
}
