import type { AuditConfig, AuditResult } from './audit';
import type { Section } from './report';
import { atLeast, figureTable, renderMarkdown, renderText, storeLabel, type FigureRow } from './table';

export interface AuditReport {
  config: AuditConfig;
  result: AuditResult;
  figures: FigureRow[];
}

const TARGET = atLeast(100_000);

export function auditRows(result: AuditResult, config: AuditConfig): FigureRow[] {
  const history = `${storeLabel(config.events)} events, 1 tenant`;
  return [
    { figure: `GET /api/audit/events, pages of ${config.pageSize.toLocaleString('en-US')}, whole history`, store: history, unit: 'events/s', value: result.pages, target: TARGET },
    { figure: 'NDJSON export of the whole history', store: history, unit: 'events/s', value: result.exportNdjson, target: TARGET },
    { figure: 'Verify from the store (GET /api/audit/verify)', store: history, unit: 'events/s', value: result.verifyStore, target: TARGET },
    { figure: 'Verify the export file offline (npm run audit -- verify)', store: history, unit: 'events/s', value: result.verifyFile, target: TARGET },
  ];
}

function notes(report: AuditReport): string[] {
  return [
    `The export file of ${storeLabel(report.config.events)} events is ${(report.result.exportBytes / 1e6).toFixed(0)} MB (${Math.round(report.result.exportBytes / report.config.events)} bytes per event).`,
    `Seeding the history took ${report.result.seedSeconds.toFixed(1)} s (not a figure).`,
  ];
}

function markdown(report: AuditReport): string {
  return `## Audit

Each figure is the **median of ${report.config.runs} runs**; the spread of the runs is shown beside it.

${renderMarkdown(figureTable(report.figures, 'History'))}

${notes(report)
  .map((note) => `- ${note}`)
  .join('\n')}
`;
}

function method(config: AuditConfig): string {
  return `### Audit

- **History**: one tenant of ${config.events.toLocaleString('en-US')} events written straight into a fresh SQLite file (scripts/bench/audit-seed.ts: 50,000 rows per transaction, not timed): order streams of 10 events, ten streams interleaved at a time, ~300 bytes of data, metadata as the command pipeline writes it (actor, terminal, command, correlation and causation ids, prevHash, hash), sealed and stored as the pipeline stores events (\`sealEvent\`), with **valid hash chains**, one event type that no projection reads.
- **Server**: the real server in the bench process on that file (as for the restaurant section); figures are taken once every projection has scanned the log and is idle. An auditor's access token is signed with the bench server's secret.
- **Pages**: \`GET /api/audit/events?fromPosition=…&limit=${config.pageSize}\` over HTTP (fetch, keep-alive) from position 0, each answer read and \`JSON.parse\`d by the client, following \`nextPosition\` until \`hasMore\` is false; events ÷ wall time.
- **NDJSON export**: \`exportTenantHistory\` (what \`npm run audit -- export\` runs, minus process start) into a file under the bench's temp folder, waiting for the file to be flushed. The lines are built by SQLite (\`readAllJson\`), so the figure includes writing the file to this machine's disk.
- **Verify from the store**: \`verifyTenantHistory\` (what \`GET /api/audit/verify\` runs): every event's stored bytes hashed and compared with its recorded hash, every chain link and revision checked (events stored sealed are not parsed; a history this long is checked in ranges on worker threads, one per core; see docs/DECISIONS.md).
- **Verify offline**: \`verifyExportFile\` on that export (what \`npm run audit -- verify\` runs; a file this large is checked in parts on worker threads, one per core).
- Runs in that order, ${config.runs} times each; medians. The machine is shared: other work running meanwhile shows in the spread.
- \`BENCH_ONLY=audit npm run bench\` rewrites only this section and its method in this file, leaving the others as they were.
`;
}

export function auditSection(report: AuditReport): Section {
  return {
    key: 'audit',
    title: 'audit',
    figures: report.figures,
    text: ['Audit:', renderText(figureTable(report.figures, 'History')), '', ...notes(report)].join('\n'),
    markdown: markdown(report),
    method: method(report.config),
    seeding: `${storeLabel(report.config.events)} audit events in ${report.result.seedSeconds.toFixed(1)} s`,
  };
}

