import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BACKSTOP_PAGES } from '../../src/eventstore/sqlite-checkpoints';
import { createSqliteEventStore, type SqliteEventStore } from '../../src/eventstore/sqlite-event-store';

/** About 500 frames of WAL: fewer than SQLite's own checkpoint threshold (1000). */
async function appendSome(store: SqliteEventStore): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const events = Array.from({ length: 10 }, (_, j) => ({ id: `00000000-0000-4000-8000-${String(i * 10 + j).padStart(12, '0')}`, type: 'Noted', data: { text: 'x'.repeat(1000) }, metadata: {} }));
    await store.appendToStream(`t_ck.note-${i}`, events, { expectedRevision: 'no_stream' });
  }
}

const sizeOf = (file: string): number => statSync(file).size;

async function grows(file: string, from: number, withinMs: number): Promise<boolean> {
  for (const deadline = Date.now() + withinMs; Date.now() < deadline; ) {
    if (sizeOf(file) > from) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return sizeOf(file) > from;
}

describe('WAL checkpoints on a thread of their own', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'pos-checkpoints-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('copy committed pages into the file while the appending connection checkpoints only past the backstop', async () => {
    const file = join(dir, 'pos.sqlite');
    const store = createSqliteEventStore({ file, checkpointThread: { intervalMs: 50 } });
    try {
      expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(BACKSTOP_PAGES);
      const before = sizeOf(file);
      await appendSome(store);
      expect(await grows(file, before, 3000)).toBe(true);
    } finally {
      await store.close();
    }
    // Closed: the thread is gone too, so the last connection folded the WAL in and removed it.
    expect(existsSync(`${file}-wal`)).toBe(false);
    const reopened = createSqliteEventStore({ file });
    expect((await reopened.readAll({ maxCount: 10_000 })).length).toBe(500);
    await reopened.close();
  });

  it('without the thread, the same appends stay in the WAL (SQLite checkpoints at 1000 pages)', async () => {
    const file = join(dir, 'pos.sqlite');
    const store = createSqliteEventStore({ file });
    try {
      const before = sizeOf(file);
      await appendSome(store);
      expect(await grows(file, before, 300)).toBe(false);
    } finally {
      await store.close();
    }
  });
});
