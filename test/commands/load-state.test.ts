import { join } from 'node:path';
import { loadState } from '../../src/commands/load-state';
import type { Decider } from '../../src/domain/decider';
import { createSqliteEventStore } from '../../src/eventstore/sqlite-event-store';
import type { EventStore } from '../../src/eventstore/types';
import { tempSqliteStore } from '../helpers/temp-store';

type Counted = { type: 'Counted'; data: { n: number } };
/** The sum of a stream's numbers. */
const sum: Decider<number, never, Counted> = { initialState: () => 0, decide: () => [], evolve: (s, e) => s + e.data.n };

let serial = 0;
const append = (store: EventStore, stream: string, n: number) =>
  store.appendToStream(stream, [{ id: `00000000-0000-4000-8000-${String(++serial).padStart(12, '0')}`, type: 'Counted', data: { n }, metadata: {} }], { expectedRevision: 'any' });

/** The real store, counting the stream reads that reach it. */
function counting(store: EventStore) {
  const counter = { reads: 0 };
  const wrapped: EventStore = Object.create(store);
  wrapped.readStream = (...args) => {
    counter.reads++;
    return store.readStream(...args);
  };
  wrapped.watchStreams = store.watchStreams?.bind(store);
  return { store: wrapped, counter };
}

async function until(check: () => Promise<boolean>, timeoutMs = 2000): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('not within the time');
    await new Promise((r) => setTimeout(r, 2));
  }
  return Date.now() - start;
}

describe('loadState over a store that watches its streams', () => {
  let temp: ReturnType<typeof tempSqliteStore>;
  beforeEach(() => (temp = tempSqliteStore()));
  afterEach(() => temp.dispose());

  it('serves an unchanged stream without reading it, and sees this process’s appends at once', async () => {
    const { store, counter } = counting(temp.store);
    await append(store, 't_1.counter-a', 2);
    expect(await loadState(store, sum, 't_1.counter-a')).toBe(2);
    const reads = counter.reads;
    for (let i = 0; i < 10; i++) expect(await loadState(store, sum, 't_1.counter-a')).toBe(2);
    expect(counter.reads).toBe(reads);
    await append(store, 't_1.counter-a', 3);
    expect(await loadState(store, sum, 't_1.counter-a')).toBe(5);
    expect(counter.reads).toBe(reads + 1);
  });

  it('sees another process’s append within a few poll intervals', async () => {
    const { store } = counting(temp.store);
    await append(store, 't_1.counter-b', 1);
    expect(await loadState(store, sum, 't_1.counter-b')).toBe(1);
    const other = createSqliteEventStore({ file: join(temp.dir, 'pos.sqlite') });
    try {
      await append(other, 't_1.counter-b', 10);
      const ms = await until(async () => (await loadState(store, sum, 't_1.counter-b')) === 11);
      expect(ms).toBeLessThan(500);
      // Another stream the other process wrote is seen as well; one it did not write stays served from memory.
      await append(store, 't_1.counter-c', 4);
      expect(await loadState(store, sum, 't_1.counter-c')).toBe(4);
      await append(other, 't_1.counter-c', 5);
      await until(async () => (await loadState(store, sum, 't_1.counter-c')) === 9);
      expect(await loadState(store, sum, 't_1.counter-b')).toBe(11);
    } finally {
      await other.close();
    }
  });

  it('a deleted stream is read again', async () => {
    const stream = 't_1.session-s_1';
    await append(temp.store, stream, 7);
    expect(await loadState(temp.store, sum, stream)).toBe(7);
    await temp.store.deleteStream(stream, { expectedRevision: 0n as never });
    expect(await loadState(temp.store, sum, stream)).toBe(0);
  });
});
