import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { spawnServer, type SpawnedServer } from '../helpers/spawn-server';
import { client, ownerSession } from '../helpers/test-server';

/** A port nobody listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A Redis of this test's own (never the shared one on 6379), started and killed at will. */
async function startRedis(port: number): Promise<ChildProcess> {
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    redis.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('Ready to accept connections') && resolve());
    redis.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
  redis.stdout!.resume();
  return redis;
}

const kill = async (child: ChildProcess) => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
};

/** Job runs of one process, from its log: `slot` of every `job started`. */
const startedSlots = (server: SpawnedServer) =>
  server.logs.flatMap((line) => {
    try {
      const entry = JSON.parse(line) as { msg?: string; slot?: string; job?: string };
      return entry.msg === 'job started' && entry.slot ? [`${entry.job ?? ''}@${entry.slot}`] : [];
    } catch {
      return [];
    }
  });

/**
 * Two server processes sharing one data directory and one Redis (the Socket.IO Redis adapter
 * carries pushes between them, the Redis lock keeps a job to one process per slot). Redis is
 * killed and brought back while terminals work and displays listen.
 */
describe('Redis going away and coming back, two processes', () => {
  let dataDir: string;
  let redis: ChildProcess | undefined;
  const servers: SpawnedServer[] = [];
  const sockets: Socket[] = [];
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'pos-redis-'))));
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    for (const server of servers.splice(0)) await kill(server.child);
    if (redis) await kill(redis);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('commands keep working, no process crashes, pushes resume, and no job slot runs twice', async () => {
    const port = await freePort();
    redis = await startRedis(port);
    // The purge job every second: many slots, each to be run by exactly one of the two processes.
    const env = { DATA_DIR: dataDir, JWT_SECRET: 'r'.repeat(40), REDIS_URL: `redis://127.0.0.1:${port}`, JOBS_ENABLED: 'true', PURGE_CRON: '* * * * * *', DAY_CLOSE_CRON: '0 0 1 1 *', BACKUP_CRON: '0 0 1 1 *' };
    const first = await spawnServer(env);
    servers.push(first);
    const second = await spawnServer(env);
    servers.push(second);

    const owner = await ownerSession(first.url);
    const dish = await owner.api.post('/api/catalog/items', { name: 'Phở', priceMinor: 45000, taxRateBps: 800, station: 'kitchen' });
    const onSecond = io(`${second.url}/restaurant`, { auth: { token: owner.tokens.accessToken }, transports: ['websocket'], forceNew: true });
    sockets.push(onSecond);
    await new Promise<void>((resolve, reject) => onSecond.once('connect', () => resolve()).once('connect_error', reject));
    const heard = new Set<string>();
    onSecond.on('order.placed', (payload: { order: { orderId: string } }) => heard.add(payload.order.orderId));
    const place = async (via: SpawnedServer) => {
      const placed = await client(via.url, owner.tokens.accessToken).post('/api/restaurant/orders', { items: [{ itemId: dish.body.itemId, quantity: 1 }] });
      expect(placed.status).toBe(201);
      return placed.body.orderId as string;
    };
    /** Places orders on the first process until the display on the second hears one. */
    const pushArrives = async (timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const orderId = await place(first);
        for (let i = 0; i < 10 && !heard.has(orderId); i++) await new Promise((resolve) => setTimeout(resolve, 50));
        if (heard.has(orderId)) return true;
      }
      return false;
    };

    expect(await pushArrives(5000)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 2500)); // a few job slots with Redis up

    await kill(redis);
    // Without Redis: commands still answer on both processes (nothing they record depends on it).
    for (let i = 0; i < 10; i++) await place(i % 2 ? first : second);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    for (const server of [first, second]) {
      expect(server.child.exitCode).toBeNull();
      expect((await client(server.url).get('/health')).status).toBe(200);
    }
    const slotsDuringOutage = new Date();

    redis = await startRedis(port);
    // ioredis reconnects with backoff; the adapter resubscribes; pushes cross processes again.
    expect(await pushArrives(15_000)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 2500));

    for (const server of [first, second]) expect(server.child.exitCode).toBeNull();
    const runs = [...startedSlots(first), ...startedSlots(second)];
    // Jobs ran, before and after the outage, and never one slot in both processes.
    expect(runs.length).toBeGreaterThan(3);
    expect(runs.some((r) => Date.parse(r.split('@')[1]!) > slotsDuringOutage.getTime())).toBe(true);
    expect(runs.length).toBe(new Set(runs).size);
    const crashes = [...first.logs, ...second.logs].filter((line) => /uncaught|unhandled/i.test(line));
    expect(crashes).toEqual([]);
  }, 90_000);
});
