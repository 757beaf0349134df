import { pragmaOnce, type SqliteDatabase } from './sqlite-database';

/**
 * Wakes live subscriptions when the log grows. Appends in this process call `notify()` right
 * after their commit (no delay); commits by other processes are seen by polling SQLite's
 * `data_version`, which changes only when another connection has committed.
 */
export function createChangeFeed(db: SqliteDatabase, pollMs: number) {
  const waiters = new Set<() => void>();
  let lastVersion = pragmaOnce(db, 'data_version') as number;
  let timer: NodeJS.Timeout | undefined;

  function notify(): void {
    const current = [...waiters];
    waiters.clear();
    for (const wake of current) wake();
    if (waiters.size === 0) stopPolling();
  }

  function poll(): void {
    if (!db.open) return;
    const version = pragmaOnce(db, 'data_version') as number;
    if (version !== lastVersion) {
      lastVersion = version;
      notify();
    }
  }

  function stopPolling(): void {
    if (timer) clearInterval(timer);
    timer = undefined;
  }

  return {
    notify,
    /** Resolves at the next change (or when `wakeAll` is called on close). */
    next(): Promise<void> {
      return new Promise((resolve) => {
        waiters.add(resolve);
        if (!timer) {
          timer = setInterval(poll, pollMs);
          timer.unref();
        }
      });
    },
    close(): void {
      stopPolling();
      notify();
    },
  };
}

export type ChangeFeed = ReturnType<typeof createChangeFeed>;
