import { cpus } from 'node:os';
import type { BenchConfig, ScaleResult } from './scenario';
import type { Figure } from './stats';
import { allRowsPass, atLeast, atMost, figureTable, format, passes, renderMarkdown, renderText, storeLabel, targetText, verdict, type FigureRow, type Table, type Target, type Unit } from './table';

export { storeLabel };
export type { FigureRow };

/** One figure on the small and the large store, and whether it held up. */
export interface ScaleRow {
  figure: string;
  unit: Unit;
  small: number;
  large: number;
  /** large ÷ small. */
  ratio: number;
  target: Target;
}

export interface Environment {
  cpuCount: number;
  cpuModel: string;
  node: string;
  date: string;
  command: string;
}

export function environment(command: string): Environment {
  const all = cpus();
  return { cpuCount: all.length, cpuModel: all[0]?.model.trim() ?? 'unknown', node: process.version, date: new Date().toISOString(), command };
}

export function figureRows(results: readonly ScaleResult[], writers: number): FigureRow[] {
  return results.flatMap((r): FigureRow[] => {
    const store = storeLabel(r.storeEvents);
    return [
      { figure: `Append, ${writers} writers`, store, unit: 'events/s', value: r.concurrent.throughput, target: atLeast(20_000) },
      { figure: `Append, ${writers} writers, p99 latency`, store, unit: 'ms', value: r.concurrent.p99Ms, target: atMost(10) },
      { figure: `Append, ${writers} writers, random UUIDv4 stream names`, store, unit: 'events/s', value: r.randomNames.throughput },
      { figure: `Append, ${writers} writers, random UUIDv4 stream names, p99`, store, unit: 'ms', value: r.randomNames.p99Ms },
      { figure: 'Append, 1 writer', store, unit: 'events/s', value: r.single.throughput },
      { figure: 'Append, 1 writer, p99 latency', store, unit: 'ms', value: r.single.p99Ms },
      { figure: 'Raw better-sqlite3 INSERT, one transaction (ceiling)', store: 'fresh', unit: 'events/s', value: r.ceiling },
      { figure: `Append, ${writers} writers ÷ ceiling`, store, unit: 'ratio', value: r.ratioToCeiling },
      { figure: 'readAll, pages of 1000', store, unit: 'events/s', value: r.readAll, target: atLeast(200_000) },
      { figure: `Catch-up subscription over ${store} events`, store, unit: 'events/s', value: r.subscription, target: atLeast(100_000) },
    ];
  });
}

/** Throughputs may fall, and latencies rise, by at most 10% from the small store to the large one. */
export function scaleRows(small: ScaleResult, large: ScaleResult, writers: number): ScaleRow[] {
  const row = (figure: string, unit: Unit, pick: (r: ScaleResult) => Figure, target: Target): ScaleRow => {
    const a = pick(small).median;
    const b = pick(large).median;
    return { figure, unit, small: a, large: b, ratio: b / a, target };
  };
  return [
    row(`Append, ${writers} writers`, 'events/s', (r) => r.concurrent.throughput, atLeast(0.9)),
    row(`Append, ${writers} writers, p99 latency`, 'ms', (r) => r.concurrent.p99Ms, atMost(1.1)),
    row(`Append, ${writers} writers ÷ ceiling`, 'ratio', (r) => r.ratioToCeiling, atLeast(0.9)),
    row('readAll, pages of 1000', 'events/s', (r) => r.readAll, atLeast(0.9)),
    row('Catch-up subscription (whole store)', 'events/s', (r) => r.subscription, atLeast(0.9)),
  ];
}

function scaleTable(rows: readonly ScaleRow[], smallLabel: string, largeLabel: string): Table {
  return {
    headers: ['Figure', smallLabel, largeLabel, 'Unit', `${largeLabel} ÷ ${smallLabel}`, 'Target', 'Result'],
    rows: rows.map((r) => [r.figure, format(r.small, r.unit), format(r.large, r.unit), r.unit, r.ratio.toFixed(2), targetText(r.target, 'ratio'), verdict(r.ratio, r.target)]),
  };
}

/** The event store section: append, read and subscription figures on each store size. */
export interface EventStoreReport {
  config: BenchConfig;
  results: readonly ScaleResult[];
  figures: FigureRow[];
  scale: ScaleRow[];
}

/** A section of the report after the event store's: its figures, rendered as text, markdown and method. */
export interface Section {
  /** Its `BENCH_ONLY` value. */
  key: string;
  /** How the Sections row names it. */
  title: string;
  figures: FigureRow[];
  text: string;
  markdown: string;
  method: string;
  /** What seeding its data took (not a figure), for the Bench time row. */
  seeding?: string;
}

