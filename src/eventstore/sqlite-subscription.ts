import type { ChangeFeed } from './sqlite-change-feed';
import { subscriptionHandle } from './subscription-handle';
import type { EventQueries } from './sqlite-queries';
import { position, type Position, type RecordedEvent, type SubscribeOptions, type Subscription } from './types';

const PAGE_SIZE = 1000;

/**
 * A pull-based catch-up subscription: it reads pages after its last delivered position, so it
 * never buffers more than a page, never misses an event and never delivers one twice. When a
 * page comes back empty it is live and sleeps until the change feed says the log grew.
 */
export function createSqliteSubscription(queries: EventQueries, feed: ChangeFeed, options: SubscribeOptions): Subscription {
  let last: Position = options.fromPosition ?? position(0);
  let closed = false;
  let markCaughtUp!: () => void;
  const caughtUp = new Promise<void>((resolve) => (markCaughtUp = resolve));

  async function* events(): AsyncGenerator<RecordedEvent> {
    while (!closed) {
      // Everything up to the head as it is before the read is scanned by a short page, so a
      // filtered subscription moves past events it does not want instead of scanning them again
      // on every wake-up (writes are serialised: nothing at or below the head can still appear).
      const head = position(queries.head());
      const page = queries.readAll(last, PAGE_SIZE, options.filter);
      for (const event of page) {
        if (closed) return;
        last = event.position;
        yield event;
      }
      if (page.length === PAGE_SIZE) continue;
      if (head > last) last = head;
      markCaughtUp();
      if (!closed) await feed.next();
    }
  }

  return subscriptionHandle({
    caughtUp,
    events,
    async close() {
      closed = true;
      markCaughtUp();
      feed.notify();
    },
  });
}
