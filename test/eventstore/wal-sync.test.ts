import fs, { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pragmaOnce } from '../../src/eventstore/sqlite-database';
import { createSqliteEventStore } from '../../src/eventstore/sqlite-event-store';
import { type EventToAppend } from '../../src/eventstore/types';

const event = (n: number): EventToAppend => ({ id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, type: 'Noted', data: { n }, metadata: {} });

describe('SQLite event store: the WAL is synced before an append is answered', () => {
  let dir: string;
  let log: string[];
  let syncs: jest.SpyInstance;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pos-walsync-'));
    log = [];
    const real = fs.fdatasync;
    syncs = jest.spyOn(fs, 'fdatasync').mockImplementation(((fd: number, callback: (error: NodeJS.ErrnoException | null) => void) => {
      log.push('sync started');
      real(fd, (error) => {
        log.push('sync done');
        callback(error);
      });
    }) as typeof fs.fdatasync);
  });
  afterEach(() => {
    syncs.mockRestore();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits without an fsync of its own and answers only after an fdatasync of the WAL has returned', async () => {
    const store = createSqliteEventStore({ file: join(dir, 'pos.sqlite') });
    expect(pragmaOnce(store.db, 'synchronous')).toBe(1); // NORMAL: the commit itself does not sync
    await store.appendToStream('notes-a', [event(1)], { expectedRevision: 'no_stream' }).then(() => log.push('answered'));
    expect(log).toEqual(['sync started', 'sync done', 'answered']);
    const [fd] = syncs.mock.calls[0] as [number];
    expect(fs.readlinkSync(`/proc/self/fd/${fd}`)).toBe(join(dir, 'pos.sqlite-wal'));
    await store.close();
  });

  it('appends committed while a sync runs wait for the next one, which covers them all', async () => {
    const store = createSqliteEventStore({ file: join(dir, 'pos.sqlite') });
    const first = store.appendToStream('notes-a', [event(1)], { expectedRevision: 'no_stream' });
    await new Promise((resolve) => setImmediate(resolve)); // committed; its sync is running
    expect(log).toEqual(['sync started']);
    const later = ['b', 'c', 'd'].map((s, i) => store.appendToStream(`notes-${s}`, [event(i + 2)], { expectedRevision: 'no_stream' }).then(() => log.push(`answered ${s}`)));
    await first;
    await Promise.all(later);
    expect(log).toEqual(['sync started', 'sync done', 'sync started', 'sync done', 'answered b', 'answered c', 'answered d']);
    await store.close();
  });

  it('a failed sync answers the appends it covered with EventStoreUnavailable', async () => {
    const store = createSqliteEventStore({ file: join(dir, 'pos.sqlite') });
    syncs.mockImplementationOnce(((_fd: number, callback: (error: NodeJS.ErrnoException | null) => void) => {
      setImmediate(() => callback(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' })));
    }) as typeof fs.fdatasync);
    await expect(store.appendToStream('notes-a', [event(1)], { expectedRevision: 'no_stream' })).rejects.toMatchObject({ name: 'EventStoreUnavailableError' });
    await store.close();
  });

  it('an in-memory store has no WAL file and answers at once', async () => {
    const store = createSqliteEventStore({});
    await store.appendToStream('notes-a', [event(1)], { expectedRevision: 'no_stream' });
    expect(syncs).not.toHaveBeenCalled();
    await store.close();
  });
});
