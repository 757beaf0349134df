/**
 * Throughput and latency of the embedded SQLite event store under durable settings.
 * `npm run bench` prints the table and rewrites docs/BENCHMARKS.md. See that file for the method.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { environment, figureRows, scaleRows, storeLabel, toMarkdown, toText, type Report } from './bench/report';
import { measureScale, type BenchConfig, type ScaleResult } from './bench/scenario';
import { createTempDir } from './bench/temp';

const CONFIG: BenchConfig = {
  runs: 5,
  writers: 64,
  appendsPerWriter: 200,
  singleWriterAppends: 2000,
  minEventsPerReadRun: 200_000,
};

/** Store sizes; BENCH_SCALES=10000,100000 overrides them for a quick try (it still rewrites the doc). */
const SCALES = (process.env.BENCH_SCALES ?? '10000,1000000').split(',').map(Number);
const DOC = resolve(__dirname, '..', 'docs', 'BENCHMARKS.md');

async function main(): Promise<void> {
  const started = performance.now();
  const temp = createTempDir();
  process.once('SIGINT', () => {
    temp.dispose();
    process.exit(130);
  });
  const results: ScaleResult[] = [];
  try {
    for (const events of SCALES) {
      process.stderr.write(`store of ${storeLabel(events)} events:\n`);
      results.push(await measureScale(temp.file(`store-${events}.sqlite`), temp.file('ceiling.sqlite'), events, CONFIG));
    }
  } finally {
    temp.dispose();
  }
  const report: Report = {
    env: environment('npm run bench'),
    config: CONFIG,
    results,
    figures: figureRows(results, CONFIG.writers),
    scale: scaleRows(results[0]!, results[results.length - 1]!, CONFIG.writers),
    totalSeconds: (performance.now() - started) / 1000,
  };
  process.stdout.write(`${toText(report)}\n`);
  writeFileSync(DOC, toMarkdown(report));
  process.stdout.write(`Wrote ${DOC}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
