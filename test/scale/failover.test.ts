import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { connectRetail, recordPushes, retailShop } from '../helpers/retail-shop';
import { eventually, getJson, killAll, killHard, logEntries, spawnRole, uniquePrefix, type RoleProcess } from './role-processes';

jest.setTimeout(90_000);

// Standbys: two projectors and two workers behind one API process, over one SQLite file and Redis.
const LEASE_TTL_MS = 1500;
let dataDir: string;
let api: RoleProcess;
let projectors: RoleProcess[] = [];
let workers: RoleProcess[] = [];
let socket: Socket | undefined;

type Status = { name: string; active: boolean; state: string };
const activeOn = async (p: RoleProcess): Promise<Status[]> => ((await getJson(`${p.url}/ready`)).body.projections as Status[]).filter((s) => s.active);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'pos-failover-'));
  const env = {
    DATA_DIR: dataDir,
    JWT_SECRET: 'failover-secret-that-is-long-enough-012345',
    REDIS_URL: 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: uniquePrefix('failover'),
    PROJECTION_LEASE_TTL_MS: String(LEASE_TTL_MS),
    // The business-day close every second in both workers: a slot a second to share.
    DAY_CLOSE_CRON: '* * * * * *',
  };
  const started = await Promise.all([spawnRole('api', env), spawnRole('projector', env), spawnRole('projector', env), spawnRole('worker', env), spawnRole('worker', env)]);
  [api] = started;
  projectors = started.slice(1, 3);
  workers = started.slice(3);
});

afterAll(async () => {
  socket?.close();
  await killAll([api, ...projectors, ...workers]);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('standby projector and worker', () => {
  it('one projector is active per projection; when it dies (kill -9) the other takes over within a few seconds', async () => {
    // Every projection is run by exactly one of the two.
    const split = await eventually(
      'every projection leased once',
      async () => Promise.all(projectors.map(activeOn)),
      ([a, b]) => a!.length + b!.length === 6 && new Set([...a!, ...b!].map((s) => s.name)).size === 6,
      30_000,
    );
    expect(split.flat().every((s) => s.state === 'running')).toBe(true);

    const shop = await retailShop(api.url);
    const itemId = await shop.item({ name: 'Milk', sku: 'MILK-1', priceMinor: 120 });
    socket = await connectRetail(api.url, shop.owner.tokens.accessToken);
    const heard = recordPushes(socket);
    const sell = async () => {
      const sale = await shop.owner.api.post('/api/retail/sales', { items: [{ itemId, quantity: 1 }], payments: [{ method: 'CASH', amountMinor: 120 }] });
      expect(sale.status).toBe(201);
      return sale.body.saleId as string;
    };
    const pushed = (saleId: string) => heard.some((p) => p.event === 'sale.completed' && p.payload.saleId === saleId);

    const before = await sell();
    await eventually('push before the failover', async () => pushed(before), Boolean, 15_000, 20);

    const holderIndex = split.findIndex((active) => active.some((s) => s.name === 'retail-sales'));
    const [dead, survivor] = holderIndex === 0 ? [projectors[0]!, projectors[1]!] : [projectors[1]!, projectors[0]!];
    await killHard(dead);
    const killedAt = Date.now();
    const after = await sell();
    await eventually('push after the failover', async () => pushed(after), Boolean, 20_000, 20);
    const tookMs = Date.now() - killedAt;
    // The lease expires within its TTL and the survivor looks every third of it.
    expect(tookMs).toBeLessThan(LEASE_TTL_MS + 5_000);
    expect((await activeOn(survivor)).map((s) => s.name).sort()).toEqual(['catalog', 'daily-reports', 'kitchen-queue', 'restaurant-orders', 'retail-sales', 'stock-levels']);
    expect(logEntries(survivor).some((e) => e.msg === 'projection lease taken: running it' && e.projection === 'retail-sales')).toBe(true);

    // The API's /ready names the survivor as the holder once it reports.
    const survivorPid = String(survivor.child.pid);
    await eventually('survivor reported', () => getJson(`${api.url}/ready`), (r) => r.body.projections.every((p: { holder?: string; state: string }) => p.state === 'running' && p.holder?.endsWith(`:${survivorPid}`)), 15_000);
  });

  it('two workers run each slot of a job once between them', async () => {
    const runs = () => workers.flatMap((w) => logEntries(w).filter((e) => e.job === 'close-business-days' && e.msg === 'job started').map((e) => e.slot as string));
    await eventually('several slots', async () => runs().length, (n) => n >= 4, 30_000, 100);
    const slots = runs();
    expect(new Set(slots).size).toBe(slots.length);
    // Both schedules fired: the worker that did not run a slot skipped it because the other had it.
    const skipped = workers.flatMap((w) => logEntries(w).filter((e) => e.job === 'close-business-days' && e.msg === 'job skipped: it runs or ran elsewhere'));
    expect(skipped.length).toBeGreaterThan(0);
  });
});
