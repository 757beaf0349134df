import type { Logger } from 'pino';
import type { AccessTokens } from '../auth/access-tokens';
import type { ReceiptNumbers } from '../commands/receipt-numbers';
import type { EventStore } from '../eventstore/types';
import type { ExportJobs } from '../exports/export-jobs';
import type { JobStatus } from '../jobs/job-status';
import type { ProjectionRunner } from '../projections/projection-runner';
import type { ReadStore } from '../projections/read-store';
import type { RateLimiter } from './rate-limiter';
import type { Metrics } from '../metrics/metrics';

export interface RateLimits {
  loginPerAccount: number;
  loginPerIp: number;
  signupPerIp: number;
  windowMs: number;
}

/** What the HTTP layer needs, built by the composition root. */
export interface ApiDeps {
  store: EventStore;
  /** Hands out each tenant's receipt numbers (one per process, batching concurrent sales). */
  receipts: ReceiptNumbers;
  readStore: ReadStore;
  projections: ProjectionRunner;
  accessTokens: AccessTokens;
  refreshTtlMs: number;
  rateLimiter: RateLimiter;
  rateLimits: RateLimits;
  log: Logger;
  trustProxy?: boolean;
  /** Browser origins allowed to call the API (CORS_ORIGINS); none when absent. */
  corsOrigins?: readonly string[];
  /** The scheduled jobs of this process, for /ready (none when jobs run elsewhere). */
  jobs?: { status(): JobStatus[] };
  /** Prometheus metrics of this process: GET /metrics and the request timings (none when absent). */
  metrics?: Metrics;
  /** Background exports; without them export jobs answer 503 (the streamed exports still work). */
  exportJobs?: ExportJobs;
}
