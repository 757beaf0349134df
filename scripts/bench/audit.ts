import { once } from 'node:events';
import { createWriteStream, mkdirSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { exportTenantHistory } from '../../src/audit/ndjson-export';
import { verifyExportFile } from '../../src/audit/ndjson-verify';
import { verifyTenantHistory } from '../../src/audit/verify-history';
import { createAccessTokens } from '../../src/auth/access-tokens';
import { seedAuditHistory } from './audit-seed';
import { startBenchServer } from './bench-server';
import { figure, repeat, type Figure } from './stats';
import { removeDatabase } from './temp';

export interface AuditConfig {
  runs: number;
  events: number;
  /** `limit` of each GET /api/audit/events page. */
  pageSize: number;
}

export interface AuditResult {
  seedSeconds: number;
  exportBytes: number;
  pages: Figure;
  exportNdjson: Figure;
  verifyStore: Figure;
  verifyFile: Figure;
}

const TENANT = 't_01AUDITBENCH0000000000000';
const log = (message: string): void => void process.stderr.write(`  ${message}\n`);

async function timed(what: string, expected: number, run: () => Promise<number>): Promise<number> {
  const start = performance.now();
  const events = await run();
  const rate = events / ((performance.now() - start) / 1000);
  if (events !== expected) throw new Error(`${what} saw ${events} events, expected ${expected}`);
  log(`${what}: ${Math.round(rate).toLocaleString('en-US')} events/s`);
  return rate;
}

/** Pages the whole history as an auditor's client would: fetch, parse, follow nextPosition. */
async function pageThrough(baseUrl: string, token: string, limit: number): Promise<number> {
  let events = 0;
  let from = '0';
  for (;;) {
    const res = await fetch(`${baseUrl}/api/audit/events?fromPosition=${from}&limit=${limit}`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`GET /api/audit/events answered ${res.status}: ${await res.text()}`);
    const page = JSON.parse(await res.text()) as { events: unknown[]; nextPosition: string; hasMore: boolean };
    events += page.events.length;
    if (!page.hasMore) return events;
    from = page.nextPosition;
  }
}

/**
 * The projections start by scanning the log for their event types (none of these events is one):
 * measure once they have, so the figures are the audit paths alone.
 */
async function projectionsSettled(baseUrl: string): Promise<void> {
  for (;;) {
    const ready = (await (await fetch(`${baseUrl}/ready`)).json()) as { projections: { state: string; lag: { events: number } }[] };
    if (ready.projections.every((p) => p.state === 'running' && p.lag.events === 0)) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await new Promise((resolve) => setTimeout(resolve, 3000)); // their first (empty-handed) scan of the log
}

/**
 * A tenant of `config.events` events (valid hash chains) in the embedded store, then: its whole
 * history paged through GET /api/audit/events over HTTP, exported as NDJSON, verified from the
 * store (what GET /api/audit/verify runs) and verified offline from the export file.
 */
export async function measureAudit(dir: string, config: AuditConfig): Promise<AuditResult> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'pos.sqlite');
  removeDatabase(file);
  const seedStart = performance.now();
  seedAuditHistory(file, TENANT, config.events);
  const seedSeconds = (performance.now() - seedStart) / 1000;
  log(`seeded ${config.events.toLocaleString('en-US')} events of one tenant in ${seedSeconds.toFixed(1)} s`);
  const { server, baseUrl } = await startBenchServer(dir);
  const ndjson = join(dir, 'export.ndjson');
  try {
    await projectionsSettled(baseUrl);
    const token = createAccessTokens({ secret: 'x'.repeat(40), ttlSeconds: 3600 }).sign({ tenantId: TENANT, userId: 'u_auditor', role: 'auditor', sessionId: 's_bench' });
    const pages = await repeat(config.runs, () => timed(`GET /api/audit/events, pages of ${config.pageSize}`, config.events, () => pageThrough(baseUrl, token, config.pageSize)));
    const exports = await repeat(config.runs, () =>
      timed('NDJSON export', config.events, async () => {
        const out = createWriteStream(ndjson);
        const end = await exportTenantHistory(server.store, TENANT, (chunk) => (out.write(chunk) ? undefined : once(out, 'drain').then(() => undefined)));
        out.end();
        await once(out, 'finish');
        return end.events;
      }),
    );
    const verifyStore = await repeat(config.runs, () =>
      timed('verify from the store', config.events, async () => {
        const report = await verifyTenantHistory(server.store, TENANT);
        if (!report.ok) throw new Error(`verify found ${JSON.stringify(report.firstBroken)}`);
        return report.events;
      }),
    );
    const verifyFile = await repeat(config.runs, () =>
      timed('verify the export file offline', config.events, async () => {
        const report = await verifyExportFile(ndjson);
        if (!report.ok) throw new Error(`verify found ${JSON.stringify(report.firstBroken)}`);
        return report.events;
      }),
    );
    return { seedSeconds, exportBytes: statSync(ndjson).size, pages: figure(pages), exportNdjson: figure(exports), verifyStore: figure(verifyStore), verifyFile: figure(verifyFile) };
  } finally {
    await server.close();
    removeDatabase(file);
    removeDatabase(ndjson);
  }
}
