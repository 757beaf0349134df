import { createMemoryJobLock } from '../../src/jobs/memory-job-lock';
import type { Job, JobContext } from '../../src/jobs/job';
import { createJobScheduler, type JobScheduler } from '../../src/jobs/scheduler';
import { capturedLog } from './log-capture';

const fastRetry = { attempts: 3, baseDelayMs: 20, maxDelayMs: 100 };
const until = async (condition: () => boolean, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('job scheduler', () => {
  let schedulers: JobScheduler[] = [];
  afterEach(async () => {
    await Promise.all(schedulers.map((s) => s.stop()));
    schedulers = [];
  });
  const scheduler = (...args: Parameters<typeof createJobScheduler>) => {
    const created = createJobScheduler(...args);
    schedulers.push(created);
    return created;
  };

  it('runs a job on its cron schedule, logs start, finish, duration and summary, and keeps the last run', async () => {
    const slots: Date[] = [];
    const job: Job = { name: 'tick', schedule: '* * * * * *', run: async (ctx) => (slots.push(ctx.slot!), { ticks: slots.length }) };
    const { log, lines } = capturedLog();
    const jobs = scheduler({ jobs: [job], lock: createMemoryJobLock(), log, retry: fastRetry });
    expect(jobs.status()[0]).toMatchObject({ name: 'tick', lastRun: null, running: false, nextRunAt: null });
    jobs.start();
    await until(() => slots.length >= 2);
    // Slots are whole seconds, one second apart: the scheduled instant, not the moment the timer fired.
    expect(slots[0]!.getMilliseconds()).toBe(0);
    expect(slots[1]!.getTime() - slots[0]!.getTime()).toBe(1000);
    const status = jobs.status()[0]!;
    expect(status.nextRunAt).not.toBeNull();
    expect(status.lastRun).toMatchObject({ trigger: 'schedule', outcome: 'succeeded', attempts: 1, summary: { ticks: expect.any(Number) } });
    expect(status.lastRun!.slot).toMatch(/T\d\d:\d\d:\d\d\.000Z$/);
    const finished = lines().find((l) => l.msg === 'job finished');
    expect(finished).toMatchObject({ job: 'tick', durationMs: expect.any(Number), summary: { ticks: 1 } });
    expect(lines().some((l) => l.msg === 'job started' && l.job === 'tick')).toBe(true);
  });

  it('retries a failing run with growing delays, then records the failure; other jobs are not held up', async () => {
    const attempts: { at: number; attempt: number }[] = [];
    const healthyRuns: number[] = [];
    const failing: Job = {
      name: 'failing',
      schedule: '0 0 1 1 *',
      run: async (ctx) => {
        attempts.push({ at: Date.now(), attempt: ctx.attempt });
        throw new Error(`disk full (attempt ${ctx.attempt})`);
      },
    };
    const healthy: Job = { name: 'healthy', schedule: '* * * * * *', run: async () => ({ runs: healthyRuns.push(Date.now()) }) };
    const { log, lines } = capturedLog();
    const jobs = scheduler({ jobs: [failing, healthy], lock: createMemoryJobLock(), log, retry: { attempts: 4, baseDelayMs: 400, maxDelayMs: 2000 } });
    jobs.start();
    const result = await jobs.runNow('failing');
    expect(result).toMatchObject({ ran: true, run: { outcome: 'failed', attempts: 4, error: 'disk full (attempt 4)', trigger: 'manual' } });
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 4]);
    const gaps = attempts.slice(1).map((a, i) => a.at - attempts[i]!.at);
    // Jittered exponential backoff: half to all of 400, 800, 1600 ms.
    expect(gaps[0]).toBeGreaterThanOrEqual(195);
    expect(gaps[1]).toBeGreaterThanOrEqual(395);
    expect(gaps[2]).toBeGreaterThanOrEqual(795);
    expect(gaps[2]).toBeLessThanOrEqual(1700);
    expect(lines().filter((l) => l.msg === 'job failed; retrying' && l.job === 'failing')).toHaveLength(3);
    expect(lines().find((l) => l.msg === 'job failed')).toMatchObject({ job: 'failing', attempts: 4 });
    // While `failing` retried (at least 1.4 s), `healthy` kept its every-second schedule.
    expect(healthyRuns.some((at) => at > attempts[0]!.at && at < attempts[3]!.at)).toBe(true);
    const byName = Object.fromEntries(jobs.status().map((s) => [s.name, s]));
    expect(byName.failing!.lastRun).toMatchObject({ outcome: 'failed', attempts: 4 });
    expect(byName.healthy!.lastRun).toMatchObject({ outcome: 'succeeded' });
  });

  it('a run that succeeds on a retry is recorded as succeeded, with its attempts', async () => {
    const job: Job = {
      name: 'flaky',
      schedule: '0 0 1 1 *',
      run: async (ctx) => {
        if (ctx.attempt < 3) throw new Error('not yet');
        return { attempt: ctx.attempt };
      },
    };
    const jobs = scheduler({ jobs: [job], lock: createMemoryJobLock(), log: capturedLog().log, retry: fastRetry });
    expect(await jobs.runNow('flaky')).toMatchObject({ ran: true, run: { outcome: 'succeeded', attempts: 3, summary: { attempt: 3 } } });
  });

  it('a job whose lock is held is skipped, not queued: two schedulers sharing one in-process lock', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let runs = 0;
    const slow: Job = { name: 'slow', schedule: '0 0 1 1 *', run: async () => (runs++, await gate, { done: true }) };
    const lock = createMemoryJobLock();
    const a = scheduler({ jobs: [slow], lock, log: capturedLog().log, retry: fastRetry });
    const b = scheduler({ jobs: [slow], lock, log: capturedLog().log, retry: fastRetry });
    const first = a.runNow('slow');
    await until(() => a.status()[0]!.running);
    expect(await b.runNow('slow')).toEqual({ ran: false, reason: 'held' });
    expect(await a.runNow('slow')).toEqual({ ran: false, reason: 'held' });
    expect(b.status()[0]!.lastSkipped).toMatchObject({ reason: 'held' });
    release();
    expect(await first).toMatchObject({ ran: true, run: { outcome: 'succeeded' } });
    expect(runs).toBe(1);
    // Freed: the next run goes ahead.
    expect(await b.runNow('slow')).toMatchObject({ ran: true });
  });

  it('one slot runs once even when two schedulers fire it and the first run ends before the second asks', async () => {
    const lock = createMemoryJobLock();
    const slot = { at: new Date('2030-01-01T02:00:00Z'), holdMs: 60_000 };
    const first = await lock.acquire({ job: 'nightly', ttlMs: 1000, slot });
    expect(first.acquired).toBe(true);
    if (first.acquired) await first.lease.release();
    expect(await lock.acquire({ job: 'nightly', ttlMs: 1000, slot })).toEqual({ acquired: false, reason: 'slot-taken' });
    // The next slot and hand-started runs are not affected by the claim.
    expect((await lock.acquire({ job: 'nightly', ttlMs: 1000, slot: { at: new Date('2030-01-02T02:00:00Z'), holdMs: 60_000 } })).acquired).toBe(true);
  });

  it('stop() cuts a retry wait short and waits for the run in progress', async () => {
    let calls = 0;
    const job: Job = { name: 'stubborn', schedule: '0 0 1 1 *', run: async () => (calls++, Promise.reject(new Error('no'))) };
    const jobs = createJobScheduler({ jobs: [job], lock: createMemoryJobLock(), log: capturedLog().log, retry: { attempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    const run = jobs.runNow('stubborn');
    await until(() => calls === 1);
    const started = Date.now();
    await jobs.stop();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await run).toMatchObject({ ran: true, run: { outcome: 'failed', attempts: 1 } });
    expect(await jobs.runNow('stubborn')).toEqual({ ran: false, reason: 'stopped' });
  });

  it('hands each run an abort signal that stop() fires', async () => {
    let seen: JobContext | undefined;
    const job: Job = {
      name: 'long',
      schedule: '0 0 1 1 *',
      run: (ctx) => {
        seen = ctx;
        return new Promise((resolve) => ctx.signal.addEventListener('abort', () => resolve({ stoppedEarly: true })));
      },
    };
    const jobs = createJobScheduler({ jobs: [job], lock: createMemoryJobLock(), log: capturedLog().log });
    const run = jobs.runNow('long');
    await until(() => seen !== undefined);
    await jobs.stop();
    expect(await run).toMatchObject({ ran: true, run: { summary: { stoppedEarly: true } } });
  });

  it('refuses two jobs of one name, a bad cron expression and an unknown job', async () => {
    const job: Job = { name: 'x', schedule: '* * * * *', run: async () => ({}) };
    const lock = createMemoryJobLock();
    const log = capturedLog().log;
    expect(() => createJobScheduler({ jobs: [job, job], lock, log })).toThrow('Two jobs are named x');
    expect(() => createJobScheduler({ jobs: [{ ...job, schedule: 'every night' }], lock, log })).toThrow('invalid cron expression');
    await expect(scheduler({ jobs: [job], lock, log }).runNow('y')).rejects.toThrow('Unknown job y');
  });
});
