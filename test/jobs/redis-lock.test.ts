import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import type { Job } from '../../src/jobs/job';
import { createRedisJobLock } from '../../src/jobs/redis-job-lock';
import { createJobScheduler, type JobScheduler } from '../../src/jobs/scheduler';
import { capturedLog } from './log-capture';

const REDIS_URL = 'redis://127.0.0.1:6379';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Redis job lock (real Redis)', () => {
  const prefix = `pos-test:jobs:${process.pid}:${randomUUID()}:`;
  const clients: Redis[] = [];
  const client = () => {
    const redis = new Redis(REDIS_URL);
    clients.push(redis);
    return redis;
  };

  afterAll(async () => {
    const redis = client();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await Promise.all(clients.map((c) => c.quit()));
  });

  it('two workers: each scheduled slot runs exactly once, the other worker skips it', async () => {
    const runs: { worker: string; slot: string }[] = [];
    const workers: { name: string; scheduler: JobScheduler; lines: () => Record<string, unknown>[] }[] = [];
    for (const name of ['worker-a', 'worker-b']) {
      const job: Job = {
        name: 'every-second',
        schedule: '* * * * * *',
        run: async (ctx) => {
          runs.push({ worker: name, slot: ctx.slot!.toISOString() });
          await sleep(20);
          return { worker: name };
        },
      };
      const { log, lines } = capturedLog();
      const scheduler = createJobScheduler({ jobs: [job], lock: createRedisJobLock({ redis: client(), prefix }), log, lockTtlMs: 2000 });
      workers.push({ name, scheduler, lines });
    }
    // Start mid-second and stop mid-second, so both workers fire every slot in between.
    await sleep(1500 - (Date.now() % 1000));
    for (const w of workers) w.scheduler.start();
    await sleep(4000);
    await Promise.all(workers.map((w) => w.scheduler.stop()));

    const slots = runs.map((r) => r.slot);
    expect(slots.length).toBeGreaterThanOrEqual(3);
    expect(new Set(slots).size).toBe(slots.length); // no slot twice
    const skipped = workers.flatMap((w) => w.lines().filter((l) => l.msg === 'job skipped: it runs or ran elsewhere').map((l) => ({ worker: w.name, slot: l.slot as string })));
    for (const run of runs) {
      // The other worker fired the same slot and was turned away.
      expect(skipped).toContainEqual({ worker: run.worker === 'worker-a' ? 'worker-b' : 'worker-a', slot: run.slot });
    }
    expect(skipped).toHaveLength(runs.length);
  });

  it('a slot that already ran is not run again by a worker whose clock fires it late', async () => {
    const a = createRedisJobLock({ redis: client(), prefix });
    const b = createRedisJobLock({ redis: client(), prefix });
    const slot = { at: new Date('2030-01-01T03:30:00Z'), holdMs: 5_000 };
    const first = await a.acquire({ job: 'nightly', ttlMs: 5_000, slot });
    expect(first.acquired).toBe(true);
    if (first.acquired) await first.lease.release(); // a quick run, over before the other clock fires
    expect(await b.acquire({ job: 'nightly', ttlMs: 5_000, slot })).toEqual({ acquired: false, reason: 'slot-taken' });
    const manual = await b.acquire({ job: 'nightly', ttlMs: 5_000 });
    expect(manual.acquired).toBe(true);
    if (manual.acquired) await manual.lease.release();
  });

  it('renews and releases only while the token is still its own', async () => {
    const a = createRedisJobLock({ redis: client(), prefix });
    const b = createRedisJobLock({ redis: client(), prefix });
    const stale = await a.acquire({ job: 'tokens', ttlMs: 150 });
    if (!stale.acquired) throw new Error('expected the lock');
    expect(await stale.lease.renew()).toBe(true);
    expect(await b.acquire({ job: 'tokens', ttlMs: 5_000 })).toEqual({ acquired: false, reason: 'held' });
    await sleep(250); // expired, not renewed
    const fresh = await b.acquire({ job: 'tokens', ttlMs: 5_000 });
    if (!fresh.acquired) throw new Error('expected the expired lock to be free');
    expect(await stale.lease.renew()).toBe(false);
    await stale.lease.release(); // must not free the new holder's lock
    expect(await a.acquire({ job: 'tokens', ttlMs: 5_000 })).toEqual({ acquired: false, reason: 'held' });
    await fresh.lease.release();
    expect((await a.acquire({ job: 'tokens', ttlMs: 5_000 })).acquired).toBe(true);
  });

  it('a crashed holder (kill -9) keeps the lock only until it expires', async () => {
    const ttlMs = 1500;
    const holder = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'fixtures/hold-lock.ts'), REDIS_URL, prefix, 'crashy', String(ttlMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    const first = await new Promise<string>((resolve) => createInterface({ input: holder.stdout! }).once('line', resolve));
    expect(first).toBe('held');
    const other = createRedisJobLock({ redis: client(), prefix });
    await sleep(ttlMs + 500); // longer than the TTL: the live holder renews it
    expect(await other.acquire({ job: 'crashy', ttlMs })).toEqual({ acquired: false, reason: 'held' });

    holder.kill('SIGKILL');
    await exited;
    const killedAt = Date.now();
    expect(await other.acquire({ job: 'crashy', ttlMs })).toEqual({ acquired: false, reason: 'held' });
    let outcome = await other.acquire({ job: 'crashy', ttlMs });
    while (!outcome.acquired && Date.now() - killedAt < ttlMs + 2000) {
      await sleep(25);
      outcome = await other.acquire({ job: 'crashy', ttlMs });
    }
    expect(outcome.acquired).toBe(true);
    // Freed by expiry: no later than one TTL after the holder's last renewal.
    expect(Date.now() - killedAt).toBeLessThanOrEqual(ttlMs + 200);
    if (outcome.acquired) await outcome.lease.release();
  });

  it('a run whose lock is lost is asked to stop through its signal', async () => {
    const redis = client();
    let aborted = false;
    const job: Job = {
      name: 'loses-lock',
      schedule: '0 0 1 1 *',
      run: (ctx) =>
        new Promise((resolve) => {
          ctx.signal.addEventListener('abort', () => {
            aborted = true;
            resolve({ stopped: String(ctx.signal.reason) });
          });
        }),
    };
    const scheduler = createJobScheduler({ jobs: [job], lock: createRedisJobLock({ redis, prefix }), log: capturedLog().log, lockTtlMs: 300 });
    const run = scheduler.runNow('loses-lock');
    await sleep(50);
    // Someone takes the key over (as after an expiry during a long pause of this process).
    await redis.set(`${prefix}lock:loses-lock`, 'someone-else');
    const result = await run;
    expect(aborted).toBe(true);
    expect(result).toMatchObject({ ran: true, run: { summary: { stopped: 'Error: job lock lost' } } });
    expect(await redis.get(`${prefix}lock:loses-lock`)).toBe('someone-else'); // not released by the loser
    await scheduler.stop();
  });
});
