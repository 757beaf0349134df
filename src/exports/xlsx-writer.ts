import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { CellValue, Column, ColumnType, ExportContext } from './columns';
import { moneyNumFmt } from './decimal-money';
import type { SheetWriter } from './sheet-writer';
import { zone } from '../domain/time-zone';

/** Sheet XML queued ahead of the zip's compressor beyond which writing waits. */
const MAX_BACKLOG_BYTES = 1 << 20;
const BACKLOG_POLL_MS = 2;

/**
 * exceljs's sheet stream (a StreamBuf) hands its 64 kB buffers on without waiting: to a
 * PassThrough that archiver pipes, with back-pressure, into the compressor, which waits for the
 * output (the HTTP response). With a slow reader the sheet's rows would pile up in that
 * PassThrough without bound. This measures what is queued there — the sheet stream's own buffers
 * and the PassThrough's — so the writer can wait. It checks the shape it relies on (exceljs 4.4,
 * archiver 5), so an upgrade that changes it fails loudly, not with a memory leak.
 */
interface Queue {
  length: number;
}
interface Piped {
  _writableState?: Queue;
  _readableState?: Queue;
}
interface SheetStream {
  buffers: Queue[];
  pipes: Piped[];
}

function isSheetStream(value: unknown): value is SheetStream {
  const stream = value as Partial<SheetStream> | undefined;
  return Array.isArray(stream?.buffers) && Array.isArray(stream?.pipes);
}

const queued = (state: Queue | undefined): number => {
  if (typeof state?.length !== 'number') throw new Error('exceljs streaming writer: the sheet is piped to a stream without a measurable queue; back-pressure cannot be applied');
  return state.length;
};

export function sheetBacklog(worksheet: ExcelJS.Worksheet): () => number {
  const stream: unknown = (worksheet as ExcelJS.Worksheet & { stream?: unknown }).stream;
  if (!isSheetStream(stream)) throw new Error('exceljs streaming writer: the sheet stream is not shaped as expected; back-pressure cannot be applied');
  return () => {
    let bytes = 0;
    for (const buffer of stream.buffers) bytes += buffer.length;
    for (const pipe of stream.pipes) bytes += queued(pipe._writableState) + queued(pipe._readableState);
    return bytes;
  };
}

const NUM_FMT: Record<Exclude<ColumnType, 'text' | 'money'>, string> = { integer: '0', datetime: 'yyyy-mm-dd hh:mm:ss', date: 'yyyy-mm-dd' };

/**
 * A typed cell. Money is written as a number of major units (minor ÷ 10^decimals) under a number
 * format with the currency's decimals and code: that is how a spreadsheet holds money, a binary
 * float in the file (12.34 is stored as the nearest double); our amounts stay integers up to here,
 * and the CSV carries them exactly. Instants become the tenant's wall-clock time (spreadsheet dates
 * have no zone); dates, midnight of that date.
 */
function xlsxCell(type: ColumnType, value: CellValue, scale: number, wallClock: (instant: number) => Date): ExcelJS.CellValue {
  if (value === null) return null;
  switch (type) {
    case 'text':
      return String(value);
    case 'integer':
      return Number(value);
    case 'money':
      return Number(value) / scale;
    case 'datetime':
      return wallClock(Date.parse(String(value)));
    case 'date':
      return new Date(`${String(value)}T00:00:00.000Z`);
  }
}

export interface XlsxOptions {
  sheetName: string;
}

/**
 * An .xlsx written with exceljs's streaming WorkbookWriter: a bold header row, frozen so it stays
 * in view, typed cells, each row committed (written out and forgotten) as it is added, inline
 * strings (a shared-strings table would hold every text in memory until the end).
 */
export function createXlsxWriter(out: Writable, columns: readonly Column[], context: ExportContext, signal: AbortSignal, options: XlsxOptions): SheetWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const worksheet = workbook.addWorksheet(options.sheetName, { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
  worksheet.columns = columns.map((column) => ({
    width: column.width ?? Math.max(12, column.header.length + 2),
    style: column.type === 'text' ? {} : { numFmt: column.type === 'money' ? moneyNumFmt(context.currency, context.digits) : NUM_FMT[column.type] },
  }));
  const header = worksheet.addRow(columns.map((column) => column.header));
  header.font = { bold: true };
  header.commit();
  const backlog = sheetBacklog(worksheet);
  const scale = 10 ** context.digits;
  const { wallClock } = zone(context.timeZone);

  return {
    async writePage(docs) {
      if (signal.aborted) throw signal.reason;
      for (const doc of docs) {
        worksheet.addRow(columns.map((column) => xlsxCell(column.type, column.value(doc), scale, wallClock))).commit();
      }
      while (backlog() > MAX_BACKLOG_BYTES) {
        if (signal.aborted) throw signal.reason;
        await new Promise((resolve) => setTimeout(resolve, BACKLOG_POLL_MS));
      }
    },
    async finish() {
      worksheet.commit();
      await workbook.commit();
    },
  };
}
