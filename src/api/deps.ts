import type { Logger } from 'pino';
import type { AccessTokens } from '../auth/access-tokens';
import type { EventStore } from '../eventstore/types';
import type { RateLimiter } from './rate-limiter';

export interface RateLimits {
  loginPerAccount: number;
  loginPerIp: number;
  signupPerIp: number;
  windowMs: number;
}

/** What the HTTP layer needs, built by the composition root. */
export interface ApiDeps {
  store: EventStore;
  accessTokens: AccessTokens;
  refreshTtlMs: number;
  rateLimiter: RateLimiter;
  rateLimits: RateLimits;
  log: Logger;
  trustProxy?: boolean;
}
