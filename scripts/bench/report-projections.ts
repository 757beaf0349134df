import type { Section } from './report';
import type { ProjectionsConfig, ProjectionsResult } from './projections';
import { figure } from './stats';
import { atLeast, atMost, below, exactly, figureTable, renderMarkdown, renderText, storeLabel, type FigureRow, type Table } from './table';

export interface ProjectionsReport {
  config: ProjectionsConfig;
  result: ProjectionsResult;
  figures: FigureRow[];
}

const n = (value: number): string => value.toLocaleString('en-US');
const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

export function projectionRows(result: ProjectionsResult, config: ProjectionsConfig): FigureRow[] {
  const log = `${storeLabel(config.rebuildEvents)} events`;
  const items = `${storeLabel(config.searchItems)} items`;
  const server = `${config.pushRate}/s × ${config.pushSeconds} s`;
  const { push, search } = result;
  return [
    { figure: 'Rebuild of the catalog projection into SQLite', store: log, unit: 'events/s', value: figure(result.rebuild.map((r) => r.eventsPerSecond)), target: atLeast(30_000) },
    { figure: 'Catalog search, p50', store: items, unit: 'ms', value: search.p50Ms, target: below(5) },
    { figure: 'Catalog search, p99', store: items, unit: 'ms', value: search.p99Ms, target: below(5) },
    { figure: 'Push after HTTP answer, p50', store: server, unit: 'ms', value: push.pushP50Ms },
    { figure: 'Push after HTTP answer, p99', store: server, unit: 'ms', value: push.pushP99Ms, target: atMost(50) },
    { figure: 'Push after HTTP answer, max', store: server, unit: 'ms', value: push.pushMaxMs },
    { figure: 'Pushes that beat their HTTP answer (counted as 0)', store: server, unit: 'count', value: push.pushesFirst },
    { figure: 'Commands answered', store: server, unit: 'commands/s', value: push.commandsPerSecond },
    { figure: 'Errors, all runs together (failed, non-200, push missing)', store: server, unit: 'count', value: { median: sum(push.errors.runs), runs: push.errors.runs }, target: exactly(0) },
    { figure: 'PATCH answer latency, p50', store: server, unit: 'ms', value: push.httpP50Ms },
    { figure: 'PATCH answer latency, p99', store: server, unit: 'ms', value: push.httpP99Ms },
  ];
}

/** Notes printed under the table: cut rebuild runs, and what the search mix found. */
export function projectionNotes(report: ProjectionsReport): string[] {
  const { result, config } = report;
  const notes: string[] = [];
  const cut = result.rebuild.filter((r) => !r.complete);
  if (cut.length > 0) {
    notes.push(
      `${cut.length} of ${result.rebuild.length} rebuild runs did not finish within the ${config.rebuildBudgetSeconds} s budget and were cut after ${cut.map((r) => n(r.events)).join(', ')} of ${n(config.rebuildEvents)} events; their rate is over the events done (see Method).`,
    );
  }
  const hits = Object.entries(result.search.hits).map(([q, count]) => `'${q}' ${n(count)}`);
  notes.push(`Search mix, items each query matches: ${hits.join(', ')}.`);
  const p99 = Object.entries(result.search.p99ByQuery).map(([q, ms]) => `'${q}' ${ms.toFixed(2)}`);
  notes.push(`Search p99 by query (ms, median of runs): ${p99.join(', ')}.`);
  const errors = Object.entries(result.pushErrorKinds).map(([kind, count]) => `${n(count)} × ${kind}`);
  if (errors.length > 0) notes.push(`Push run errors by kind: ${errors.join(', ')}.`);
  notes.push(`Seeding the ${storeLabel(config.rebuildEvents)}-event catalog log took ${result.seedSeconds.toFixed(1)} s (not a figure).`);
  return notes;
}

const table = (report: ProjectionsReport): Table => figureTable(report.figures, 'Data');

export function projectionsText(report: ProjectionsReport): string {
  return ['Projections and pushes:', renderText(table(report)), '', ...projectionNotes(report)].join('\n');
}

export function projectionsMarkdown(report: ProjectionsReport): string {
  return `## Projections and pushes

Each figure is the **median of ${report.config.runs} runs**; the spread of the runs is shown beside it.

${renderMarkdown(table(report))}

${projectionNotes(report)
  .map((note) => `- ${note}`)
  .join('\n')}
`;
}

