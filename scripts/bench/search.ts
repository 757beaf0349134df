import { performance } from 'node:perf_hooks';
import type { SqliteEventStore } from '../../src/eventstore/sqlite-event-store';
import { searchCatalog } from '../../src/projections/catalog-queries';
import { createSqliteReadStore } from '../../src/projections/sqlite-read-store';
import { percentile } from './stats';

/** The query mix: dishes and drinks, a SKU prefix, a barcode prefix, a word in many names, and a miss. */
export const QUERIES: readonly string[] = ['pho', 'ca phe', 'banh mi', 'tra', 'PHO-0001', '8934', 'da', 'pizza'];

export interface SearchRun {
  p50Ms: number;
  p99Ms: number;
  /** p99 of each query of the mix, to show which one is slow. */
  p99ByQuery: Record<string, number>;
}

/** Times `count` calls of `searchCatalog(readStore, tenantId, { q, limit: 50 })`, cycling through QUERIES. */
export async function measureSearch(store: SqliteEventStore, tenantId: string, count: number): Promise<SearchRun> {
  const readStore = createSqliteReadStore(store.db);
  const latencies = new Float64Array(count);
  const byQuery = new Map<string, number[]>(QUERIES.map((q) => [q, []]));
  for (let i = 0; i < count; i++) {
    const q = QUERIES[i % QUERIES.length]!;
    const start = performance.now();
    await searchCatalog(readStore, tenantId, { q, limit: 50 });
    latencies[i] = performance.now() - start;
    byQuery.get(q)!.push(latencies[i]!);
  }
  const p99ByQuery = Object.fromEntries([...byQuery].map(([q, values]) => [q, percentile(Float64Array.from(values), 99)]));
  return { p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), p99ByQuery };
}

/** How many items each query of the mix finds (up to `limit`), to show the mix is realistic. */
export async function hitsByQuery(store: SqliteEventStore, tenantId: string, limit: number): Promise<Record<string, number>> {
  const readStore = createSqliteReadStore(store.db);
  const entries = await Promise.all(QUERIES.map(async (q) => [q, (await searchCatalog(readStore, tenantId, { q, limit })).length] as const));
  return Object.fromEntries(entries);
}
