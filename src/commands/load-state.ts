import type { Decider, Message } from '../domain/decider';
import type { EventStore } from '../eventstore/types';

/** Folds a stream into its current state, for reads that need an aggregate rather than a read model. */
export async function loadState<S, C, E extends Message>(store: EventStore, decider: Decider<S, C, E>, stream: string): Promise<S> {
  const events = await store.readStream(stream);
  return events.reduce((state, event) => decider.evolve(state, { type: event.type, data: event.data } as E), decider.initialState());
}
