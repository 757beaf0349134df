import { performance } from 'node:perf_hooks';

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(values: Float64Array, p: number): number {
  if (values.length === 0) throw new Error('percentile of nothing');
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Runs `work` (which returns how many events it handled) and answers events per second. */
export async function eventsPerSecond(work: () => Promise<number>): Promise<number> {
  const start = performance.now();
  const events = await work();
  return events / ((performance.now() - start) / 1000);
}

/** The median of several runs, with the runs themselves to show the spread. */
export interface Figure {
  median: number;
  runs: number[];
}

export function figure(runs: number[]): Figure {
  return { median: median(runs), runs };
}

export async function repeat<T>(times: number, run: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < times; i++) results.push(await run(i));
  return results;
}
