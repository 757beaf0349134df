import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteEventStore } from '../../src/eventstore/sqlite-event-store';

/** A real SQLite event store in a fresh temporary directory. */
export function tempSqliteStore() {
  const dir = mkdtempSync(join(tmpdir(), 'pos-test-'));
  const store = createSqliteEventStore({ file: join(dir, 'pos.sqlite') });
  return {
    store,
    dir,
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
