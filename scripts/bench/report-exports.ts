import type { ExportsConfig, ExportsResult, FormatResult } from './exports';
import type { Section } from './report';
import { atMost, figureTable, renderMarkdown, renderText, type FigureRow } from './table';

export interface ExportsReport {
  config: ExportsConfig;
  result: ExportsResult;
}

const n = (value: number): string => value.toLocaleString('en-US');

function formatRows(format: 'CSV' | 'XLSX', r: FormatResult, rows: number): FigureRow[] {
  const store = `${format}, ${rows >= 1_000_000 ? `${rows / 1_000_000}M` : n(rows)} rows`;
  return [
    { figure: 'Export duration (request → last byte)', store, unit: 's', value: r.seconds },
    { figure: 'Rows exported per second', store, unit: 'rows/s', value: r.rowsPerSecond },
    { figure: 'File size', store, unit: 'MB', value: r.megabytes },
    { figure: 'Server RSS growth (peak during − just before)', store, unit: 'MB', value: r.rssGrowthMb, target: atMost(150) },
    { figure: 'Other GETs, p50, before the export', store, unit: 'ms', value: r.beforeP50Ms },
    { figure: 'Other GETs, p99, before the export', store, unit: 'ms', value: r.beforeP99Ms },
    { figure: 'Other GETs, p50, during the export', store, unit: 'ms', value: r.duringP50Ms },
    { figure: 'Other GETs, p99, during the export', store, unit: 'ms', value: r.duringP99Ms, target: atMost(50) },
  ];
}

function notes(report: ExportsReport): string[] {
  const { result, config } = report;
  return [
    `Seeding ${n(config.rows)} order documents straight into the read store (not measured) took ${result.seedSeconds.toFixed(1)} s.`,
    `Other GETs answered during the exports, all runs together: CSV ${n(result.csv.duringRequests)}, XLSX ${n(result.xlsx.duringRequests)}; probe errors: CSV ${result.csv.probeErrors}, XLSX ${result.xlsx.probeErrors}.`,
    'The first export after the server starts also fills SQLite’s page cache (`cache_size` 64 MB) from a cold file, which is part of that run’s RSS growth: the spread’s maximum is that first run.',
  ];
}

export function exportsSection(report: ExportsReport): Section {
  const { config, result } = report;
  const figures = [...formatRows('CSV', result.csv, config.rows), ...formatRows('XLSX', result.xlsx, config.rows)];
  const table = figureTable(figures, 'Export');
  return {
    key: 'exports',
    title: 'exports',
    figures,
    seeding: `${n(config.rows)} order documents in ${result.seedSeconds.toFixed(1)} s`,
    text: ['Exports:', renderText(table), '', ...notes(report)].join('\n'),
    markdown: `## Exports

Each figure is the **median of ${config.runs} runs**; the spread of the runs is shown beside it.

${renderMarkdown(table)}

${notes(report)
  .map((note) => `- ${note}`)
  .join('\n')}
`,
    method: `### Exports

- **Data**: a \`RESTAURANT\` tenant (VND, Asia/Ho_Chi_Minh) is signed up over HTTP and one catalog item added; the server is stopped and ${n(config.rows)} order documents of that tenant, spread over November 2026, are written straight into the SQLite read store (\`restaurant_orders\`) with \`commit()\` in batches of ${n(config.seedBatch)}. Seeding is not measured.
- **Server**: the real server (\`startServer\`, embedded SQLite, every projection running, logs silent, scheduled jobs off) **in a child process of its own**, so its resident set size is the server's alone: it is read from \`/proc/<pid>/status\` (VmRSS) every ${config.rssSampleMs} ms. RSS growth = the peak during the export − the RSS just before it.
- **Export**: \`GET /api/exports/orders.csv\`, then \`.xlsx\`, \`?from=2026-11-01&to=2026-11-30\` over HTTP with the owner's token, read to its end by the bench process as fast as it arrives (the CSV's lines are counted and must be ${n(config.rows)} + the header). Duration runs from sending the request to the last byte; rows/s = ${n(config.rows)} ÷ that.
- **Other requests**: a third process sends \`GET /api/catalog/items?q=pho\` with the token, one every ${config.probeIntervalMs} ms (open loop: whether or not earlier ones have answered), for ${config.baselineSeconds} s before each export ("before") and during the whole export ("during"); p50/p99 are nearest-rank percentiles of each request's time from sending to the end of its body.
- \`BENCH_ONLY=exports npm run bench\` runs only this section and replaces only it (and this method) in this file. \`BENCH_EXPORT_ROWS=100000\` changes the row count for a quick try.
`,
  };
}
