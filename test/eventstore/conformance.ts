import { randomUUID } from 'node:crypto';
import { rawAuditEventJson } from '../../src/audit/audit-event';
import { StreamDeletedError, StreamNotDeletableError, WrongExpectedRevisionError } from '../../src/eventstore/errors';
import { revision, type EventStore, type EventToAppend, type Position, type RecordedEvent, type Subscription } from '../../src/eventstore/types';

export type StoreFactory = () => Promise<{ store: EventStore; cleanup: () => Promise<void> }>;

const event = (type = 'Something', data: Record<string, unknown> = {}): EventToAppend => ({
  id: randomUUID(),
  type,
  data,
  metadata: { test: true },
});

async function take(subscription: Subscription, count: number): Promise<RecordedEvent[]> {
  const seen: RecordedEvent[] = [];
  if (count === 0) return seen;
  for await (const e of subscription) {
    seen.push(e);
    if (seen.length >= count) break;
  }
  return seen;
}

async function expectWrongRevision(promise: Promise<unknown>, actual: bigint | 'no_stream'): Promise<WrongExpectedRevisionError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WrongExpectedRevisionError);
  expect((error as WrongExpectedRevisionError).actual).toBe(actual);
  return error as WrongExpectedRevisionError;
}

/**
 * One suite for every EventStore adapter. Each test works under a fresh random tenant prefix,
 * so it can run against a shared server that already holds other data.
 */
