import type { Section } from './report';
import { commandLoadNotes, commandLoadRows, commandLoadTable, type CommandLoadLabels } from './report-command-load';
import type { RetailConfig, RetailResult } from './retail';
import { atMost, exactly, figureTable, renderMarkdown, renderText, type FigureRow } from './table';

export interface RetailReport {
  config: RetailConfig;
  result: RetailResult;
  load: FigureRow[];
  push: FigureRow[];
}

const LABELS: CommandLoadLabels = { command: 'SellItems', rateLabel: 'sales/s', minPerSecond: 2_500, maxP99Ms: 30 };
const n = (value: number): string => value.toLocaleString('en-US');
const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

export function retailReport(result: RetailResult, config: RetailConfig): RetailReport {
  const at = `${config.pushRate}/s × ${config.pushSeconds} s`;
  const { push } = result;
  return {
    config,
    result,
    load: commandLoadRows(result.load, config, LABELS),
    push: [
      { figure: 'stock.changed after the sale’s answer, p50', store: at, unit: 'ms', value: push.pushP50Ms },
      { figure: 'stock.changed after the sale’s answer, p99', store: at, unit: 'ms', value: push.pushP99Ms, target: atMost(50) },
      { figure: 'stock.changed after the sale’s answer, max', store: at, unit: 'ms', value: push.pushMaxMs },
      { figure: 'Pushes that beat their HTTP answer (counted as 0)', store: at, unit: 'count', value: push.pushesFirst },
      { figure: 'Sales answered', store: at, unit: 'commands/s', value: push.commandsPerSecond },
      { figure: 'SellItems answer latency, p99', store: at, unit: 'ms', value: push.httpP99Ms },
      { figure: 'Errors, all runs together (failed, non-201, push missing)', store: at, unit: 'count', value: { median: sum(push.errors.runs), runs: push.errors.runs }, target: exactly(0) },
    ],
  };
}

function notes(report: RetailReport): string[] {
  const errors = Object.entries(report.result.pushErrorKinds).map(([kind, count]) => `${n(count)} × ${kind}`);
  return [...commandLoadNotes(report.result.load, LABELS, 'Sales rung up'), ...(errors.length > 0 ? [`Push run errors by kind: ${errors.join(', ')}.`] : [])];
}

export function retailSection(report: RetailReport): Section {
  const load = commandLoadTable(report.load, LABELS);
  const push = figureTable(report.push, 'Rate');
  return {
    key: 'retail',
    title: 'retail sales',
    figures: [...report.load, ...report.push],
    text: ['Retail sales:', renderText(load), '', renderText(push), '', ...notes(report)].join('\n'),
    markdown: `## Retail sales

Each figure is the **median of ${report.config.runs} runs**; the spread of the runs is shown beside it.

${renderMarkdown(load)}

${renderMarkdown(push)}

${notes(report)
  .map((note) => `- ${note}`)
  .join('\n')}
`,
    method: `### Retail sales

- **Server**: the real server in the bench process, as for restaurant orders: embedded SQLite with its durable default settings, every projection running in the same process on its worker thread (the default). A \`RETAIL\` shop (VND) is signed up over HTTP, its owner logged in, and three stock-tracked items created (with SKU, barcode and a low-stock threshold).
- **Load**: \`POST /api/retail/sales\` with the owner's token and one body for every request: three lines — the first item by \`itemId\` (× 1), the second by \`sku\` (× 3), the third by \`barcode\` (× 2) — paid \`{ method: 'CASH', amountMinor: 100000 }\` (change given), no Idempotency-Key, so each request is a new sale with its own receipt number. autocannon in a child process, ${report.config.connections} connections, ${report.config.seconds} s per run, closed loop, exactly as for PlaceOrder; the bare Express baseline answers a real SellItems answer. One ${report.config.warmupSeconds} s warm-up of each is not counted. Stock goes negative as the runs go on, as it may (a sale is never refused for stock).
- **Push latency**: on the same server afterwards, a \`socket.io-client\` on \`/retail\` with the owner's token; the same sale sent with \`fetch\` **open loop** at ${report.config.pushRate}/s for ${report.config.pushSeconds} s per run (a 1 ms timer sends what the schedule has made due, never waiting for answers). Latency = arrival of the \`stock.changed\` push carrying the sale's position − arrival of the sale's 201 answer, clamped at 0; errors = failed requests + non-201 answers + answers whose push had not come 3 s after the last answer. A 1 s warm-up is not counted. The client shares the process with the server.
`,
  };
}
