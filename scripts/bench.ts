/**
 * Throughput and latency of the embedded SQLite event store under durable settings, then of the
 * projections and pushes on top of it, then of restaurant orders and retail sales over HTTP. `npm run bench` prints the tables and rewrites
 * docs/BENCHMARKS.md. See that file for the method.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { measureAudit, type AuditConfig } from './bench/audit';
import { measureExports, type ExportsConfig } from './bench/exports';
import { measureProjections, type ProjectionsConfig } from './bench/projections';
import { environment, eventStorePart, figureRows, scaleRows, storeLabel, toMarkdown, toText, withSectionReplaced, type EventStoreReport, type Report, type Section } from './bench/report';
import { auditRows, auditSection } from './bench/report-audit';
import { exportsSection } from './bench/report-exports';
import { projectionRows, projectionsSection } from './bench/report-projections';
import { restaurantRows, restaurantSection } from './bench/report-restaurant';
import { retailReport, retailSection } from './bench/report-retail';
import { measureRestaurant, type RestaurantConfig } from './bench/restaurant';
import { measureRetail, type RetailConfig } from './bench/retail';
import { measureScale, type BenchConfig, type ScaleResult } from './bench/scenario';
import { createTempDir } from './bench/temp';

const CONFIG: BenchConfig = {
  runs: 5,
  writers: 64,
  appendsPerWriter: 200,
  singleWriterAppends: 2000,
  minEventsPerReadRun: 200_000,
};

const PROJECTIONS: ProjectionsConfig = {
  runs: 3,
  rebuildEvents: 1_000_000,
  rebuildItems: 100_000,
  rebuildBudgetSeconds: 45,
  searchItems: 10_000,
  queriesPerRun: 2_000,
  pushRate: 500,
  pushSeconds: 10,
  pushItems: 1_000,
};

const RESTAURANT: RestaurantConfig = {
  runs: 3,
  connections: 50,
  seconds: 8,
  warmupSeconds: 2,
};

const RETAIL: RetailConfig = {
  runs: 3,
  connections: 50,
  seconds: 8,
  warmupSeconds: 2,
  pushRate: 500,
  pushSeconds: 10,
};

/** Store sizes; BENCH_SCALES=10000,100000 overrides them for a quick try (it still rewrites the doc). */
const SCALES = (process.env.BENCH_SCALES ?? '10000,1000000').split(',').map(Number);
/** BENCH_ONLY=<section key> runs one section (and the doc then holds only that one). */
const ONLY = process.env.BENCH_ONLY;
const DOC = resolve(__dirname, '..', 'docs', 'BENCHMARKS.md');

async function eventStoreSection(file: (name: string) => string): Promise<EventStoreReport> {
  const results: ScaleResult[] = [];
  for (const events of SCALES) {
    process.stderr.write(`store of ${storeLabel(events)} events:\n`);
    results.push(await measureScale(file(`store-${events}.sqlite`), file('ceiling.sqlite'), events, CONFIG));
  }
  return {
    config: CONFIG,
    results,
    figures: figureRows(results, CONFIG.writers),
    scale: scaleRows(results[0]!, results[results.length - 1]!, CONFIG.writers),
  };
}

const AUDIT: AuditConfig = {
  runs: 3,
  events: Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000),
  pageSize: 10_000,
};

const EXPORTS: ExportsConfig = {
  runs: 3,
  rows: Number(process.env.BENCH_EXPORT_ROWS ?? 1_000_000),
  seedBatch: 50_000,
  probeIntervalMs: 20,
  baselineSeconds: 5,
  rssSampleMs: 50,
};

/** The sections after the event store's, in the order they run. */
const SECTIONS: { key: string; run: (file: (name: string) => string) => Promise<Section> }[] = [
  {
    key: 'projections',
    run: async (file) => {
      const result = await measureProjections(file, PROJECTIONS);
      return projectionsSection({ config: PROJECTIONS, result, figures: projectionRows(result, PROJECTIONS) });
    },
  },
  {
    key: 'restaurant',
    run: async (file) => {
      const result = await measureRestaurant(file('restaurant'), RESTAURANT);
      return restaurantSection({ config: RESTAURANT, result, figures: restaurantRows(result, RESTAURANT) });
    },
  },
  { key: 'retail', run: async (file) => retailSection(retailReport(await measureRetail(file('retail'), RETAIL), RETAIL)) },
  {
    key: 'audit',
    run: async (file) => {
      const result = await measureAudit(file('audit'), AUDIT);
      return auditSection({ config: AUDIT, result, figures: auditRows(result, AUDIT) });
    },
  },
  { key: 'exports', run: async (file) => exportsSection({ config: EXPORTS, result: await measureExports(file('exports'), EXPORTS) }) },
];
const KEYS = ['eventstore', ...SECTIONS.map((s) => s.key)];

async function main(): Promise<void> {
  if (ONLY !== undefined && !KEYS.includes(ONLY)) throw new Error(`BENCH_ONLY must be one of ${KEYS.join(', ')}, not ${ONLY}`);
  const runs = (section: string): boolean => ONLY === undefined || ONLY === section;
  const started = performance.now();
  const temp = createTempDir();
  process.once('SIGINT', () => {
    temp.dispose();
    process.exit(130);
  });
  const report: Report = { env: environment(ONLY ? `BENCH_ONLY=${ONLY} npm run bench` : 'npm run bench'), sections: [], available: KEYS, totalSeconds: 0 };
  try {
    if (runs('eventstore')) report.eventStore = await eventStoreSection(temp.file);
    for (const section of SECTIONS) if (runs(section.key)) report.sections.push(await section.run(temp.file));
  } finally {
    temp.dispose();
  }
  report.totalSeconds = (performance.now() - started) / 1000;
  process.stdout.write(`${toText(report)}\n`);
  // One section alone replaces just its own part of the file (the whole file is written when there is none yet).
  const section = ONLY === undefined ? undefined : ONLY === 'eventstore' ? eventStorePart(report.eventStore!) : report.sections[0];
  writeFileSync(DOC, section && existsSync(DOC) ? withSectionReplaced(readFileSync(DOC, 'utf8'), section, report.env) : toMarkdown(report));
  process.stdout.write(`Wrote ${DOC}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
