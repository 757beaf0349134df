import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import { createExportJobs } from '../../src/exports/export-jobs';
import { ordersExport } from '../../src/exports/orders-export';
import { startServer, type RunningServer } from '../../src/server';
import { client, ownerSession } from '../helpers/test-server';
import { csvRows, download, readXlsx, seedOrders } from './export-helpers';

const ENV = { PORT: '0', HOST: '127.0.0.1', JWT_SECRET: 'test-secret-that-is-long-enough-0123456789', SIGNUP_RATE_LIMIT_PER_IP: '1000', LOGIN_RATE_LIMIT_PER_IP: '1000', JOBS_ENABLED: 'false' };

describe('export jobs', () => {
  let dataDir: string;
  let server: RunningServer;
  let url: string;
  const start = async () => {
    server = await startServer(loadConfig({ ...ENV, DATA_DIR: dataDir }), pino({ level: 'silent' }));
    url = `http://127.0.0.1:${server.port}`;
  };
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'pos-jobs-'));
    await start();
  });
  afterAll(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 20_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await read();
      if (done(value) || Date.now() > deadline) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function staffToken(owner: Awaited<ReturnType<typeof ownerSession>>, role: string): Promise<string> {
    const email = `${role}-${Math.random().toString(36).slice(2)}@x.example`;
    await owner.api.post('/api/staff', { email, password: 'long enough password', name: role, role });
    return (await client(url).post('/api/auth/login', { subdomain: owner.subdomain, email, password: 'long enough password' })).body.accessToken;
  }

  it('runs in the background, reports progress, and serves the file once done (to its tenant only)', async () => {
    const a = await ownerSession(url);
    const b = await ownerSession(url);
    await seedOrders(server.readStore, a.tenantId, Array.from({ length: 1500 }, (_, i) => ({ orderId: `o_${String(i).padStart(5, '0')}`, placedAt: new Date(Date.UTC(2026, 10, 2) + i * 60_000).toISOString(), table: 'Bàn 1', totalMinor: 1000 + i })));

    const submitted = await a.api.post('/api/exports/jobs', { kind: 'orders', format: 'xlsx', from: '2026-11-01', to: '2026-11-30' });
    expect(submitted.status).toBe(202);
    expect(submitted.body).toMatchObject({ jobId: expect.stringMatching(/^x_/), status: 'queued', rows: 0, kind: 'orders', format: 'xlsx', fileName: 'orders-2026-11-01_2026-11-30.xlsx', file: null });
    expect(submitted.headers.get('location')).toBe(`/api/exports/jobs/${submitted.body.jobId}`);
    const { jobId } = submitted.body;

    const done = await until(() => a.api.get(`/api/exports/jobs/${jobId}`), (r) => r.body.status === 'done' || r.body.status === 'failed');
    expect(done.body).toMatchObject({ jobId, status: 'done', rows: 1500, error: null, file: `/api/exports/jobs/${jobId}/file` });
    expect(done.body.tenantId).toBeUndefined();

    const file = await download(`${url}/api/exports/jobs/${jobId}/file`, a.tokens.accessToken);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="orders-2026-11-01_2026-11-30.xlsx"');
    const sheet = await readXlsx(file.body);
    expect(sheet.rowCount).toBe(1501);
    expect(sheet.getRow(1501).getCell(6).value).toBe(2499);
    expect(sheet.getRow(2).getCell(6).type).toBe(ExcelJS.ValueType.Number);
    expect(readdirSync(join(dataDir, 'exports', a.tenantId)).sort()).toEqual([`${jobId}.json`, `${jobId}.xlsx`]);

    // Tenant B: the job does not exist for it, nor does its file.
    expect(await b.api.get(`/api/exports/jobs/${jobId}`)).toMatchObject({ status: 404, body: { code: 'EXPORT_JOB_NOT_FOUND' } });
    expect((await download(`${url}/api/exports/jobs/${jobId}/file`, b.tokens.accessToken)).status).toBe(404);
    const csvJob = await b.api.post('/api/exports/jobs', { kind: 'orders', format: 'csv', from: '2026-11-01', to: '2026-11-30' });
    await until(() => b.api.get(`/api/exports/jobs/${csvJob.body.jobId}`), (r) => r.body.status === 'done');
    expect(csvRows((await download(`${url}/api/exports/jobs/${csvJob.body.jobId}/file`, b.tokens.accessToken)).body)).toHaveLength(1);
  });

  it('auditors may request jobs; waiters may not; bad requests are named', async () => {
    const owner = await ownerSession(url);
    const auditor = client(url, await staffToken(owner, 'auditor'));
    const waiter = client(url, await staffToken(owner, 'waiter'));
    expect((await auditor.post('/api/exports/jobs', { kind: 'orders', format: 'csv', from: '2026-11-01', to: '2026-11-01' })).status).toBe(202);
    expect(await waiter.post('/api/exports/jobs', { kind: 'orders', format: 'csv', from: '2026-11-01', to: '2026-11-01' })).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const fields = (r: { body: { errors?: { field: string }[] } }) => (r.body.errors ?? []).map((e) => e.field);
    const badKind = await owner.api.post('/api/exports/jobs', { kind: 'customers', format: 'csv' });
    expect([badKind.status, fields(badKind)]).toEqual([400, ['kind']]);
    const noDays = await owner.api.post('/api/exports/jobs', { kind: 'orders', format: 'xlsx' });
    expect([noDays.status, fields(noDays)]).toEqual([400, ['from', 'to']]);
    const noDailyDays = await owner.api.post('/api/exports/jobs', { kind: 'daily', format: 'csv' });
    expect([noDailyDays.status, fields(noDailyDays)]).toEqual([400, ['from', 'to']]);
    expect(await owner.api.get('/api/exports/jobs/x_nope')).toMatchObject({ status: 404, body: { code: 'EXPORT_JOB_NOT_FOUND' } });
    expect(await owner.api.get('/api/exports/jobs/..%2F..%2Fpos.sqlite')).toMatchObject({ status: 404 });
  });

  it('a job running when the server stops answers failed after the restart, and has no file', async () => {
    const owner = await ownerSession(url);
    await seedOrders(server.readStore, owner.tenantId, Array.from({ length: 30_000 }, (_, i) => ({ orderId: `o_${String(i).padStart(6, '0')}`, placedAt: new Date(Date.UTC(2026, 10, 2) + i * 1000).toISOString() })));
    const submitted = await owner.api.post('/api/exports/jobs', { kind: 'orders', format: 'xlsx', from: '2026-11-01', to: '2026-11-30' });
    const running = await until(() => owner.api.get(`/api/exports/jobs/${submitted.body.jobId}`), (r) => r.body.rows > 0);
    expect(running.body).toMatchObject({ status: 'running', startedAt: expect.any(String) });
    await server.close();
    await start();
    const owner2 = client(url, (await client(url).post('/api/auth/login', { subdomain: owner.subdomain, email: `owner@${owner.subdomain}.example`, password: 'correct horse battery staple' })).body.accessToken);
    const after = await owner2.get(`/api/exports/jobs/${submitted.body.jobId}`);
    expect(after.body).toMatchObject({ status: 'failed', error: expect.stringMatching(/stopped before this export finished/) });
    expect(await owner2.get(`/api/exports/jobs/${submitted.body.jobId}/file`)).toMatchObject({ status: 409, body: { code: 'EXPORT_FAILED' } });
    expect(readdirSync(join(dataDir, 'exports', owner.tenantId))).toEqual([`${submitted.body.jobId}.json`]);
  });

  it('a job still queued in a process that died (its state file says queued) answers failed in the next one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pos-jobs-dir-'));
    try {
      const log = pino({ level: 'silent' });
      // Concurrency 0: the job is recorded and never started, as if the process died right after.
      const dead = createExportJobs({ dir, readStore: server.readStore, concurrency: 0, log });
      const job = await dead.submit({ tenantId: 't_x', definition: ordersExport, format: 'csv', days: { from: '2026-11-01', to: '2026-11-01' }, context: { currency: 'VND', digits: 0, timeZone: 'Asia/Ho_Chi_Minh' }, today: '2026-11-01' });
      expect(await dead.get('t_x', job!.jobId)).toMatchObject({ status: 'queued' });
      const next = createExportJobs({ dir, readStore: server.readStore, concurrency: 1, log });
      expect(await next.get('t_x', job!.jobId)).toMatchObject({ status: 'failed', error: expect.stringMatching(/request it again/) });
      expect(await next.get('t_y', job!.jobId)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
