import { randomUUID } from 'node:crypto';
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

describe('SQLite group commit', () => {
  it('appends that arrive together share one transaction, each checked against its own revision', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pos-group-'));
    const store = createSqliteEventStore({ file: join(dir, 'pos.sqlite') });
    try {
      await store.appendToStream('t_g.order-0', [{ id: randomUUID(), type: 'E', data: {}, metadata: {} }], { expectedRevision: 'no_stream' });
      const before = store.stats();
      const appends = Array.from({ length: 100 }, (_, i) =>
        store.appendToStream(`t_g.order-${i}`, [{ id: randomUUID(), type: 'E', data: { i }, metadata: {} }], { expectedRevision: 'no_stream' }),
      );
      const results = await Promise.allSettled(appends);
      const after = store.stats();
      expect(after.appends - before.appends).toBe(100);
      expect(after.commits - before.commits).toBeLessThanOrEqual(2);
      // order-0 already existed: only that append fails, the 99 others in its batch land.
      expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
      expect(results[0]!.status).toBe('rejected');
      expect((await store.readAll({ maxCount: 1000 })).length).toBe(100);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
