import { mkdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createSqliteEventStore, type SqliteEventStore } from '../../src/eventstore/sqlite-event-store';
import { seedCatalog } from './catalog-seed';
import { TENANTS } from './events';
import { repeatPushes, type PushFigures } from './push';
import { startPushTarget } from './push-server';
import { measureRebuild, type RebuildRun } from './rebuild';
import { hitsByQuery, measureSearch, QUERIES, type SearchRun } from './search';
import { figure, median, repeat, type Figure } from './stats';
import { removeDatabase } from './temp';

export interface ProjectionsConfig {
  runs: number;
  rebuildEvents: number;
  rebuildItems: number;
  /** A rebuild still going after this long is cut where it is (see rebuild.ts). */
  rebuildBudgetSeconds: number;
  searchItems: number;
  queriesPerRun: number;
  pushRate: number;
  pushSeconds: number;
  /** Items the PATCHes go round, so no two in flight hit one item. */
  pushItems: number;
}

export interface ProjectionsResult {
  seedSeconds: number;
  rebuild: RebuildRun[];
  search: { p50Ms: Figure; p99Ms: Figure; hits: Record<string, number>; p99ByQuery: Record<string, number> };
  push: { [K in keyof PushFigures]: Figure };
  /** Errors of every push run together, by kind. */
  pushErrorKinds: Record<string, number>;
}

const log = (message: string): void => void process.stderr.write(`  ${message}\n`);
const SEARCH_TENANT = 't_search';

async function withStore<T>(file: string, use: (store: SqliteEventStore) => Promise<T>): Promise<T> {
  removeDatabase(file);
  const store = createSqliteEventStore({ file });
  try {
    return await use(store);
  } finally {
    await store.close();
    removeDatabase(file);
  }
}

async function rebuildRuns(file: string, config: ProjectionsConfig): Promise<{ seedSeconds: number; runs: RebuildRun[] }> {
  return withStore(file, async (store) => {
    const seedStart = performance.now();
    await seedCatalog(store, TENANTS, config.rebuildItems, config.rebuildEvents);
    const seedSeconds = (performance.now() - seedStart) / 1000;
    log(`seeded ${config.rebuildEvents.toLocaleString('en-US')} catalog events in ${seedSeconds.toFixed(1)} s`);
    const runs = await repeat(config.runs, async () => {
      const run = await measureRebuild(store, config.rebuildEvents, config.rebuildBudgetSeconds);
      log(`rebuild: ${Math.round(run.eventsPerSecond)} events/s, ${run.complete ? 'whole log' : `cut at ${run.events} events`} in ${run.seconds.toFixed(1)} s`);
      return run;
    });
    return { seedSeconds, runs };
  });
}

async function searchRuns(file: string, config: ProjectionsConfig): Promise<ProjectionsResult['search']> {
  return withStore(file, async (store) => {
    await seedCatalog(store, [SEARCH_TENANT], config.searchItems, config.searchItems);
    const built = await measureRebuild(store, config.searchItems, Number.POSITIVE_INFINITY);
    log(`search: read model of ${config.searchItems} items built in ${built.seconds.toFixed(1)} s`);
    const hits = await hitsByQuery(store, SEARCH_TENANT, config.searchItems);
    await measureSearch(store, SEARCH_TENANT, QUERIES.length * 10); // warm-up
    const runs: SearchRun[] = await repeat(config.runs, () => measureSearch(store, SEARCH_TENANT, config.queriesPerRun));
    log(`search p99: ${runs.map((r) => r.p99Ms.toFixed(2)).join(', ')} ms`);
    const p99ByQuery = Object.fromEntries(QUERIES.map((q) => [q, median(runs.map((r) => r.p99ByQuery[q]!))]));
    return { p50Ms: figure(runs.map((r) => r.p50Ms)), p99Ms: figure(runs.map((r) => r.p99Ms)), hits, p99ByQuery };
  });
}

async function pushRuns(dataDir: string, config: ProjectionsConfig): Promise<Pick<ProjectionsResult, 'push' | 'pushErrorKinds'>> {
  mkdirSync(dataDir, { recursive: true });
  const target = await startPushTarget(dataDir, config.pushItems);
  try {
    return await repeatPushes(target, config.pushRate, config.pushSeconds, config.runs, 'pushes');
  } finally {
    await target.close();
  }
}

/** The three figures of the projections section, each on its own data. */
export async function measureProjections(file: (name: string) => string, config: ProjectionsConfig): Promise<ProjectionsResult> {
  process.stderr.write('projections and pushes:\n');
  const { seedSeconds, runs } = await rebuildRuns(file('catalog.sqlite'), config);
  const search = await searchRuns(file('search.sqlite'), config);
  const { push, pushErrorKinds } = await pushRuns(file('server'), config);
  return { seedSeconds, rebuild: runs, search, push, pushErrorKinds };
}
