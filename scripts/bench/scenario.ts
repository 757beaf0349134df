import { performance } from 'node:perf_hooks';
import { createSqliteEventStore } from '../../src/eventstore/sqlite-event-store';
import { measureAppends, type AppendRun } from './append';
import type { StreamNaming } from './events';
import { measureRawInsert } from './ceiling';
import { passes, readWholeLog, subscribeThrough } from './read';
import { seedStore, truncateTo } from './seed';
import { eventsPerSecond, figure, repeat, type Figure } from './stats';
import { removeDatabase } from './temp';

export interface BenchConfig {
  runs: number;
  writers: number;
  /** Appends per writer per 64-writer run. */
  appendsPerWriter: number;
  /** Appends per single-writer run. */
  singleWriterAppends: number;
  /** A read or subscription run covers at least this many events (whole passes over the log). */
  minEventsPerReadRun: number;
}

export interface ScaleResult {
  storeEvents: number;
  seedSeconds: number;
  concurrent: { throughput: Figure; p99Ms: Figure };
  /** The same with random UUIDv4 stream names: the worst case, reported, not a target. */
  randomNames: { throughput: Figure; p99Ms: Figure };
  single: { throughput: Figure; p99Ms: Figure };
  ceiling: Figure;
  /** Median over runs of (64-writer run ÷ raw insert of the same rows). */
  ratioToCeiling: Figure;
  readAll: Figure;
  subscription: Figure;
}

const log = (message: string): void => void process.stderr.write(`  ${message}\n`);

/**
 * Everything measured on one store of `storeEvents` events: reads and subscriptions first, then
 * appends, each append run starting again from exactly `storeEvents` events.
 */
export async function measureScale(file: string, ceilingFile: string, storeEvents: number, config: BenchConfig): Promise<ScaleResult> {
  removeDatabase(file);
  const store = createSqliteEventStore({ file });
  try {
    const seedStart = performance.now();
    await seedStore(store, storeEvents);
    const seedSeconds = (performance.now() - seedStart) / 1000;
    log(`seeded ${storeEvents.toLocaleString('en-US')} events in ${seedSeconds.toFixed(1)} s`);

    const passesPerRun = Math.max(1, Math.ceil(config.minEventsPerReadRun / storeEvents));
    await subscribeThrough(store, Math.min(storeEvents, 10_000)); // warm-up
    const readAll = await repeat(config.runs, () => eventsPerSecond(() => passes(passesPerRun, storeEvents, () => readWholeLog(store))));
    log(`readAll: ${readAll.map((v) => Math.round(v)).join(', ')} events/s`);
    const subscription = await repeat(config.runs, () =>
      eventsPerSecond(() => passes(passesPerRun, storeEvents, () => subscribeThrough(store, storeEvents))),
    );
    log(`subscription: ${subscription.map((v) => Math.round(v)).join(', ')} events/s`);

    const appendRun = async (writers: number, appendsPerWriter: number, naming: StreamNaming = 'ulid'): Promise<AppendRun> => {
      const run = await measureAppends(store, writers, appendsPerWriter, naming);
      truncateTo(store, storeEvents);
      return run;
    };
    await appendRun(config.writers, Math.ceil(config.appendsPerWriter / 10)); // warm-up
    const concurrent: AppendRun[] = [];
    const ceiling: number[] = [];
    for (let i = 0; i < config.runs; i++) {
      const run = await appendRun(config.writers, config.appendsPerWriter);
      concurrent.push(run);
      ceiling.push(measureRawInsert(ceilingFile, run.plans));
    }
    log(`${config.writers} writers: ${concurrent.map((r) => Math.round(r.eventsPerSecond)).join(', ')} events/s; raw: ${ceiling.map(Math.round).join(', ')}`);
    const randomNames = await repeat(config.runs, () => appendRun(config.writers, config.appendsPerWriter, 'uuid'));
    log(`${config.writers} writers, random stream names: ${randomNames.map((r) => Math.round(r.eventsPerSecond)).join(', ')} events/s`);
    const single = await repeat(config.runs, () => appendRun(1, config.singleWriterAppends));
    log(`1 writer: ${single.map((r) => Math.round(r.eventsPerSecond)).join(', ')} events/s`);

    return {
      storeEvents,
      seedSeconds,
      concurrent: { throughput: figure(concurrent.map((r) => r.eventsPerSecond)), p99Ms: figure(concurrent.map((r) => r.p99Ms)) },
      randomNames: { throughput: figure(randomNames.map((r) => r.eventsPerSecond)), p99Ms: figure(randomNames.map((r) => r.p99Ms)) },
      single: { throughput: figure(single.map((r) => r.eventsPerSecond)), p99Ms: figure(single.map((r) => r.p99Ms)) },
      ceiling: figure(ceiling),
      ratioToCeiling: figure(concurrent.map((r, i) => r.eventsPerSecond / ceiling[i]!)),
      readAll: figure(readAll),
      subscription: figure(subscription),
    };
  } finally {
    await store.close();
    removeDatabase(file);
  }
}
