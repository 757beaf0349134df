import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { openSqliteDatabase } from '../../src/eventstore/sqlite-database';
import { createSqliteEventStore } from '../../src/eventstore/sqlite-event-store';
import { type EventStore, type Position } from '../../src/eventstore/types';
import type { Projection } from '../../src/projections/projection';
import { createProjectionRunner } from '../../src/projections/projection-runner';
import type { CollectionSpec, ReadStore } from '../../src/projections/read-store';
import { createSqliteReadStore } from '../../src/projections/sqlite-read-store';
import type { Push } from '../../src/realtime/publisher';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const tallies: CollectionSpec = { name: 'tally_tallies' };
const log = pino({ level: 'silent' });

/** A toy read model: per tenant and key, the sum of `Added.amount`, pushing each change. */
function tallyProjection(name = 'tally', failOn?: number): Projection {
  const tallies: CollectionSpec = { name: `${name}_tallies` };
  return {
    name,
    eventTypes: ['Added'],
    collections: [tallies],
    documentsFor: (e) => [{ collection: tallies, tenantId: e.stream.split('.')[0]!, id: e.data.key as string }],
    apply(e, view) {
      if (e.data.amount === failOn) throw new Error('cannot add that');
      const tenantId = e.stream.split('.')[0]!;
      const current = view.get(tallies, tenantId, e.data.key as string);
      const total = ((current?.total as number | undefined) ?? 0) + (e.data.amount as number);
      view.put(tallies, tenantId, e.data.key as string, { total, count: ((current?.count as number | undefined) ?? 0) + 1 });
      view.publish({ namespace: '/retail', tenantId, event: 'tally.changed', payload: { position: e.position.toString(), total } });
    },
  };
}

async function add(store: EventStore, tenant: string, key: string, amount: number, type = 'Added'): Promise<Position> {
  const result = await store.appendToStream(`${tenant}.tally-${randomUUID()}`, [{ id: randomUUID(), type, data: { key, amount }, metadata: { tenantId: tenant } }], {
    expectedRevision: 'no_stream',
  });
  return result.position;
}

describe('projection runner', () => {
  let dir: string;
  let store: ReturnType<typeof createSqliteEventStore>;
  let readStore: ReadStore;
  const pushes: Push[] = [];
  const publisher = { publish: (push: Push) => void pushes.push(push), close: async () => {} };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pos-runner-'));
    store = createSqliteEventStore({ file: join(dir, 'pos.sqlite') });
    readStore = createSqliteReadStore(store.db);
    pushes.length = 0;
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies history and live events, advances the checkpoint and pushes after commit', async () => {
    for (let i = 1; i <= 5; i++) await add(store, 't_a', 'x', i);
    const runner = createProjectionRunner({ store, readStore, projections: [tallyProjection()], publisher, log });
    await runner.start();
    const last = await add(store, 't_a', 'x', 10);
    expect(await runner.whenProcessed('tally', last)).toBe(true);
    expect(await readStore.get(tallies, 't_a', 'x')).toEqual({ total: 25, count: 6 });
    expect(await readStore.checkpoint('tally')).toBe(last);
    expect(pushes.map((p) => p.payload.total)).toEqual([1, 3, 6, 10, 15, 25]);
    expect(pushes.at(-1)!.payload.position).toBe(last.toString());
    await runner.stop();
  });

  it('minPosition of an event it does not read is passed at once; one it has not reached times out', async () => {
    const runner = createProjectionRunner({ store, readStore, projections: [tallyProjection()], publisher, log });
    await runner.start();
    const unrelated = await add(store, 't_a', 'x', 1, 'SomethingElse');
    expect(await runner.whenProcessed('tally', unrelated, 500)).toBe(true);
    await runner.stop();
    const pending = await add(store, 't_a', 'x', 1);
    const started = Date.now();
    expect(await runner.whenProcessed('tally', pending, 200)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('a handler that throws stops that projection alone, at the event that broke it, and resumes after a fix', async () => {
    await add(store, 't_a', 'x', 1);
    const bad = await add(store, 't_a', 'x', 13);
    await add(store, 't_a', 'x', 2);
    const broken = createProjectionRunner({ store, readStore, projections: [tallyProjection('tally', 13), tallyProjection('healthy')], publisher, log });
    await broken.start();
    expect(await broken.whenProcessed('healthy', await store.headPosition())).toBe(true);
    expect(await broken.whenProcessed('tally', bad, 300)).toBe(false);
    const status = await broken.status();
    const tally = status.find((s) => s.name === 'tally')!;
    expect(tally.state).toBe('failed');
    expect(tally.failure!.position).toBe(bad.toString());
    expect(tally.lag.events).toBeGreaterThan(0);
    expect(status.find((s) => s.name === 'healthy')).toMatchObject({ state: 'running', lag: { events: 0, ms: 0 } });
    await broken.stop();

    const fixed = createProjectionRunner({ store, readStore, projections: [tallyProjection('tally')], publisher, log });
    await fixed.start();
    expect(await fixed.whenProcessed('tally', await store.headPosition())).toBe(true);
    expect((await readStore.get(tallies, 't_a', 'x'))!.total).toBe(16);
    await fixed.stop();
  });

  it('stopping at any point and restarting gives the same read model as a fresh rebuild', async () => {
    const amounts = Array.from({ length: 300 }, (_, i) => (i * 7) % 11);
    const runner = createProjectionRunner({ store, readStore, projections: [tallyProjection()], log, batchSize: 17 });
    await runner.start();
    for (const [i, amount] of amounts.entries()) {
      await add(store, i % 2 ? 't_a' : 't_b', `k${i % 5}`, amount);
      if (i === 150) await runner.stop();
    }
    const resumed = createProjectionRunner({ store, readStore, projections: [tallyProjection()], log, batchSize: 17 });
    await resumed.start();
    expect(await resumed.whenProcessed('tally', await store.headPosition())).toBe(true);
    await resumed.stop();

    const freshDb = openSqliteDatabase(join(dir, 'fresh.sqlite'));
    const fresh = createSqliteReadStore(freshDb);
    const rebuild = createProjectionRunner({ store, readStore: fresh, projections: [tallyProjection()], log });
    await rebuild.start();
    expect(await rebuild.whenProcessed('tally', await store.headPosition())).toBe(true);
    await rebuild.stop();
    for (const tenant of ['t_a', 't_b']) {
      expect(await readStore.find(tallies, tenant)).toEqual(await fresh.find(tallies, tenant));
      expect((await fresh.find(tallies, tenant)).length).toBe(5);
    }
    freshDb.close();
  });
});
