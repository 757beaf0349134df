import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { SqliteDatabase } from './sqlite-database';

/**
 * Pages the connection that appends may gather in the WAL before it checkpoints by itself: a
 * backstop that keeps the WAL bounded should the checkpoint thread be gone (SQLite's default is 1000).
 */
export const BACKSTOP_PAGES = 10_000;

/**
 * The thread: its own connection to the file, a PASSIVE checkpoint every `intervalMs`. PASSIVE
 * never waits for a lock: pages a reader still needs, or a checkpoint another connection is
 * running, are left for the next round. Plain JavaScript, so the thread starts without a compiler.
 */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('synchronous = FULL');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage({ type: 'failed', error: error.message });
  }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message.type !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface WalCheckpoints {
  stop(): Promise<void>;
}

/**
 * Moves the WAL checkpoints of `db`'s file off the thread that appends: a checkpoint copies the
 * WAL's pages into the file and syncs it, which took up to 15 ms of the API thread when SQLite
 * ran it at the end of a commit (every 1000 pages). A thread of its own checkpoints every
 * `intervalMs` instead; `db` then checkpoints by itself only past BACKSTOP_PAGES.
 */
export function startWalCheckpoints(db: SqliteDatabase, options: { intervalMs?: number; log?: Logger } = {}): WalCheckpoints {
  const driver = require.resolve('better-sqlite3');
  const thread = new Worker(THREAD, { eval: true, workerData: { driver, file: db.name, intervalMs: options.intervalMs ?? 100 } });
  thread.unref();
  let stopped = false;
  const ended = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
  thread.on('message', (message: { type: string; error?: string }) => {
    if (message.type === 'failed') options.log?.warn({ error: message.error }, 'WAL checkpoint failed; trying again');
  });
  thread.on('error', (error) => options.log?.error({ err: error }, 'WAL checkpoint thread failed'));
  void ended.then(() => {
    if (!stopped) options.log?.error({ backstopPages: BACKSTOP_PAGES }, 'WAL checkpoint thread ended; the appending connection checkpoints by itself');
  });
  db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      thread.postMessage({ type: 'stop' });
      const deadline = setTimeout(() => void thread.terminate(), 5000);
      await ended;
      clearTimeout(deadline);
    },
  };
}
