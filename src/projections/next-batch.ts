import type { RecordedEvent } from '../eventstore/types';

const TICK = Symbol('tick');

/**
 * Groups a subscription into batches: waits for one event, then takes every event that is
 * already available (up to `max`) without waiting for more. "Available" means it arrives before
 * the next macrotask; a pending read is kept for the next batch, so no event is ever dropped.
 */
export function batchesOf(iterator: AsyncIterator<RecordedEvent>, max: number) {
  let pending: Promise<IteratorResult<RecordedEvent>> | undefined;
  const pull = () => (pending ??= iterator.next());

  return async function nextBatch(): Promise<RecordedEvent[] | undefined> {
    const first = await pull();
    pending = undefined;
    if (first.done) return undefined;
    const batch = [first.value];
    const tick = new Promise<typeof TICK>((resolve) => setImmediate(() => resolve(TICK)));
    while (batch.length < max) {
      const next = await Promise.race([pull(), tick]);
      if (next === TICK) break;
      pending = undefined;
      if (next.done) break;
      batch.push(next.value);
    }
    return batch;
  };
}
