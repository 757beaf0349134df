import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDatabase } from '../../src/eventstore/sqlite-database';
import { createSqliteReadStore } from '../../src/projections/sqlite-read-store';
import { runReadStoreConformance } from './read-store-conformance';

runReadStoreConformance('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pos-rs-'));
  const db = openSqliteDatabase(join(dir, 'pos.sqlite'));
  return {
    readStore: createSqliteReadStore(db),
    cleanup: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
