import type { RecordedEvent, Subscription } from './types';

/** Wraps an adapter's event generator as a Subscription that can be iterated once. */
export function subscriptionHandle(options: { caughtUp: Promise<void>; events: () => AsyncGenerator<RecordedEvent>; close: () => Promise<void> }): Subscription {
  let iterator: AsyncGenerator<RecordedEvent> | undefined;
  return {
    caughtUp: options.caughtUp,
    [Symbol.asyncIterator]() {
      if (iterator) throw new Error('A subscription can be iterated once');
      iterator = options.events();
      return iterator;
    },
    close: options.close,
  };
}
