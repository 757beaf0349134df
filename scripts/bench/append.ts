import { performance } from 'node:perf_hooks';
import type { EventStore } from '../../src/eventstore/types';
import { planAppends, type PlannedAppend, type StreamNaming } from './events';
import { percentile } from './stats';

export interface AppendRun {
  eventsPerSecond: number;
  p99Ms: number;
  /** The rows this run appended, for the raw-SQLite ceiling to insert the same. */
  plans: PlannedAppend[];
}

/** One writer: its appends one after another, each awaited; records each call's latency. */
async function writer(store: EventStore, plans: readonly PlannedAppend[], latencies: Float64Array, offset: number): Promise<void> {
  for (let i = 0; i < plans.length; i++) {
    const { stream, events } = plans[i]!;
    const start = performance.now();
    await store.appendToStream(stream, events, { expectedRevision: 'no_stream' });
    latencies[offset + i] = performance.now() - start;
  }
}

/**
 * `writers` concurrent writers, each appending `appendsPerWriter` single events, each to a new
 * stream with expectedRevision 'no_stream'. Events are built before the clock starts.
 */
export async function measureAppends(store: EventStore, writers: number, appendsPerWriter: number, naming: StreamNaming = 'ulid'): Promise<AppendRun> {
  const plans = planAppends(writers * appendsPerWriter, 1, naming);
  const latencies = new Float64Array(plans.length);
  const start = performance.now();
  await Promise.all(
    Array.from({ length: writers }, (_, w) =>
      writer(store, plans.slice(w * appendsPerWriter, (w + 1) * appendsPerWriter), latencies, w * appendsPerWriter),
    ),
  );
  const seconds = (performance.now() - start) / 1000;
  return { eventsPerSecond: plans.length / seconds, p99Ms: percentile(latencies, 99), plans };
}
