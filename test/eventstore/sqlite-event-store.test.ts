import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreUnavailableError } from '../../src/eventstore/errors';
import { openSqliteDatabase } from '../../src/eventstore/sqlite-database';
import { createSqliteEventStore } from '../../src/eventstore/sqlite-event-store';
import type { RecordedEvent } from '../../src/eventstore/types';
import { runEventStoreConformance } from './conformance';

runEventStoreConformance('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pos-es-'));
  return {
    store: createSqliteEventStore({ file: join(dir, 'pos.sqlite') }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

// The same contract with a shared tail of 4 events: live subscriptions slide it on almost every
// read and fall back to the log itself whenever they are behind it (sqlite-log-tail.ts).
runEventStoreConformance('SQLite with a tail of 4 events', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pos-es-'));
  return {
    store: createSqliteEventStore({ file: join(dir, 'pos.sqlite'), tailCapacity: 4 }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SQLite live subscriptions beside a writing process', () => {
  it('deliver each event once, in order, while another process commits between any two reads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pos-tail-race-'));
    const file = join(dir, 'pos.sqlite');
    const store = createSqliteEventStore({ file, tailCapacity: 64, pollIntervalMs: 1 });
    const count = 3000;
    try {
      const start = await store.headPosition();
      const received = (filter: { eventTypes: string[] }) => {
        const subscription = store.subscribeToAll({ fromPosition: start, filter });
        const done = (async () => {
          const seen: RecordedEvent[] = [];
          for await (const event of subscription) {
            seen.push(event);
            if (seen.length >= count) break;
          }
          return seen;
        })();
        return { subscription, done };
      };
      const wanted = received({ eventTypes: ['Raced'] });
      const alsoWanted = received({ eventTypes: ['Raced', 'Other'] });
      await Promise.all([wanted.subscription.caughtUp, alsoWanted.subscription.caughtUp]);
      const writer = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'fixtures/append-events.ts'), file, String(count), 'Raced'], { stdio: ['ignore', 'ignore', 'inherit'] });
      const exited = new Promise<number | null>((resolve) => writer.once('exit', resolve));
      const [one, other] = await Promise.all([wanted.done, alsoWanted.done]);
      expect(await exited).toBe(0);
      for (const seen of [one, other]) {
        expect(seen.every((e, i) => i === 0 || e.position > seen[i - 1]!.position)).toBe(true);
        expect(new Set(seen.map((e) => e.data.n)).size).toBe(count);
      }
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
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

describe('SQLite write lock held by another connection', () => {
  let dir: string;
  let store: ReturnType<typeof createSqliteEventStore>;
  let other: ReturnType<typeof openSqliteDatabase>;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pos-lock-'));
    store = createSqliteEventStore({ file: join(dir, 'pos.sqlite') });
    other = openSqliteDatabase(join(dir, 'pos.sqlite'));
  });
  afterEach(async () => {
    if (other.inTransaction) other.exec('ROLLBACK');
    other.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const append = (stream: string) => store.appendToStream(stream, [{ id: randomUUID(), type: 'E', data: {}, metadata: {} }], { expectedRevision: 'no_stream' });

  it('an append waits for it without stopping the event loop, and lands once it is free', async () => {
    other.exec('BEGIN IMMEDIATE');
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 5);
    const release = new Promise<void>((resolve) => setTimeout(() => (other.exec('COMMIT'), resolve()), 300));
    const started = Date.now();
    try {
      const result = await append('t_l.order-1');
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      expect(result.nextExpectedRevision).toBe(0n);
      // A busy wait inside SQLite would have kept the timers (and the lock's release) from running.
      expect(ticks).toBeGreaterThan(20);
    } finally {
      clearInterval(ticker);
      await release;
    }
    expect((await store.readStream('t_l.order-1')).length).toBe(1);
  });

  it('an append still waiting when the busy timeout has passed fails as unavailable and writes nothing', async () => {
    store.db.pragma('busy_timeout = 200');
    other.exec('BEGIN IMMEDIATE');
    await expect(append('t_l.order-2')).rejects.toBeInstanceOf(EventStoreUnavailableError);
    other.exec('COMMIT');
    expect(await store.readStream('t_l.order-2')).toEqual([]);
  });
});
