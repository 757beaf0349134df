import { position, type EventStore } from '../../src/eventstore/types';

export const PAGE_SIZE = 1000;

/** Reads the whole global log with readAll pages; `fromPosition` is the last position of the previous page. */
export async function readWholeLog(store: EventStore): Promise<number> {
  let total = 0;
  let from = position(0);
  for (;;) {
    const page = await store.readAll({ fromPosition: from, maxCount: PAGE_SIZE });
    total += page.length;
    if (page.length < PAGE_SIZE) return total;
    from = page[page.length - 1]!.position;
  }
}

/** A catch-up subscription from the start, iterated with `for await` until it has delivered `count` events. */
export async function subscribeThrough(store: EventStore, count: number): Promise<number> {
  const subscription = store.subscribeToAll({});
  let delivered = 0;
  let last = 0n;
  try {
    for await (const event of subscription) {
      last = event.position;
      if (++delivered === count) break;
    }
  } finally {
    await subscription.close();
  }
  // Positions start at 1 and have no gaps in a freshly seeded store: the last one proves the order.
  if (last !== BigInt(count)) throw new Error(`Subscription ended at position ${last} after ${delivered} events`);
  return delivered;
}

/** Repeats a pass over the log `passes` times and checks each covered the whole log. */
export async function passes(times: number, expected: number, pass: () => Promise<number>): Promise<number> {
  let total = 0;
  for (let i = 0; i < times; i++) {
    const seen = await pass();
    if (seen !== expected) throw new Error(`A pass saw ${seen} events, expected ${expected}`);
    total += seen;
  }
  return total;
}
