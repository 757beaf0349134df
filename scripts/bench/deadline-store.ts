import { performance } from 'node:perf_hooks';
import { position, type EventStore, type Position, type RecordedEvent, type SubscribeOptions, type Subscription } from '../../src/eventstore/types';

/** An event store that pretends the log ends where its subscriptions were when the deadline passed. */
export interface DeadlineStore extends EventStore {
  /** Where the log was cut (the last event delivered before the deadline), if it was. */
  cutAt(): Position | undefined;
}

/**
 * Wraps a store so that a run over a long log can be stopped at a deadline without touching the
 * code under test: after `deadline` (a `performance.now()` time) subscriptions end after the event
 * they last delivered, and `headPosition()` answers that event's position, so a rebuild sees the
 * head reached, commits what it has and swaps in. Before the deadline everything passes through.
 */
export function withDeadline(store: EventStore, deadline: number): DeadlineStore {
  let cut: Position | undefined;
  const subscribe = (options?: SubscribeOptions): Subscription => {
    const inner = store.subscribeToAll(options);
    let last: Position = options?.fromPosition ?? position(0);
    return {
      caughtUp: inner.caughtUp,
      close: () => inner.close(),
      [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
        const iterator = inner[Symbol.asyncIterator]();
        return {
          async next(): Promise<IteratorResult<RecordedEvent>> {
            if (cut !== undefined || performance.now() >= deadline) {
              cut ??= last;
              return { done: true, value: undefined };
            }
            const result = await iterator.next();
            if (!result.done) last = result.value.position;
            return result;
          },
          return: async () => (await iterator.return?.()) ?? { done: true, value: undefined },
        };
      },
    };
  };
  return {
    appendToStream: (stream, events, options) => store.appendToStream(stream, events, options),
    readStream: (stream, options) => store.readStream(stream, options),
    readAll: (options) => store.readAll(options),
    subscribeToAll: subscribe,
    deleteStream: (stream, options) => store.deleteStream(stream, options),
    headPosition: async () => cut ?? store.headPosition(),
    ping: () => store.ping(),
    close: () => store.close(),
    cutAt: () => cut,
  };
}
