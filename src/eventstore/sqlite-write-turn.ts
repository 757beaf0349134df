import { pragmaOnce, type SqliteDatabase } from './sqlite-database';

const isBusy = (error: unknown): boolean => String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY');

/**
 * Runs a write transaction only if SQLite's write lock is free now; 'busy' if another connection
 * holds it and the connection's busy timeout has not passed since `since` (after that, SQLite's
 * SQLITE_BUSY error is thrown). SQLite's own busy wait sleeps the calling thread in growing steps
 * (1, 2, 5, 10 ms …): on the API's thread that stops the event loop, and on any thread it
 * oversleeps a lock that is held for a fraction of a millisecond. The caller tries again after
 * `nextTurn`.
 */
export function writeIfFree<T>(db: SqliteDatabase, since: number, write: () => T): T | 'busy' {
  const waitMs = pragmaOnce(db, 'busy_timeout') as number;
  pragmaOnce(db, 'busy_timeout = 0');
  try {
    return write();
  } catch (error) {
    if (isBusy(error) && Date.now() - since < waitMs) return 'busy';
    throw error;
  } finally {
    pragmaOnce(db, `busy_timeout = ${waitMs}`);
  }
}

/**
 * When to try a busy write again: at the next turn of the event loop during the first two
 * milliseconds (the other connection's commit is usually done by then; other work runs in
 * between), then every millisecond.
 */
export function nextTurn(since: number, retry: () => void): void {
  if (Date.now() - since < 2) setImmediate(retry);
  else setTimeout(retry, 1);
}
