import Database from 'better-sqlite3';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createEventQueries } from '../eventstore/sqlite-queries';
import type { RangeReport, VerifyReport } from './chain-verifier';
import { workerSource } from '../threads/worker-source';
import { stitchRanges } from './stitch-ranges';
import type { FileRangeReport, FileRangeTask, StoreRangeTask } from './verify-range-worker';

/** Below this many events a history is verified in one go: starting threads would cost more. */
export const PARALLEL_FROM = 100_000;

/** How many threads share a long verify by default. */
export const defaultThreads = (): number => Math.min(availableParallelism(), 4);

/**
 * Range workers share one pool per process, as many as defaultThreads(): verifies asked for at
 * once (several auditors) queue for it rather than start a thread each per range.
 */
let running = 0;
let peak = 0;
const waiting: (() => void)[] = [];

async function inPool<T>(work: () => Promise<T>): Promise<T> {
  if (running < defaultThreads()) running += 1;
  else await new Promise<void>((resolve) => waiting.push(resolve)); // a finishing worker hands its place on
  peak = Math.max(peak, running);
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }
}

/** The most range workers that ran at once in this process (never above defaultThreads()). */
export const rangeWorkerPeak = (): number => peak;

/** Runs one range task on a worker thread of the pool and gives its report. */
export function runRange(task: StoreRangeTask): Promise<RangeReport>;
export function runRange(task: FileRangeTask): Promise<FileRangeReport>;
export function runRange(task: StoreRangeTask | FileRangeTask): Promise<RangeReport | FileRangeReport> {
  return inPool(() => runWorker(task));
}

function runWorker(task: StoreRangeTask | FileRangeTask): Promise<RangeReport | FileRangeReport> {
  const { source, eval: isEval } = workerSource(__dirname, 'verify-range-worker');
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: isEval, workerData: task });
    let report: RangeReport | FileRangeReport | undefined;
    worker.once('message', (message: RangeReport | FileRangeReport) => (report = message));
    worker.once('error', reject);
    worker.once('exit', (code) => (report ? resolve(report) : reject(new Error(`the verify worker stopped (exit code ${code}) without a report`))));
  });
}

/**
 * Verifies a tenant's history kept in a SQLite file in `threads` ranges of about equal size at
 * once, each on its own read-only connection in a worker thread, and stitches their reports:
 * the same report as verifying it in one go (test/audit/parallel-verify.test.ts), in a fraction
 * of the time on a machine with the cores. Undefined when the history is too short to split.
 */
export async function verifyInRanges(file: string, tenantId: string, threads = defaultThreads(), minEvents = PARALLEL_FROM): Promise<VerifyReport | undefined> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  let cuts;
  try {
    cuts = createEventQueries(db).cutPoints(tenantId, threads, minEvents);
  } finally {
    db.close();
  }
  if (cuts.length === 0) return undefined;
  const bounds = [0n, ...cuts];
  const reports = await Promise.all(bounds.map((after, k) => runRange({ kind: 'store', file, tenantId, after, ...(k + 1 < bounds.length ? { upTo: bounds[k + 1]! } : {}) })));
  return stitchRanges(reports);
}
