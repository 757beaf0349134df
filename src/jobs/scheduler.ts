import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import { DEFAULT_RETRY, retryDelay, sleep, type RetryPolicy } from './backoff';
import type { Job, JobContext, JobSummary } from './job';
import type { JobLock, LockLease } from './job-lock';
import type { JobRun, JobStatus, SkipReason } from './job-status';

export interface SchedulerOptions {
  jobs: readonly Job[];
  lock: JobLock;
  log: Logger;
  /** IANA zone the schedules are read in (UTC by default). */
  timezone?: string;
  retry?: RetryPolicy;
  /** Lifetime of a job's lock unless renewed (renewed every third of it while the job runs). */
  lockTtlMs?: number;
}

export type RunResult = { ran: true; run: JobRun } | { ran: false; reason: SkipReason };

export interface JobScheduler {
  /** Starts every job's cron schedule. */
  start(): void;
  /** Runs a job now, under its lock, with retries, as a schedule would (without a slot). */
  runNow(name: string): Promise<RunResult>;
  status(): JobStatus[];
  /** Stops the schedules, cuts retry waits short, and waits for runs in progress to end. */
  stop(): Promise<void>;
}

interface Entry {
  job: Job;
  task?: ScheduledTask;
  inFlight: Set<Promise<RunResult>>;
  /** Runs holding the lock in this process (0 or 1 but for a lost lock). */
  active: number;
  lastRun: JobRun | null;
  lastSkipped: JobStatus['lastSkipped'];
}

const MIN_SLOT_HOLD_MS = 1_000;

/**
 * Runs jobs on their cron schedules, each run under the job's lock: a run whose lock is held
 * elsewhere is skipped, not queued. A failed run is retried with exponential backoff while the
 * lock is kept (and renewed); jobs never wait on one another, so one failing changes nothing
 * for the others. Every run is logged with its duration and summary and kept for /ready.
 */
