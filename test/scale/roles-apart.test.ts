import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Socket } from 'socket.io-client';
import { openSqliteDatabase } from '../../src/eventstore/sqlite-database';
import { createSqliteEventStore } from '../../src/eventstore/sqlite-event-store';
import { createProjectionRunner } from '../../src/projections/projection-runner';
import { retailSales, retailSalesProjection } from '../../src/projections/retail-sales';
import { createSqliteReadStore } from '../../src/projections/sqlite-read-store';
import { stockLevels, stockLevelsProjection } from '../../src/projections/stock-levels';
import { connectRetail, recordPushes, retailShop } from '../helpers/retail-shop';
import { client } from '../helpers/test-server';
import { eventually, getJson, killAll, killHard, logEntries, spawnRole, uniquePrefix, type RoleProcess } from './role-processes';

jest.setTimeout(90_000);

// Two API processes, one projector and one worker over one embedded SQLite file and the real
// Redis, each started as `npm start -- --role …` would start it.
let dataDir: string;
let env: Record<string, string>;
let apiA: RoleProcess;
let apiB: RoleProcess;
let projector: RoleProcess | undefined;
let worker: RoleProcess;
const sockets: Socket[] = [];

const projectorsRunning = (url: string) =>
  eventually('projections reported running', () => getJson(`${url}/ready`), (r) => r.status === 200 && r.body.projections.every((p: { state: string }) => p.state === 'running'), 45_000);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'pos-roles-'));
  env = {
    DATA_DIR: dataDir,
    JWT_SECRET: 'roles-apart-secret-that-is-long-enough-0123',
    REDIS_URL: 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: uniquePrefix('roles'),
    PROJECTION_LEASE_TTL_MS: '2000',
    LOGIN_RATE_LIMIT_PER_ACCOUNT: '4',
  };
  [apiA, apiB, projector, worker] = await Promise.all([
    spawnRole('api', env),
    spawnRole('api', env),
    spawnRole('projector', env),
    // The session purge every two seconds: a job whose slots are easy to watch.
    spawnRole('worker', { ...env, PURGE_CRON: '*/2 * * * * *' }),
  ]);
  await Promise.all([projectorsRunning(apiA.url), projectorsRunning(apiB.url)]);
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await killAll([apiA, apiB, projector, worker]);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function listeningOn(url: string, token: string) {
  const socket = await connectRetail(url, token);
  sockets.push(socket);
  return { socket, heard: recordPushes(socket) };
}

