import type { Logger } from 'pino';

/** What a run did, in a few fields (counts, file names): logged and shown on /ready. */
export type JobSummary = { [key: string]: unknown };

export interface JobContext {
  /** The scheduled instant this run is for; absent for a run asked for by hand. */
  slot?: Date;
  trigger: 'schedule' | 'manual';
  /** 1 for the first try, then 2, 3, … while failures are retried. */
  attempt: number;
  /** Child logger carrying the job's name. */
  log: Logger;
  /** Aborted when the process stops or the job's lock is lost: stop at the next safe point. */
  signal: AbortSignal;
}

/**
 * A scheduled job: a name (its lock and its line on /ready), a cron schedule, and a run that
 * returns what it did. A job does one thing; the scheduler adds locking, retries and logging.
 * Runs must be safe to repeat: a retry or the next slot may run again what a failure interrupted.
 */
export interface Job {
  name: string;
  /** node-cron expression, 5 fields or 6 with seconds first (`0 4 * * *`, `*\/10 * * * * *`). */
  schedule: string;
  run(ctx: JobContext): Promise<JobSummary>;
}
