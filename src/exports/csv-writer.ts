import type { Writable } from 'node:stream';
import type { Doc } from '../projections/read-store';
import type { CellValue, Column, ExportContext } from './columns';
import { minorToDecimal } from './decimal-money';
import { waitForDrain } from './drain';
import type { SheetWriter } from './sheet-writer';
import { zone } from '../domain/time-zone';

/** UTF-8 byte order mark: without it Excel reads a CSV in the machine's legacy code page and garbles Vietnamese. */
export const BOM = '\uFEFF';

const NEEDS_QUOTES = /[",\r\n]/;
/** A text cell starting like a formula is run by spreadsheets when the CSV is opened (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One field, quoted as RFC 4180 says: only when it holds a quote, comma or line break; quotes doubled. */
export const csvField = (text: string): string => (NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** One record: fields joined by commas, ended by CRLF. */
export const csvRecord = (fields: readonly string[]): string => `${fields.map(csvField).join(',')}\r\n`;

const pad = (n: number) => String(n).padStart(2, '0');

/** A cell as CSV text: money as a decimal string in the currency's decimals, instants as local wall-clock time. */
export function csvCell(column: Column, value: CellValue, context: ExportContext, wallClock: (instant: number) => Date): string {
  if (value === null) return '';
  switch (column.type) {
    case 'text': {
      const text = String(value);
      // Prefixed with an apostrophe (OWASP's advice), so opening the file never runs it.
      return FORMULA_START.test(text) ? `'${text}` : text;
    }
    case 'integer':
      return String(value);
    case 'money':
      return minorToDecimal(Number(value), context.digits);
    case 'datetime': {
      const local = wallClock(Date.parse(String(value)));
      return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
    }
    case 'date':
      return String(value);
  }
}

/** RFC 4180 CSV in UTF-8 with a BOM: a header record, then one record per document, CRLF after each. */
export function createCsvWriter(out: Writable, columns: readonly Column[], context: ExportContext, signal: AbortSignal): SheetWriter {
  const { wallClock } = zone(context.timeZone);
  const write = async (text: string) => {
    if (signal.aborted) throw signal.reason;
    if (!out.write(text, 'utf8')) await waitForDrain(out, signal);
  };
  let started = false;
  const start = async () => {
    if (started) return;
    started = true;
    await write(BOM + csvRecord(columns.map((c) => c.header)));
  };
  return {
    async writePage(docs) {
      await start();
      // One write per page: a page is small, and a write per row would cost more than the rows.
      await write(docs.map((doc: Doc) => csvRecord(columns.map((column) => csvCell(column, column.value(doc), context, wallClock)))).join(''));
    },
    async finish() {
      await start();
      await new Promise<void>((resolve, reject) => {
        out.once('error', reject);
        out.end(() => resolve());
      });
    },
  };
}