/** What one `npm run bench` measured: every section, or the one BENCH_ONLY picked. */
export interface Report {
  env: Environment;
  eventStore?: EventStoreReport;
  sections: Section[];
  /** Every section's \`BENCH_ONLY\` value, in the order they run. */
  available: string[];
  totalSeconds: number;
}

function tables(report: EventStoreReport): { figures: Table; scale: Table } {
  const [small, large] = [report.results[0]!, report.results[report.results.length - 1]!];
  return { figures: figureTable(report.figures), scale: scaleTable(report.scale, storeLabel(small.storeEvents), storeLabel(large.storeEvents)) };
}

export function allPass(report: Report): boolean {
  const store = report.eventStore;
  return (
    (!store || (allRowsPass(store.figures) && store.scale.every((r) => passes(r.ratio, r.target)))) && report.sections.every((section) => allRowsPass(section.figures))
  );
}

function sectionsRun(report: Report): string {
  const names = [...(report.eventStore ? ['event store'] : []), ...report.sections.map((s) => s.title)];
  if (names.length > 1) return names.join(', ');
  const only = report.eventStore ? 'eventstore' : report.sections[0]?.key;
  return `${names[0] ?? 'none'} only (\`BENCH_ONLY=${only}\`)`;
}

function eventStoreText(report: EventStoreReport): string {
  const { figures, scale } = tables(report);
  return ['Event store:', renderText(figures), '', 'Scale (large store vs small store):', renderText(scale)].join('\n');
}

export function toText(report: Report): string {
  return [
    `${report.env.cpuCount} × ${report.env.cpuModel}, node ${report.env.node}, ${report.env.date}`,
    ...(report.eventStore ? ['', eventStoreText(report.eventStore)] : []),
    ...report.sections.flatMap((section) => ['', section.text]),
    '',
    `Bench took ${report.totalSeconds.toFixed(0)} s. ${allPass(report) ? 'All targets met.' : 'Some targets missed.'}`,
  ].join('\n');
}

function eventStoreMarkdown(report: EventStoreReport): string {
  const { figures, scale } = tables(report);
  return `## Event store

Each figure is the **median of ${report.config.runs} runs**; the spread of the runs is shown beside it.

${renderMarkdown(figures)}

### Scale

The same figures on the ${storeLabel(report.results[0]!.storeEvents)} store and on the ${storeLabel(report.results[report.results.length - 1]!.storeEvents)} store: no throughput may fall, and no latency rise, by more than 10%.

${renderMarkdown(scale)}
`;
}

function eventStoreMethod(config: BenchConfig): string {
  return `### Event store

- Adapter: \`createSqliteEventStore({ file })\` on a temp file under \`os.tmpdir()\`, opened by \`openSqliteDatabase\` with its durable settings (WAL; the appending connection commits with \`synchronous=NORMAL\` and fsyncs the WAL before it answers); files are deleted afterwards.
- Events: type \`SaleCompleted\`, ~300 bytes of JSON data, metadata as the command pipeline writes it (tenantId, actor, commandId, correlationId, causationId, occurredAt, schemaVersion, prevHash, hash as 64-hex strings), streams \`{tenant}.sale-{ULID}\` over 16 tenants, named as the product names them (server-made ids are time-ordered ULIDs). Events are built before the clock starts.
- Seeding: each store is filled through \`appendToStream\` itself, with many concurrent appends of 20 events to new streams (≈ 50,000 events per group commit), then the WAL is checkpointed. Seeding time is not a figure.
- Order on each store: readAll and subscription first, then appends. After each append run the events it appended are deleted again (outside the clock) and the WAL checkpointed, so every run starts on a store of exactly its nominal size.
- **Append, ${config.writers} writers**: ${config.writers} concurrent writers, each appending ${config.appendsPerWriter} single events one after another (awaited), each to a distinct new stream with \`expectedRevision: 'no_stream'\`; throughput = events ÷ wall time of the run; latency = \`performance.now()\` from the call to its resolution, p99 by nearest rank over the run's ${(config.writers * config.appendsPerWriter).toLocaleString('en-US')} calls. One short warm-up run is not counted.
- **Append, ${config.writers} writers, random UUIDv4 stream names**: the same, but every new stream is named with a random UUIDv4, as a client that sends its own random ids would. This is the worst case for the \`(stream, revision)\` index: each new stream's entry lands on its own leaf page, so a commit of ${config.writers} appends writes ~${config.writers} scattered pages, and more of them miss the page cache as the store grows. Reported, not a target; clients that send their own ids should use time-ordered ones (UUIDv7 or ULID).
- **Append, 1 writer**: the same with one writer, ${config.singleWriterAppends.toLocaleString('en-US')} appends per run.
- **Ceiling**: after each ${config.writers}-writer run, the very rows it appended are inserted by raw better-sqlite3 into a fresh file (same schema via \`migrateEventStore\`, same pragmas via \`openSqliteDatabase\`) with one prepared INSERT in one transaction; rows are serialised before the clock starts, the clock covers BEGIN … COMMIT (one fsync). The ratio is taken run by run and its median quoted.
- **readAll**: \`store.readAll({ fromPosition, maxCount: 1000 })\` from the start until a short page, \`fromPosition\` = last position of the previous page; a run is ≥ ${config.minEventsPerReadRun.toLocaleString('en-US')} events (whole passes over the log, repeated on the small store).
- **Catch-up subscription**: \`store.subscribeToAll({})\` iterated with \`for await\` until it has delivered every event of the store, then closed; timed from the subscribe call; runs as for readAll.
`;
}