export function runEventStoreConformance(adapterName: string, factory: StoreFactory): void {
  describe(`EventStore conformance: ${adapterName}`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void>;
    let tenant: string;
    const s = (name: string) => `${tenant}.${name}`;

    beforeEach(async () => {
      ({ store, cleanup } = await factory());
      tenant = `t_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    });
    afterEach(async () => {
      await store.close();
      await cleanup();
    });

    describe('expected revision', () => {
      it('no_stream creates a stream once', async () => {
        const first = await store.appendToStream(s('order-1'), [event(), event()], { expectedRevision: 'no_stream' });
        expect(first.nextExpectedRevision).toBe(1n);
        const error = await expectWrongRevision(store.appendToStream(s('order-1'), [event()], { expectedRevision: 'no_stream' }), 1n);
        expect(error.expected).toBe('no_stream');
      });

      it('an exact revision appends only at that revision', async () => {
        await store.appendToStream(s('order-1'), [event()], { expectedRevision: 'no_stream' });
        const next = await store.appendToStream(s('order-1'), [event()], { expectedRevision: revision(0) });
        expect(next.nextExpectedRevision).toBe(1n);
        const error = await expectWrongRevision(store.appendToStream(s('order-1'), [event()], { expectedRevision: revision(0) }), 1n);
        expect(error.expected).toBe(0n);
        await expectWrongRevision(store.appendToStream(s('order-2'), [event()], { expectedRevision: revision(0) }), 'no_stream');
      });

      it('stream_exists needs the stream, any takes whatever is there', async () => {
        await expectWrongRevision(store.appendToStream(s('order-1'), [event()], { expectedRevision: 'stream_exists' }), 'no_stream');
        expect((await store.appendToStream(s('order-1'), [event()], { expectedRevision: 'any' })).nextExpectedRevision).toBe(0n);
        expect((await store.appendToStream(s('order-1'), [event()], { expectedRevision: 'any' })).nextExpectedRevision).toBe(1n);
        expect((await store.appendToStream(s('order-1'), [event()], { expectedRevision: 'stream_exists' })).nextExpectedRevision).toBe(2n);
      });

      it('a failed append changes nothing', async () => {
        await store.appendToStream(s('order-1'), [event()], { expectedRevision: 'no_stream' });
        await expectWrongRevision(store.appendToStream(s('order-1'), [event(), event()], { expectedRevision: revision(5) }), 0n);
        expect(await store.readStream(s('order-1'))).toHaveLength(1);
      });
    });

    describe('idempotent re-append', () => {
      it.each([['no_stream'], ['exact'], ['any']] as const)('the same event ids at the same place append nothing (%s)', async (kind) => {
        await store.appendToStream(s('order-0'), [event()], { expectedRevision: 'no_stream' });
        const stream = s('order-1');
        if (kind !== 'no_stream') await store.appendToStream(stream, [event()], { expectedRevision: 'no_stream' });
        const expected = kind === 'no_stream' ? 'no_stream' : kind === 'any' ? 'any' : revision(0);
        const batch = [event('A'), event('B')];
        const first = await store.appendToStream(stream, batch, { expectedRevision: expected });
        const again = await store.appendToStream(stream, batch, { expectedRevision: expected });
        expect([again.nextExpectedRevision, again.position]).toEqual([first.nextExpectedRevision, first.position]);
        // A store that can tell says which append was the retry; one that cannot says nothing.
        if (first.alreadyStored !== undefined) expect([first.alreadyStored, again.alreadyStored]).toEqual([false, true]);
        expect((await store.readStream(stream)).map((e) => e.id)).toEqual([...(kind === 'no_stream' ? [] : [expect.any(String)]), batch[0]!.id, batch[1]!.id]);
      });
    });

    describe('reading a stream', () => {
      it('reads forwards and backwards from a revision with a max count', async () => {
        const events = Array.from({ length: 5 }, (_, i) => event('E', { i }));
        await store.appendToStream(s('order-1'), events, { expectedRevision: 'no_stream' });
        const all = await store.readStream(s('order-1'));
        expect(all.map((e) => e.data.i)).toEqual([0, 1, 2, 3, 4]);
        expect(all.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
        expect(all[0]!.metadata).toEqual({ test: true });
        expect(all[0]!.stream).toBe(s('order-1'));
        expect(Number.isNaN(Date.parse(all[0]!.created))).toBe(false);
        expect((await store.readStream(s('order-1'), { fromRevision: revision(2), maxCount: 2 })).map((e) => e.data.i)).toEqual([2, 3]);
        expect((await store.readStream(s('order-1'), { direction: 'backwards', maxCount: 2 })).map((e) => e.data.i)).toEqual([4, 3]);
        expect((await store.readStream(s('order-1'), { direction: 'backwards', fromRevision: revision(1) })).map((e) => e.data.i)).toEqual([1, 0]);
      });

      it('an unknown stream reads as empty', async () => {
        expect(await store.readStream(s('order-404'))).toEqual([]);
      });
    });

    describe('the global log', () => {
      it('orders events across streams by position, each stream by revision', async () => {
        const start = await store.headPosition();
        await store.appendToStream(s('order-1'), [event('A', { n: 1 })], { expectedRevision: 'no_stream' });
        await store.appendToStream(s('sale-1'), [event('B', { n: 2 }), event('B', { n: 3 })], { expectedRevision: 'no_stream' });
        await store.appendToStream(s('order-1'), [event('A', { n: 4 })], { expectedRevision: revision(0) });
        const page = await store.readAll({ fromPosition: start, filter: { streamPrefix: `${tenant}.` } });
        expect(page.map((e) => e.data.n)).toEqual([1, 2, 3, 4]);
        const positions = page.map((e) => e.position);
        expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
        expect(new Set(positions).size).toBe(4);
        expect(await store.headPosition()).toBe(positions[3]);
        const after = await store.readAll({ fromPosition: positions[1] as Position, filter: { streamPrefix: `${tenant}.` }, maxCount: 1 });
        expect(after.map((e) => e.data.n)).toEqual([3]);
      });

      it('filters by tenant prefix, by stream prefix and by event type', async () => {
        const other = `${tenant}x`;
        const start = await store.headPosition();
        await store.appendToStream(s('order-1'), [event('OrderPlaced')], { expectedRevision: 'no_stream' });
        await store.appendToStream(`${other}.order-1`, [event('OrderPlaced')], { expectedRevision: 'no_stream' });
        await store.appendToStream(s('sale-1'), [event('SaleCompleted')], { expectedRevision: 'no_stream' });
        const mine = await store.readAll({ fromPosition: start, filter: { streamPrefix: `${tenant}.` } });
        expect(mine.map((e) => e.stream)).toEqual([s('order-1'), s('sale-1')]);
        const orders = await store.readAll({ fromPosition: start, filter: { streamPrefix: `${tenant}.order-` } });
        expect(orders.map((e) => e.stream)).toEqual([s('order-1')]);
        const typed = await store.readAll({ fromPosition: start, filter: { streamPrefix: `${tenant}.`, eventTypes: ['SaleCompleted'] } });
        expect(typed.map((e) => e.type)).toEqual(['SaleCompleted']);
      });

      it('readAllRaw, where offered, reads the page readAll reads, data and metadata as JSON text', async () => {
        if (!store.readAllRaw) return; // optional: callers fall back to readAll
        const start = await store.headPosition();
        await store.appendToStream(s('order-1'), [event('A', { n: 1, text: 'Phở "bò"' }), event('B', { nested: { list: [1, null] } })], { expectedRevision: 'no_stream' });
        await store.appendToStream(s('sale-1'), [event('B', { n: 3 })], { expectedRevision: 'no_stream' });
        for (const options of [{ fromPosition: start, filter: { streamPrefix: `${tenant}.` } }, { fromPosition: start, maxCount: 2, filter: { streamPrefix: `${tenant}.`, eventTypes: ['B'] } }]) {
          const parsed = await store.readAll(options);
          const raw = await store.readAllRaw(options);
          expect(raw.map((e) => ({ ...e, data: JSON.parse(e.data), metadata: JSON.parse(e.metadata) }))).toEqual(parsed);
        }
      });

      it('readAllJson, where offered, writes that page as rawAuditEventJson does, in order, each event followed by the terminator', async () => {
        if (!store.readAllJson || !store.readAllRaw) return; // optional: callers fall back to readAllRaw
        const start = await store.headPosition();
        for (let i = 0; i < 30; i++) await store.appendToStream(s(`order-${i % 7}`), [event(i % 2 ? 'A' : 'B', { i, text: 'Phở "bò"\n\u2028' })], { expectedRevision: 'any' });
        for (const options of [{ fromPosition: start, maxCount: 25, filter: { streamPrefix: `${tenant}.` } }, { fromPosition: start, maxCount: 100, filter: { streamPrefix: `${tenant}.`, eventTypes: ['A'] } }]) {
          const raw = await store.readAllRaw(options);
          const page = await store.readAllJson({ ...options, terminator: '\n' });
          expect(page.events).toBe(raw.length);
          expect(page.lastPosition).toBe(raw.at(-1)!.position);
          const lines = page.json.toString('utf8').split('\n');
          expect(lines.pop()).toBe('');
          expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(raw.map((e) => JSON.parse(rawAuditEventJson(e)) as unknown));
          const commas = await store.readAllJson({ ...options, terminator: ',' });
          expect(JSON.parse(`[${commas.json.toString('utf8').slice(0, -1)}]`)).toEqual(lines.map((line) => JSON.parse(line) as unknown));
        }
        const empty = await store.readAllJson({ fromPosition: await store.headPosition(), terminator: '\n', filter: { streamPrefix: `${tenant}.` } });
        expect(empty).toEqual({ events: 0, json: Buffer.alloc(0) });
      });
    });

    describe('catch-up subscription', () => {
      it('delivers history, then live events, in order, each once, and resumes from a position', async () => {
        const start = await store.headPosition();
        const filter = { streamPrefix: `${tenant}.` };
        for (let i = 0; i < 5; i++) await store.appendToStream(s(`order-${i}`), [event('E', { i })], { expectedRevision: 'no_stream' });
        const subscription = store.subscribeToAll({ fromPosition: start, filter });
        const received = take(subscription, 10);
        await subscription.caughtUp;
        for (let i = 5; i < 10; i++) await store.appendToStream(s(`order-${i}`), [event('E', { i })], { expectedRevision: 'no_stream' });
        const events = await received;
        await subscription.close();
        expect(events.map((e) => e.data.i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

        const resumed = store.subscribeToAll({ fromPosition: events[6]!.position, filter });
        const rest = take(resumed, 4);
        await store.appendToStream(s('order-10'), [event('E', { i: 10 })], { expectedRevision: 'no_stream' });
        expect((await rest).map((e) => e.data.i)).toEqual([7, 8, 9, 10]);
        await resumed.close();
      });

      it('filters live events by type and ends when closed', async () => {
        const start = await store.headPosition();
        const subscription = store.subscribeToAll({ fromPosition: start, filter: { streamPrefix: `${tenant}.`, eventTypes: ['Wanted'] } });
        const received = take(subscription, 2);
        await subscription.caughtUp;
        await store.appendToStream(s('a-1'), [event('Unwanted'), event('Wanted', { n: 1 })], { expectedRevision: 'no_stream' });
        await store.appendToStream(s('a-2'), [event('Wanted', { n: 2 })], { expectedRevision: 'no_stream' });
        expect((await received).map((e) => e.data.n)).toEqual([1, 2]);
        await subscription.close();

        const idle = store.subscribeToAll({ fromPosition: await store.headPosition(), filter: { streamPrefix: `${tenant}.` } });
        const drained = take(idle, 1);
        await idle.caughtUp;
        await idle.close();
        expect(await drained).toEqual([]);
      });
      it('several live subscriptions filtered by type alone each get their own events, in order, each once', async () => {
        const [a, b] = [`A-${tenant}`, `B-${tenant}`];
        const start = await store.headPosition();
        await store.appendToStream(s('x-0'), [event(a, { n: 0 }), event(b, { n: 0 })], { expectedRevision: 'no_stream' });
        const onlyA = store.subscribeToAll({ fromPosition: start, filter: { eventTypes: [a] } });
        const both = store.subscribeToAll({ fromPosition: start, filter: { eventTypes: [a, b] } });
        const gotA = take(onlyA, 31);
        const gotBoth = take(both, 62);
        await Promise.all([onlyA.caughtUp, both.caughtUp]);
        const later = store.subscribeToAll({ fromPosition: await store.headPosition(), filter: { eventTypes: [b] } });
        const gotLater = take(later, 30);
        await later.caughtUp;
        // Appends one at a time, then together (the shared part of the log grows by one, then by several).
        const append = (n: number) => store.appendToStream(s(`x-${n}`), [event(a, { n }), event(b, { n })], { expectedRevision: 'no_stream' });
        for (let n = 1; n <= 10; n++) await append(n);
        await Promise.all(Array.from({ length: 20 }, (_, i) => append(11 + i)));
        const [aEvents, bothEvents, laterEvents] = await Promise.all([gotA, gotBoth, gotLater]);
        await Promise.all([onlyA.close(), both.close(), later.close()]);
        const increasing = (events: RecordedEvent[]) => events.every((e, i) => i === 0 || e.position > events[i - 1]!.position);
        expect(increasing(aEvents) && increasing(bothEvents) && increasing(laterEvents)).toBe(true);
        expect(aEvents.map((e) => e.data.n).sort((x, y) => Number(x) - Number(y))).toEqual(Array.from({ length: 31 }, (_, n) => n));
        expect(bothEvents.filter((e) => e.type === a).map((e) => e.id)).toEqual(aEvents.map((e) => e.id));
        expect(bothEvents.filter((e) => e.type === b).slice(1).map((e) => e.id)).toEqual(laterEvents.map((e) => e.id));
        expect(laterEvents.every((e) => e.type === b)).toBe(true);
      });
    });

    describe('deleting a stream (sign-in sessions only)', () => {
      it('deletes a session stream at its revision for good; it reads empty and is never written again', async () => {
        await store.appendToStream(s('session-1'), [event(), event()], { expectedRevision: 'no_stream' });
        await store.appendToStream(s('session-2'), [event()], { expectedRevision: 'no_stream' });
        await expectWrongRevision(store.deleteStream(s('session-1'), { expectedRevision: revision(0) }), 1n);
        expect(await store.readStream(s('session-1'))).toHaveLength(2);

        await store.deleteStream(s('session-1'), { expectedRevision: revision(1) });
        expect(await store.readStream(s('session-1'))).toEqual([]);
        expect(await store.readStream(s('session-2'))).toHaveLength(1);
        await expect(store.appendToStream(s('session-1'), [event()], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(StreamDeletedError);
        await expect(store.appendToStream(s('session-1'), [event()], { expectedRevision: 'any' })).rejects.toBeInstanceOf(StreamDeletedError);
        await expect(store.deleteStream(s('session-1'), { expectedRevision: revision(1) })).rejects.toBeInstanceOf(StreamDeletedError);
      });

      it('a subscription started after the delete does not deliver the deleted events', async () => {
        const type = `Session-${tenant}`;
        const start = await store.headPosition();
        const watching = store.subscribeToAll({ fromPosition: start, filter: { eventTypes: [type] } });
        const seen = take(watching, 3);
        await watching.caughtUp;
        await store.appendToStream(s('session-1'), [event(type, { n: 1 }), event(type, { n: 2 })], { expectedRevision: 'no_stream' });
        await store.appendToStream(s('session-2'), [event(type, { n: 3 })], { expectedRevision: 'no_stream' });
        expect((await seen).map((e) => e.data.n)).toEqual([1, 2, 3]);
        await watching.close();
        await store.deleteStream(s('session-1'), { expectedRevision: revision(1) });
        const after = store.subscribeToAll({ fromPosition: start, filter: { eventTypes: [type] } });
        const rest = take(after, 2);
        await after.caughtUp;
        await store.appendToStream(s('session-3'), [event(type, { n: 4 })], { expectedRevision: 'no_stream' });
        expect((await rest).map((e) => e.data.n)).toEqual([3, 4]);
        await after.close();
      });

      it('refuses every stream that is not a session, and deletes nothing', async () => {
        await store.appendToStream(s('order-1'), [event()], { expectedRevision: 'no_stream' });
        await expect(store.deleteStream(s('order-1'), { expectedRevision: revision(0) })).rejects.toBeInstanceOf(StreamNotDeletableError);
        await expect(store.deleteStream(`_system.session-x`, { expectedRevision: revision(0) })).rejects.toBeInstanceOf(StreamNotDeletableError);
        await expect(store.deleteStream(`${tenant}.tenant-session-1`, { expectedRevision: revision(0) })).rejects.toBeInstanceOf(StreamNotDeletableError);
        expect(await store.readStream(s('order-1'))).toHaveLength(1);
      });
    });

    describe('concurrency', () => {
      it('many concurrent appends at one revision: exactly one wins', async () => {
        await store.appendToStream(s('order-1'), [event()], { expectedRevision: 'no_stream' });
        const results = await Promise.allSettled(
          Array.from({ length: 20 }, () => store.appendToStream(s('order-1'), [event()], { expectedRevision: revision(0) })),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.readStream(s('order-1'))).toHaveLength(2);
      });

      it('1,000 concurrent appends to different streams all land with unique, increasing positions', async () => {
        const start = await store.headPosition();
        const results = await Promise.all(
          Array.from({ length: 1000 }, (_, i) => store.appendToStream(s(`sale-${i}`), [event('E', { i })], { expectedRevision: 'no_stream' })),
        );
        expect(new Set(results.map((r) => r.position)).size).toBe(1000);
        const log: RecordedEvent[] = [];
        let from = start;
        for (;;) {
          const page = await store.readAll({ fromPosition: from, filter: { streamPrefix: `${tenant}.` }, maxCount: 400 });
          if (page.length === 0) break;
          log.push(...page);
          from = page[page.length - 1]!.position;
        }
        expect(log).toHaveLength(1000);
        for (let i = 1; i < log.length; i++) expect(log[i]!.position > log[i - 1]!.position).toBe(true);
        expect(new Set(log.map((e) => e.data.i)).size).toBe(1000);
      });
    });
  });
}
