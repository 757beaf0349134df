import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDatabase } from '../../src/eventstore/sqlite-database';
import { position } from '../../src/eventstore/types';
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

describe('SQLite read store, write lock held by another connection', () => {
  it('a commit waits for it a turn at a time, without stopping the event loop, and lands once it is free', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pos-rs-lock-'));
    const db = openSqliteDatabase(join(dir, 'pos.sqlite'));
    const other = openSqliteDatabase(join(dir, 'pos.sqlite'));
    const items = { name: 'lock_items' };
    try {
      const readStore = createSqliteReadStore(db);
      await readStore.prepare([items]);
      other.exec('BEGIN IMMEDIATE');
      let ticks = 0;
      const ticker = setInterval(() => (ticks += 1), 5);
      setTimeout(() => other.exec('COMMIT'), 200);
      const started = Date.now();
      try {
        expect(await readStore.commit('locked', position(7), [{ key: { collection: items, tenantId: 't_1', id: 'a' }, doc: { n: 1 } }])).toBe(true);
      } finally {
        clearInterval(ticker);
      }
      expect(Date.now() - started).toBeGreaterThanOrEqual(150);
      // SQLite's busy wait would have kept the timers (and the lock's release) from running.
      expect(ticks).toBeGreaterThan(15);
      expect(await readStore.get(items, 't_1', 'a')).toEqual({ n: 1 });
      expect(await readStore.checkpoint('locked')).toBe(position(7));
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