/** The event store's part of the file and of its method, for putting it in alone (withSectionReplaced). */
export function eventStorePart(eventStore: EventStoreReport): Pick<Section, 'markdown' | 'method'> {
  return { markdown: eventStoreMarkdown(eventStore), method: eventStoreMethod(eventStore.config) };
}

export function toMarkdown(report: Report): string {
  const { env, eventStore, sections } = report;
  const seeds = [
    ...(eventStore?.results.map((r) => `${storeLabel(r.storeEvents)} in ${r.seedSeconds.toFixed(1)} s`) ?? []),
    ...sections.flatMap((section) => (section.seeding ? [section.seeding] : [])),
  ].join(', ');
  return `# Event store and projection benchmarks

Generated by \`${env.command}\` (scripts/bench.ts); rerun it to refresh this file.

| | |
| --- | --- |
| Machine | ${env.cpuCount} × ${env.cpuModel} |
| Node | ${env.node} |
| Date | ${env.date} |
| Command | \`${env.command}\` |
| Sections | ${sectionsRun(report)} |
| Bench time | ${report.totalSeconds.toFixed(0)} s${seeds ? ` (seeding: ${seeds})` : ''} |
| Verdict | ${allPass(report) ? 'all targets met' : 'some targets missed'} |

${[eventStore && eventStoreMarkdown(eventStore), ...sections.map((section) => section.markdown)].filter(Boolean).join('\n')}
## Method

- \`npm run bench\` runs every section in the order of this file. \`BENCH_ONLY=<section>\` (${report.available.map((k) => `\`${k}\``).join(', ')}) runs just one and replaces only that section and its method here (the header rows stay those of the last full run). \`BENCH_SCALES=10000,100000\` changes the event store sizes for a quick try.

${[eventStore && eventStoreMethod(eventStore.config), ...sections.map((section) => section.method)].filter(Boolean).join('\n')}`;
}

/**
 * A section and its method put into an existing BENCHMARKS.md in place of the ones there (or
 * before "## Method" and at the end when new); every other part of the file stays as it was. The
 * section says when and where it was run, as the header rows stay those of the last full run.
 */
export function withSectionReplaced(doc: string, measured: Pick<Section, 'markdown' | 'method'>, env: Environment): string {
  const heading = (text: string): string => text.slice(0, text.indexOf('\n'));
  const title = heading(measured.markdown);
  const stamp = `*Run on its own: \`${env.command}\`, ${env.date}, ${env.cpuCount} × ${env.cpuModel}, node ${env.node} (the header above is the last full run's).*`;
  const section = { ...measured, markdown: `${title}\n\n${stamp}\n${measured.markdown.slice(title.length)}` };
  const replace = (text: string, title: string, next: RegExp, body: string, insert: (t: string) => string): string => {
    const start = text.split('\n').reduce((found, line, i, lines) => (found < 0 && line === title ? lines.slice(0, i).join('\n').length + (i > 0 ? 1 : 0) : found), -1);
    if (start < 0) return insert(text);
    const rest = text.slice(start + title.length);
    const end = rest.search(next);
    return text.slice(0, start) + body + (end < 0 ? '' : `\n${rest.slice(end + 1)}`);
  };
  const withMarkdown = replace(doc, heading(section.markdown), /\n## /, section.markdown, (t) => t.replace(/^## Method$/m, `${section.markdown}\n## Method`));
  return replace(withMarkdown, heading(section.method), /\n##/, section.method, (t) => `${t.trimEnd()}\n\n${section.method}`);
}
