import type { ChangeFeed } from './sqlite-change-feed';
import { subscriptionHandle } from './subscription-handle';
import type { LogTail } from './sqlite-log-tail';
import { position, type Position, type RecordedEvent, type SubscribeOptions, type Subscription } from './types';

const PAGE_SIZE = 1000;

/**
 * A pull-based catch-up subscription: it reads pages after its last delivered position, so it
 * never buffers more than a page, never misses an event and never delivers one twice. When a
 * page reaches the head it is live and sleeps until the change feed says the log grew.
 */
export function createSqliteSubscription(tail: LogTail, feed: ChangeFeed, options: SubscribeOptions): Subscription {
  let last: Position = options.fromPosition ?? position(0);
  let closed = false;
  let markCaughtUp!: () => void;
  const caughtUp = new Promise<void>((resolve) => (markCaughtUp = resolve));

  async function* events(): AsyncGenerator<RecordedEvent> {
    while (!closed) {
      // A page reaches up to the head as it was before the read, so a filtered subscription moves
      // past events it does not want instead of scanning them again on every wake-up.
      const page = tail.read(last, PAGE_SIZE, options.filter);
      for (const event of page.events) {
        if (closed) return;
        last = event.position;
        yield event;
      }
      if (page.upTo > last) last = page.upTo;
      if (page.more) continue;
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
