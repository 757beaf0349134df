import type { Request } from 'express';
import { HttpProblem } from './problem';
import type { RateLimiter } from './rate-limiter';

/** Throws a 429 with Retry-After once `key` has been hit more than `limit` times in the window. */
export async function enforceRateLimit(limiter: RateLimiter, key: string, limit: number, windowMs: number): Promise<void> {
  const { allowed, retryAfterSeconds } = await limiter.hit(key, limit, windowMs);
  if (!allowed) {
    throw new HttpProblem(
      { status: 429, title: 'Too many requests', code: 'RATE_LIMITED', detail: `Too many attempts; try again in ${retryAfterSeconds} s` },
      { 'Retry-After': String(retryAfterSeconds) },
    );
  }
}

export const clientIp = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';
