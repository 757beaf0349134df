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

/**
 * Folds a stream into its current state, for reads that need an aggregate rather than a read
 * model (catalog prices, the tenant's settings, sign-in). States are immutable, so the last one
 * is kept and only the events appended since are read and folded: an unchanged stream costs one
 * empty index probe. Any process may have appended meanwhile; reading from the revision covers it.
 */
export async function loadState<S, C, E extends Message>(store: EventStore, decider: Decider<S, C, E>, stream: string): Promise<S> {
  let cache = snapshots.get(store);
  if (!cache) snapshots.set(store, (cache = new Map()));
  const known = cache.get(stream);
  const usable = known && known.decider === decider ? known : undefined;
  const events = await store.readStream(stream, usable ? { fromRevision: revision(usable.revision + 1n) } : {});
  let state = usable ? (usable.state as S) : decider.initialState();
  for (const event of events) state = decider.evolve(state, { type: event.type, data: event.data } as E);
  const last = events[events.length - 1];
  cache.delete(stream);
  if (last || usable) cache.set(stream, { decider, revision: last ? last.revision : usable!.revision, state });
  if (cache.size > MAX_SNAPSHOTS) cache.delete(cache.keys().next().value!);
  return state;
}