export function projectionsMethod(config: ProjectionsConfig): string {
  return `### Projections and pushes

- **Rebuild**: a fresh SQLite event store (same adapter and pragmas as above) is filled through \`appendToStream\` with ${n(config.rebuildEvents)} catalog events over 16 tenants: first ${n(config.rebuildItems)} \`CatalogItemAdded\` (streams \`{tenant}.catalogitem-{itemId}\`, server-style \`i_\` + ULID ids, Vietnamese and English menu names, SKUs, 13-digit barcodes), then price changes (70%) and detail changes (30%, half of them renames) on random items, one event per append at its exact expected revision, with metadata shaped like the command pipeline's (tenantId, actor, commandId, commandHash, correlationId, causationId, occurredAt, schemaVersion, prevHash, hash). Up to 50,000 appends are queued per tick so they commit together; seeding time is not a figure. Each run is one \`rebuildProjection({ store, projection: catalogProjection, target: createSqliteRebuildTarget(store.db, catalogProjection), log: pino({ level: 'silent' }) })\` over the whole log, swapped in at the end (so runs after the first also drop the previous generation's tables); events/s = events in the log ÷ seconds of the call. The run checks the swapped-in table holds every item. **Time budget**: a run still going after ${config.rebuildBudgetSeconds} s is cut: from then on the store handed to \`rebuildProjection\` ends its subscription after the last event delivered and reports that event as the head, so the rebuild commits, stops and swaps in as if the log ended there; such a run's rate is the position of its last committed batch ÷ the time of that commit. As every item is added in the first ${n(config.rebuildItems)} events, a cut run has measured mostly the cheaper part of the log, while the tables grow: its rate is an upper bound of the whole rebuild's. (A run that passes the target finishes in ${Math.ceil(config.rebuildEvents / 30_000)} s, well inside the budget.)
- **Catalog search**: ${n(config.searchItems)} \`CatalogItemAdded\` events for one tenant (as above) are projected by a rebuild; then \`searchCatalog(readStore, tenantId, { q, limit: 50 })\` (src/projections/catalog-queries.ts) on \`createSqliteReadStore(store.db)\` is called ${n(config.queriesPerRun)} times per run, one after another, cycling through \`pho\`, \`ca phe\`, \`banh mi\`, \`tra\`, a SKU prefix (\`PHO-0001\`), a barcode prefix (\`8934\`), a word in many names (\`da\`) and a miss (\`pizza\`); each call is timed with \`performance.now()\`, p50/p99 by nearest rank per run. The function is timed, not the HTTP route: the route adds authentication, validation and JSON, which the push figures already exercise. A short warm-up is not counted.
- **Push latency**: the real server (\`startServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: <temp>, JWT_SECRET, SIGNUP_RATE_LIMIT_PER_IP: '1000', LOGIN_RATE_LIMIT_PER_IP: '1000', LOG_LEVEL: 'silent' }), pino({ level: 'silent' }))\`, embedded SQLite) runs in the bench process. A shop is signed up and its owner logged in over HTTP; ${n(config.pushItems)} items are created with \`POST /api/catalog/items\`; a \`socket.io-client\` connects to \`/retail\` with the owner's access token (\`transports: ['websocket']\`). Each run sends \`PATCH /api/catalog/items/:itemId\` with a new \`priceMinor\` round-robin over those items (so two PATCHes in flight never hit one item) with Node's \`fetch\` (keep-alive), **open loop**: a 1 ms timer sends whatever the schedule of ${config.pushRate}/s has made due, never waiting for answers, for ${config.pushSeconds} s. For each 200 answer its arrival time and \`position\` are noted, for each \`catalog.changed\` push (\`{ position, item }\`) its arrival time; latency = push arrival − answer arrival for the same position, clamped at 0 (pushes that came first are counted). Commands answered/s = 200 answers ÷ (last answer − first send). Errors = failed requests + non-200 answers + answers whose push had not come 3 s after the last answer; that row gives the total over all runs, not a median. PATCH answer latency = answer arrival − send. A 1 s warm-up at the same rate is not counted. The client shares the process (and one core) with the server, so its cost (fetch, socket.io-client) is part of the figures.
`;
}

export function projectionsSection(report: ProjectionsReport): Section {
  return {
    key: 'projections',
    title: 'projections and pushes',
    figures: report.figures,
    text: projectionsText(report),
    markdown: projectionsMarkdown(report),
    method: projectionsMethod(report.config),
    seeding: `${storeLabel(report.config.rebuildEvents)} catalog events in ${report.result.seedSeconds.toFixed(1)} s`,
  };
}
