import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteEventStore } from '../../src/eventstore/sqlite-event-store';
import { runEventStoreConformance } from './conformance';

runEventStoreConformance('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pos-es-'));
  return {
    store: createSqliteEventStore({ file: join(dir, 'pos.sqlite') }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