describe('roles apart: 2 api + 1 projector + 1 worker', () => {
  it('a socket on one API node hears the pushes of commands sent to the other; reads there wait for those writes', async () => {
    const shop = await retailShop(apiA.url);
    const itemId = await shop.item({ name: 'Soap', sku: 'SOAP-1', priceMinor: 250, lowStockThreshold: 2 });
    const onB = await listeningOn(apiB.url, shop.owner.tokens.accessToken);

    expect((await shop.owner.api.post('/api/retail/stock/receipts', { items: [{ itemId, quantity: 10 }] })).status).toBe(201);
    const sale = await shop.owner.api.post('/api/retail/sales', { items: [{ itemId, quantity: 3 }], payments: [{ method: 'CASH', amountMinor: 1000 }] });
    expect(sale.status).toBe(201);

    await eventually('sale.completed on B', async () => onB.heard, (h) => h.some((p) => p.event === 'sale.completed' && p.payload.saleId === sale.body.saleId), 15_000);
    await eventually('stock.changed on B', async () => onB.heard, (h) => h.some((p) => p.event === 'stock.changed' && p.payload.items.some((i: { onHand: number }) => i.onHand === 7)), 15_000);

    // Read-your-writes on B, which runs no projection: it waits on the checkpoint the projector advances.
    const onApiB = client(apiB.url, shop.owner.tokens.accessToken);
    const read = await onApiB.get(`/api/retail/sales/${sale.body.saleId}?minPosition=${sale.body.position}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ saleId: sale.body.saleId, totalMinor: 750 });
    // A position beyond the log's head is never passed: 503 after the bounded wait, as in one process.
    const beyond = await onApiB.get(`/api/retail/sales/${sale.body.saleId}?minPosition=${BigInt(sale.body.position) + 1_000_000n}`);
    expect(beyond.status).toBe(503);
    expect(beyond.body.code).toBe('PROJECTION_BEHIND');

    // A count on B waits until stock-levels (run by the projector) has reached the head.
    const count = await onApiB.post('/api/retail/stock/counts', { itemId, countedQuantity: 5 });
    expect(count.status).toBe(201);
    expect(count.body.delta).toBe(-2);

    const ready = await getJson(`${apiB.url}/ready`);
    expect(ready.body.status).toBe('ready');
    expect(ready.body.jobs).toEqual([]);
    const stock = ready.body.projections.find((p: { name: string }) => p.name === 'stock-levels');
    expect(BigInt(stock.checkpoint)).toBeGreaterThanOrEqual(BigInt(sale.body.position));
  });

  it('idempotency and rate limits hold across the API nodes', async () => {
    const shop = await retailShop(apiA.url);
    const itemId = await shop.item({ name: 'Tea', sku: 'TEA-1', priceMinor: 300 });
    const token = shop.owner.tokens.accessToken;
    const body = { items: [{ itemId, quantity: 1 }], payments: [{ method: 'CASH', amountMinor: 300 }] };
    const headers = { 'Idempotency-Key': `till-1-${Date.now()}` };
    // A till's retry that the load balancer sends to the other node: the same sale, the same number.
    const first = await client(apiA.url, token).post('/api/retail/sales', body, headers);
    expect(first.status).toBe(201);
    const answers = [first, ...(await Promise.all([apiB, apiA, apiB].map((p) => client(p.url, token).post('/api/retail/sales', body, headers))))];
    for (const answer of answers) expect(answer.status).toBe(201);
    expect(answers.map((a) => [a.body.saleId, a.body.receiptNo, a.body.position])).toEqual(answers.map(() => [first.body.saleId, first.body.receiptNo, first.body.position]));
    const store = createSqliteEventStore({ file: join(dataDir, 'pos.sqlite') });
    try {
      const events = await store.readStream(`${shop.owner.tenantId}.sale-${answers[0]!.body.saleId}`);
      expect(events.map((e) => e.type)).toEqual(['SaleCompleted']);
    } finally {
      await store.close();
    }

    // LOGIN_RATE_LIMIT_PER_ACCOUNT=4, counted in Redis: four attempts on one account spread over
    // both nodes, then the fifth is refused whichever node it reaches.
    const attempt = (p: RoleProcess) => client(p.url).post('/api/auth/login', { subdomain: shop.owner.subdomain, email: `guess@${shop.owner.subdomain}.example`, password: 'not the password at all' });
    for (const p of [apiA, apiB, apiA, apiB]) expect((await attempt(p)).status).toBe(401);
    const refused = await attempt(apiA);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await attempt(apiB)).status).toBe(429);
  });

  it('the scheduled job runs in the worker only, once per slot', async () => {
    const finished = () => logEntries(worker).filter((e) => e.job === 'purge-sessions' && e.msg === 'job finished');
    await eventually('two purge runs', async () => finished().length, (n) => n >= 2, 20_000);
    const started = logEntries(worker).filter((e) => e.job === 'purge-sessions' && e.msg === 'job started');
    const slots = started.map((e) => e.slot as string);
    expect(slots.every((s) => typeof s === 'string')).toBe(true);
    expect(new Set(slots).size).toBe(slots.length);
    for (const api of [apiA, apiB]) expect(logEntries(api).filter((e) => e.msg === 'job started')).toEqual([]);
    const ready = await getJson(`${worker.url}/ready`);
    expect(ready.body.jobs.find((j: { name: string }) => j.name === 'purge-sessions').lastRun.outcome).toBe('succeeded');
  });

  it('kill -9 of the projector mid-stream, then a new one: nothing lost, nothing doubled', async () => {
    const shop = await retailShop(apiA.url);
    const itemId = await shop.item({ name: 'Rice', sku: 'RICE-1', priceMinor: 100 });
    const token = shop.owner.tokens.accessToken;
    expect((await shop.owner.api.post('/api/retail/stock/receipts', { items: [{ itemId, quantity: 100_000 }] })).status).toBe(201);
    const onB = await listeningOn(apiB.url, token);

    const acknowledged = new Map<string, bigint>();
    let stop = false;
    const writers = Array.from({ length: 6 }, async (_, w) => {
      const api = client((w % 2 === 0 ? apiA : apiB).url, token);
      for (let i = 0; !stop; i++) {
        const sale = await api.post('/api/retail/sales', { items: [{ itemId, quantity: 1 }], payments: [{ method: 'CASH', amountMinor: 100 }] }, { 'Idempotency-Key': `w${w}-${i}` });
        if (sale.status !== 201) throw new Error(`sale refused: ${JSON.stringify(sale.body)}`);
        acknowledged.set(sale.body.saleId, BigInt(sale.body.position));
      }
    });
    const writing = Promise.all(writers);

    await eventually('sales flowing', async () => acknowledged.size, (n) => n >= 40, 20_000, 20);
    await killHard(projector!);
    projector = undefined;
    await eventually('sales written while no projector runs', async () => acknowledged.size, (n) => n >= 120, 20_000, 20);

    // Where the dead projector left retail-sales: pushes of sales after it can only come from the new one.
    const reader = createSqliteEventStore({ file: join(dataDir, 'pos.sqlite') });
    const readStore = createSqliteReadStore(reader.db);
    const resumedFrom = (await readStore.checkpoint('retail-sales'))!;
    projector = await spawnRole('projector', env);
    await eventually('sales after the restart', async () => acknowledged.size, (n) => n >= 200, 20_000, 20);
    stop = true;
    await writing;

    try {
      const last = [...acknowledged.values()].reduce((a, b) => (a > b ? a : b));
      const caughtUp = await eventually('caught up on B', () => client(apiB.url, token).get(`/api/retail/stock/${itemId}?minPosition=${last}`), (r) => r.status === 200, 30_000);
      expect(caughtUp.body.onHand).toBe(100_000 - acknowledged.size);
      const liveSales = await readStore.find(retailSales, shop.owner.tenantId, { limit: 100_000 });
      expect(new Set(liveSales.map((s) => s.saleId as string))).toEqual(new Set(acknowledged.keys()));
      expect(liveSales).toHaveLength(acknowledged.size);

      // Exactly the read models a fresh rebuild of the same log gives.
      const freshDb = openSqliteDatabase(join(dataDir, 'fresh.sqlite'));
      const fresh = createSqliteReadStore(freshDb);
      const rebuild = createProjectionRunner({ store: reader, readStore: fresh, projections: [retailSalesProjection, stockLevelsProjection], log: pino({ level: 'silent' }) });
      await rebuild.start();
      const head = await reader.headPosition();
      expect(await rebuild.whenProcessed('retail-sales', head, 20_000)).toBe(true);
      expect(await rebuild.whenProcessed('stock-levels', head, 20_000)).toBe(true);
      await rebuild.stop();
      const byId = (docs: Record<string, unknown>[]) => [...docs].sort((a, b) => String(a.saleId ?? a.itemId).localeCompare(String(b.saleId ?? b.itemId)));
      expect(byId(await fresh.find(retailSales, shop.owner.tenantId, { limit: 100_000 }))).toEqual(byId(liveSales));
      expect(await fresh.find(stockLevels, shop.owner.tenantId, { limit: 100 })).toEqual(await readStore.find(stockLevels, shop.owner.tenantId, { limit: 100 }));
      freshDb.close();

      // Pushes: never one twice; every sale after the dead projector's last commit is pushed by the new one.
      await eventually('pushes of the resumed sales', async () => onB.heard, (heard) => {
        const pushed = new Set(heard.filter((p) => p.event === 'sale.completed').map((p) => p.payload.saleId as string));
        return [...acknowledged].every(([saleId, at]) => at <= resumedFrom || pushed.has(saleId));
      }, 20_000);
      const pushedIds = onB.heard.filter((p) => p.event === 'sale.completed').map((p) => p.payload.saleId as string);
      expect(pushedIds.length).toBe(new Set(pushedIds).size);
      for (const saleId of pushedIds) expect(acknowledged.has(saleId)).toBe(true);
    } finally {
      await reader.close();
    }
  });
});
