import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openSqliteDatabase } from '../../src/eventstore/sqlite-database';
import { position } from '../../src/eventstore/types';
import { createSqliteReadStore } from '../../src/projections/sqlite-read-store';
import { restaurantOrders } from '../../src/projections/restaurant-orders';
import { figure, median, percentile, repeat, type Figure } from './stats';

export interface ExportsConfig {
  runs: number;
  rows: number;
  /** Documents per seeding commit. */
  seedBatch: number;
  /** One small GET every this many ms, from the probe process. */
  probeIntervalMs: number;
  /** Seconds of probing before each export, for the "before" latencies. */
  baselineSeconds: number;
  rssSampleMs: number;
}

export interface FormatResult {
  seconds: Figure;
  rowsPerSecond: Figure;
  megabytes: Figure;
  rssGrowthMb: Figure;
  beforeP50Ms: Figure;
  beforeP99Ms: Figure;
  duringP50Ms: Figure;
  duringP99Ms: Figure;
  /** Probe requests answered during the exports, all runs. */
  duringRequests: number;
  probeErrors: number;
}

export interface ExportsResult {
  seedSeconds: number;
  csv: FormatResult;
  xlsx: FormatResult;
}

const log = (message: string): void => void process.stderr.write(`  ${message}\n`);
const TSX = ['--import', 'tsx'];

/** Resident set size of a process, from /proc (Linux). */
function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(resolve(__dirname, 'export-server.ts'), [dataDir], { execArgv: TSX, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolveStart, reject) => {
    child.once('message', (message: { port: number }) => resolveStart({ child, url: `http://127.0.0.1:${message.port}` }));
    child.once('exit', (code) => reject(new Error(`export bench server exited with ${code}`)));
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    child.once('exit', () => done());
    child.send('stop');
  });
}

async function call<T>(url: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${url} answered ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** A restaurant signed up over HTTP, with one catalog item for the probe's query. */
async function signUp(url: string): Promise<{ tenantId: string; subdomain: string; email: string; password: string }> {
  const subdomain = `exports-${Date.now().toString(36)}`;
  const email = `owner@${subdomain}.example`;
  const password = 'correct horse battery staple';
  const { tenantId } = await call<{ tenantId: string }>(`${url}/api/tenants`, { name: 'Quán Phở Export', subdomain, businessType: 'RESTAURANT', currency: 'VND', timezone: 'Asia/Ho_Chi_Minh', owner: { email, password, name: 'Chủ quán' } });
  const { accessToken } = await call<{ accessToken: string }>(`${url}/api/auth/login`, { subdomain, email, password });
  await call(`${url}/api/catalog/items`, { name: 'Phở bò tái', priceMinor: 65_000, taxRateBps: 800 }, accessToken);
  return { tenantId, subdomain, email, password };
}

/** `rows` orders of one tenant written straight into the read store (not measured), in November 2026. */
async function seed(file: string, tenantId: string, config: ExportsConfig): Promise<number> {
  const started = performance.now();
  const db = openSqliteDatabase(file);
  try {
    const readStore = createSqliteReadStore(db);
    await readStore.prepare([restaurantOrders]);
    const step = Math.floor((29 * 86_400_000) / config.rows);
    for (let from = 0, batch = 1; from < config.rows; from += config.seedBatch, batch++) {
      const writes = [];
      for (let i = from; i < Math.min(config.rows, from + config.seedBatch); i++) {
        const orderId = `o_${String(i).padStart(8, '0')}`;
        const totalMinor = 45_000 + (i % 17) * 5_000;
        writes.push({
          key: { collection: restaurantOrders, tenantId, id: orderId },
          doc: {
            orderId,
            table: `Bàn ${i % 40}`,
            note: null,
            status: 'PAID',
            open: false,
            currency: 'VND',
            items: [{ lineId: 'L1', itemId: 'i_pho', name: 'Phở bò tái', quantity: 1 + (i % 3), voided: false, voidReason: null, totalMinor }],
            totalMinor,
            paidMinor: totalMinor,
            dueMinor: 0,
            payments: [],
            placedAt: new Date(Date.UTC(2026, 10, 1) + i * step).toISOString(),
            revision: '2',
            position: '1',
          },
        });
      }
      await readStore.commit('bench-exports-seed', position(batch), writes);
    }
  } finally {
    db.close();
  }
  return (performance.now() - started) / 1000;
}

interface ProbeReport {
  samples: Record<string, number[]>;
  errors: number;
}

const report = (probe: ChildProcess): Promise<ProbeReport> =>
  new Promise((done) => {
    probe.once('message', (message: ProbeReport) => done(message));
    probe.send('report');
  });

interface Run {
  seconds: number;
  bytes: number;
  rssGrowthMb: number;
  before: number[];
  during: number[];
  errors: number;
}

async function exportOnce(server: ChildProcess, url: string, token: string, probe: ChildProcess, format: 'csv' | 'xlsx', config: ExportsConfig): Promise<Run> {
  probe.send({ phase: 'before' });
  probe.send({ start: { url: `${url}/api/catalog/items?q=pho`, token, intervalMs: config.probeIntervalMs } });
  await new Promise((done) => setTimeout(done, config.baselineSeconds * 1000));
  const baseRss = rssMb(server.pid!);
  let peakRss = baseRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(server.pid!))), config.rssSampleMs);
  probe.send({ phase: 'during' });
  const started = performance.now();
  const res = await fetch(`${url}/api/exports/orders.${format}?from=2026-11-01&to=2026-11-30`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`export answered ${res.status}: ${await res.text()}`);
  let bytes = 0;
  let lines = 0;
  const reader = res.body!.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    bytes += chunk.value.length;
    if (format === 'csv') for (let at = chunk.value.indexOf(10); at >= 0; at = chunk.value.indexOf(10, at + 1)) lines++;
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, rssMb(server.pid!));
  probe.send({ phase: 'after' });
  const { samples, errors } = await report(probe);
  if (format === 'csv' && lines !== config.rows + 1) throw new Error(`the CSV had ${lines} lines, not ${config.rows + 1}`);
  return { seconds, bytes, rssGrowthMb: peakRss - baseRss, before: samples.before ?? [], during: samples.during ?? [], errors };
}