export function createJobScheduler(options: SchedulerOptions): JobScheduler {
  const { lock, log } = options;
  const timezone = options.timezone ?? 'UTC';
  const retry = options.retry ?? DEFAULT_RETRY;
  const lockTtlMs = options.lockTtlMs ?? 60_000;
  const stopping = new AbortController();
  const entries = new Map<string, Entry>();
  for (const job of options.jobs) {
    if (entries.has(job.name)) throw new Error(`Two jobs are named ${job.name}`);
    if (!cron.validate(job.schedule)) throw new Error(`Job ${job.name}: invalid cron expression ${JSON.stringify(job.schedule)}`);
    entries.set(job.name, { job, inFlight: new Set(), active: 0, lastRun: null, lastSkipped: null });
  }

  function skipped(entry: Entry, reason: SkipReason, slot?: Date): RunResult {
    entry.lastSkipped = { at: new Date().toISOString(), ...(slot ? { slot: slot.toISOString() } : {}), reason };
    return { ran: false, reason };
  }

  /** Renews the lease every third of its TTL; a lost lease aborts the run's signal. */
  function keepLease(lease: LockLease, jobLog: Logger, run: AbortController): () => void {
    const timer = setInterval(() => {
      lease.renew().then(
        (kept) => {
          if (kept || run.signal.aborted) return;
          jobLog.error('job lock lost (expired and taken elsewhere); asking the run to stop');
          run.abort(new Error('job lock lost'));
        },
        (error: unknown) => jobLog.warn({ err: error }, 'job lock renewal failed; will retry'),
      );
    }, Math.max(10, Math.floor(lockTtlMs / 3)));
    return () => clearInterval(timer);
  }

  async function attempts(entry: Entry, base: Omit<JobContext, 'attempt'>): Promise<{ attempts: number; summary?: JobSummary; error?: unknown }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return { attempts: attempt, summary: await entry.job.run({ ...base, attempt }) };
      } catch (error) {
        if (attempt >= retry.attempts || base.signal.aborted) return { attempts: attempt, error };
        const delayMs = retryDelay(retry, attempt);
        base.log.warn({ err: error, attempt, retryInMs: delayMs }, 'job failed; retrying');
        await sleep(delayMs, base.signal);
        if (base.signal.aborted) return { attempts: attempt, error };
      }
    }
  }

  async function execute(entry: Entry, trigger: JobRun['trigger'], slot?: { at: Date; holdMs: number }): Promise<RunResult> {
    const name = entry.job.name;
    const jobLog = log.child({ job: name });
    if (stopping.signal.aborted) return skipped(entry, 'stopped', slot?.at);
    let outcome;
    try {
      outcome = await lock.acquire({ job: name, ttlMs: lockTtlMs, slot });
    } catch (error) {
      // Fail closed: without the lock we cannot know nobody else runs it.
      jobLog.warn({ err: error, slot: slot?.at.toISOString() }, 'job lock unavailable; run skipped');
      return skipped(entry, 'lock-unavailable', slot?.at);
    }
    if (!outcome.acquired) {
      jobLog.info({ slot: slot?.at.toISOString(), reason: outcome.reason }, 'job skipped: it runs or ran elsewhere');
      return skipped(entry, outcome.reason, slot?.at);
    }
    const run = new AbortController();
    const onStop = () => run.abort(new Error('scheduler stopping'));
    stopping.signal.addEventListener('abort', onStop);
    const stopRenewing = keepLease(outcome.lease, jobLog, run);
    const started = new Date();
    entry.active += 1;
    jobLog.info({ trigger, slot: slot?.at.toISOString() }, 'job started');
    const result = await attempts(entry, { slot: slot?.at, trigger, log: jobLog, signal: run.signal });
    stopRenewing();
    entry.active -= 1;
    stopping.signal.removeEventListener('abort', onStop);
    await outcome.lease.release().catch((error: unknown) => jobLog.warn({ err: error }, 'job lock release failed; it expires by itself'));
    const finished = new Date();
    const record: JobRun = {
      trigger,
      ...(slot ? { slot: slot.at.toISOString() } : {}),
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      durationMs: finished.getTime() - started.getTime(),
      outcome: result.error !== undefined ? 'failed' : 'succeeded',
      attempts: result.attempts,
      ...(result.summary ? { summary: result.summary } : {}),
      ...(result.error !== undefined ? { error: (result.error as Error)?.message ?? String(result.error) } : {}),
    };
    entry.lastRun = record;
    if (record.outcome === 'failed') jobLog.error({ err: result.error, durationMs: record.durationMs, attempts: record.attempts }, 'job failed');
    else jobLog.info({ durationMs: record.durationMs, attempts: record.attempts, summary: record.summary }, 'job finished');
    return { ran: true, run: record };
  }

  function track(entry: Entry, promise: Promise<RunResult>): Promise<RunResult> {
    entry.inFlight.add(promise);
    void promise.finally(() => entry.inFlight.delete(promise));
    return promise;
  }

  return {
    start() {
      for (const entry of entries.values()) {
        if (entry.task) continue;
        entry.task = cron.schedule(
          entry.job.schedule,
          async (ctx) => {
            // The slot's claim lasts until the next slot: no process runs this one after it.
            const next = entry.task?.getNextRun()?.getTime();
            const holdMs = Math.max(MIN_SLOT_HOLD_MS, next ? next - ctx.date.getTime() : MIN_SLOT_HOLD_MS);
            await track(entry, execute(entry, 'schedule', { at: ctx.date, holdMs }));
          },
          { name: `job:${entry.job.name}`, timezone },
        );
      }
      log.info({ jobs: [...entries.values()].map((e) => ({ name: e.job.name, schedule: e.job.schedule })), timezone }, 'jobs scheduled');
    },
    runNow(name) {
      const entry = entries.get(name);
      if (!entry) return Promise.reject(new Error(`Unknown job ${name}; known: ${[...entries.keys()].join(', ') || 'none'}`));
      return track(entry, execute(entry, 'manual'));
    },
    status() {
      return [...entries.values()].map((entry) => ({
        name: entry.job.name,
        schedule: entry.job.schedule,
        timezone,
        running: entry.active > 0,
        nextRunAt: entry.task?.getNextRun()?.toISOString() ?? null,
        lastRun: entry.lastRun,
        lastSkipped: entry.lastSkipped,
      }));
    },
    async stop() {
      stopping.abort();
      for (const entry of entries.values()) {
        await entry.task?.destroy();
        entry.task = undefined;
      }
      await Promise.allSettled([...entries.values()].flatMap((entry) => [...entry.inFlight]));
    },
  };
}
