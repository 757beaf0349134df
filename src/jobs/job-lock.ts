/**
 * Keeps a job to one runner at a time, however many processes schedule it. Two keys:
 * the job's lock, held (and renewed) while a run lasts, so a run never overlaps another; and,
 * for scheduled runs, the slot's claim, kept until the slot is over, so two processes whose
 * clocks fire the same slot a few milliseconds apart do not run it one after the other.
 */
export interface JobLock {
  acquire(request: LockRequest): Promise<LockOutcome>;
  close(): Promise<void>;
}

export interface LockRequest {
  job: string;
  /** How long the lock lives unless renewed: a crashed holder frees it after this. */
  ttlMs: number;
  /** The scheduled slot and how long its claim is kept; absent for runs asked for by hand. */
  slot?: { at: Date; holdMs: number };
}

export type LockOutcome =
  | { acquired: true; lease: LockLease }
  /** `held`: a run of this job is going on elsewhere; `slot-taken`: this slot already ran or runs elsewhere. */
  | { acquired: false; reason: 'held' | 'slot-taken' };

export interface LockLease {
  /** Extends the lock by its TTL; false when it was lost (expired and taken by someone else). */
  renew(): Promise<boolean>;
  /** Frees the job's lock (the slot's claim stays until it expires). */
  release(): Promise<void>;
}