function summarise(runs: Run[], rows: number): FormatResult {
  const p = (values: number[], q: number) => percentile(Float64Array.from(values), q);
  return {
    seconds: figure(runs.map((r) => r.seconds)),
    rowsPerSecond: figure(runs.map((r) => rows / r.seconds)),
    megabytes: figure(runs.map((r) => r.bytes / 1_048_576)),
    rssGrowthMb: figure(runs.map((r) => r.rssGrowthMb)),
    beforeP50Ms: figure(runs.map((r) => p(r.before, 50))),
    beforeP99Ms: figure(runs.map((r) => p(r.before, 99))),
    duringP50Ms: figure(runs.map((r) => p(r.during, 50))),
    duringP99Ms: figure(runs.map((r) => p(r.during, 99))),
    duringRequests: runs.reduce((sum, r) => sum + r.during.length, 0),
    probeErrors: runs.reduce((sum, r) => sum + r.errors, 0),
  };
}

/**
 * 1M orders seeded into the SQLite read store, then GET /api/exports/orders.{csv,xlsx} over HTTP
 * against the real server in a child process (its RSS sampled from /proc), while a probe process
 * sends small authenticated catalog GETs at a steady rate.
 */
export async function measureExports(dataDir: string, config: ExportsConfig): Promise<ExportsResult> {
  process.stderr.write(`exports of ${config.rows.toLocaleString('en-US')} rows:\n`);
  mkdirSync(dataDir, { recursive: true });
  let server = await startServer(dataDir);
  const tenant = await signUp(server.url);
  await stopServer(server.child);
  const seedSeconds = await seed(join(dataDir, 'pos.sqlite'), tenant.tenantId, config);
  log(`seeded ${config.rows.toLocaleString('en-US')} orders in ${seedSeconds.toFixed(1)} s`);
  server = await startServer(dataDir);
  const probe = fork(resolve(__dirname, 'export-probe.ts'), [], { execArgv: TSX, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const { accessToken } = await call<{ accessToken: string }>(`${server.url}/api/auth/login`, { subdomain: tenant.subdomain, email: tenant.email, password: tenant.password });
    const results: Partial<Record<'csv' | 'xlsx', FormatResult>> = {};
    for (const format of ['csv', 'xlsx'] as const) {
      const runs = await repeat(config.runs, async () => {
        const run = await exportOnce(server.child, server.url, accessToken, probe, format, config);
        const p99 = (v: number[]) => percentile(Float64Array.from(v), 99).toFixed(1);
        log(`${format}: ${run.seconds.toFixed(1)} s, ${Math.round(config.rows / run.seconds).toLocaleString('en-US')} rows/s, ${(run.bytes / 1_048_576).toFixed(1)} MB, RSS +${run.rssGrowthMb.toFixed(0)} MB, other GETs p99 ${p99(run.before)} ms before / ${p99(run.during)} ms during (median ${median(run.during).toFixed(1)} ms, ${run.during.length} requests, ${run.errors} errors)`);
        return run;
      });
      results[format] = summarise(runs, config.rows);
    }
    return { seedSeconds, csv: results.csv!, xlsx: results.xlsx! };
  } finally {
    probe.kill();
    await stopServer(server.child);
  }
}
