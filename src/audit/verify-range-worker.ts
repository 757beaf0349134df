/**
 * A worker thread that verifies one range of a history and posts what it found: a range of a
 * tenant's events straight from the SQLite file (its own read-only connection), or a byte range
 * of an export file. Started by src/audit/parallel-verify.ts.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { createEventQueries } from '../eventstore/sqlite-queries';
import { position } from '../eventstore/types';
import { createChainVerifier, type RangeReport } from './chain-verifier';
import { createLinesCheck, type Header, type LinesCheck } from './export-lines-check';
import { fileLines } from './file-lines';
import { tenantFilter } from './raw-read';
import { addRawEvent } from './verify-history';

export interface StoreRangeTask {
  kind: 'store';
  file: string;
  tenantId: string;
  /** Exclusive. */
  after: bigint;
  /** Inclusive; none: to the end. */
  upTo?: bigint;
}

export interface FileRangeTask {
  kind: 'file';
  file: string;
  /** Bytes [start, end) of whole lines after the header line. */
  start: number;
  end: number;
  header: Header;
}

export interface FileRangeReport {
  report: RangeReport;
  lines: LinesCheck;
  /** The first thing wrong with the file's shape in the range, by line within it. */
  firstProblem?: { line: number; detail: string };
}

const PAGE = 5000;

function verifyStoreRange(task: StoreRangeTask): RangeReport {
  const db = new Database(task.file, { readonly: true, fileMustExist: true });
  try {
    const queries = createEventQueries(db);
    const verifier = createChainVerifier({ range: true });
    const filter = tenantFilter(task.tenantId);
    let from = position(task.after);
    for (;;) {
      const page = queries.readAllRaw(from, PAGE, filter);
      for (const event of page) {
        if (task.upTo !== undefined && event.position > task.upTo) return verifier.rangeReport();
        addRawEvent(verifier, event);
      }
      if (page.length < PAGE) return verifier.rangeReport();
      from = page[page.length - 1]!.position;
    }
  } finally {
    db.close();
  }
}

async function verifyFileRange(task: FileRangeTask): Promise<FileRangeReport> {
  let firstProblem: FileRangeReport['firstProblem'];
  const verifier = createChainVerifier({ range: true, ordinal: () => check.lineNo() });
  const check = createLinesCheck(verifier, (line, detail) => (firstProblem ??= { line, detail }), task.header);
  for await (const chunk of fileLines(task.file, task)) for (const bytes of chunk) check.line(bytes);
  return { report: verifier.rangeReport(), lines: check.state, ...(firstProblem ? { firstProblem } : {}) };
}

const task = workerData as StoreRangeTask | FileRangeTask;
void (task.kind === 'store' ? Promise.resolve(verifyStoreRange(task)) : verifyFileRange(task)).then((result) => parentPort!.postMessage(result));
