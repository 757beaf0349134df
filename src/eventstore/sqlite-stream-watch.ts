import { pragmaOnce, type SqliteDatabase } from './sqlite-database';

export type StreamsChanged = (streams: Iterable<string>) => void;

/**
 * Tells listeners which streams received events: appends of this process as they commit, other
 * processes' commits within `pollMs` (SQLite's `data_version` changes only for other connections'
 * commits; the streams written since the last look are then read by position). Polls only while
 * someone listens.
 */
export function createStreamWatch(db: SqliteDatabase, pollMs: number) {
  const listeners = new Set<StreamsChanged>();
  const head = db.prepare('SELECT COALESCE(MAX(position), 0) FROM events').pluck();
  const since = db.prepare('SELECT DISTINCT stream FROM events WHERE position > ?').pluck();
  let seen = 0;
  let version = 0;
  let timer: NodeJS.Timeout | undefined;

  function tell(streams: Iterable<string>): void {
    for (const listener of listeners) listener(streams);
  }

  function poll(): void {
    if (!db.open) return;
    const now = pragmaOnce(db, 'data_version') as number;
    if (now === version) return;
    version = now;
    const latest = head.get() as number;
    if (latest <= seen) return;
    // Everything after the last look, this process's own commits included (told already; harmless).
    const streams = since.all(seen) as string[];
    seen = latest;
    tell(streams);
  }

  return {
    /**
     * Called by the store right after its own commit, which wrote the positions after
     * `written.before` up to `written.after`. When nothing was written since the last look, they
     * count as looked at: a poll then skips them (another connection's commit to other tables,
     * the read models', changes `data_version` too).
     */
    committed(streams: Iterable<string>, written?: { before: number; after: number }): void {
      if (written && listeners.size > 0 && written.before === seen) seen = written.after;
      tell(streams);
    },
    watch(listener: StreamsChanged): () => void {
      if (listeners.size === 0) {
        version = pragmaOnce(db, 'data_version') as number;
        seen = head.get() as number;
        timer = setInterval(poll, pollMs);
        timer.unref();
      }
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer) clearInterval(timer);
      };
    },
    close(): void {
      if (timer) clearInterval(timer);
      listeners.clear();
    },
  };
}
