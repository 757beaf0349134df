import type { Decider, Message } from '../domain/decider';
import { revision, type EventStore } from '../eventstore/types';

interface Snapshot {
  decider: unknown;
  revision: bigint;
  state: unknown;
}

const MAX_SNAPSHOTS = 20_000;
/** Per store, the last folded state of recently read streams (LRU by Map order). */
const snapshots = new WeakMap<EventStore, Map<string, Snapshot>>();

function cacheOf(store: EventStore): Map<string, Snapshot> {
  let cache = snapshots.get(store);
  if (!cache) {
    const created = new Map<string, Snapshot>();
    snapshots.set(store, (cache = created));
    // A stream written (or deleted) since is read again from its start: the streams folded here are short.
    store.watchStreams?.((streams) => {
      for (const stream of streams) created.delete(stream);
    });
  }
  return cache;
}

/**
 * Folds a stream into its current state, for reads that need an aggregate rather than a read
 * model (catalog prices, the tenant's settings, sign-in). States are immutable, so the last one
 * is kept and only the events appended since are read and folded: an unchanged stream costs one
 * empty index probe — or nothing, when the store watches streams and says none was appended (a
 * commit by another process is seen within its poll interval, a few milliseconds). Commands
 * never decide on this state alone: handleCommand reads the stream it appends to, and the append
 * checks its revision.
 */
export async function loadState<S, C, E extends Message>(store: EventStore, decider: Decider<S, C, E>, stream: string): Promise<S> {
  const cache = cacheOf(store);
  const known = cache.get(stream);
  const usable = known && known.decider === decider ? known : undefined;
  // A store that watches its streams drops a written stream from the cache: what is cached is current.
  if (usable && store.watchStreams) return usable.state as S;
  const events = await store.readStream(stream, usable ? { fromRevision: revision(usable.revision + 1n) } : {});
  let state = usable ? (usable.state as S) : decider.initialState();
  for (const event of events) state = decider.evolve(state, { type: event.type, data: event.data } as E);
  const last = events[events.length - 1];
  cache.delete(stream);
  // An empty stream is remembered too (revision -1): the next read starts at its first event.
  cache.set(stream, { decider, revision: last ? last.revision : (usable?.revision ?? -1n), state });
  if (cache.size > MAX_SNAPSHOTS) cache.delete(cache.keys().next().value!);
  return state;
}
