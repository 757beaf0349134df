import type { JobSummary } from './job';

/** One finished run of a job (its retries included), as /ready shows it. */
export interface JobRun {
  trigger: 'schedule' | 'manual';
  /** The scheduled slot (ISO-8601) for a scheduled run. */
  slot?: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  outcome: 'succeeded' | 'failed';
  attempts: number;
  summary?: JobSummary;
  /** The last attempt's error message, when it failed. */
  error?: string;
}

export type SkipReason = 'held' | 'slot-taken' | 'lock-unavailable' | 'stopped';

/** Each job in this process: its schedule, whether it runs now, its last run and its last skip. */
export interface JobStatus {
  name: string;
  schedule: string;
  timezone: string;
  running: boolean;
  nextRunAt: string | null;
  lastRun: JobRun | null;
  lastSkipped: { at: string; slot?: string; reason: SkipReason } | null;
}
