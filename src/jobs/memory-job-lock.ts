import { randomUUID } from 'node:crypto';
import type { JobLock, LockOutcome, LockRequest } from './job-lock';

/** The lock for one process: the same rules as the Redis lock, kept in a map. */
export function createMemoryJobLock(now: () => number = Date.now): JobLock {
  const held = new Map<string, { token: string; expiresAt: number }>();
  const live = (key: string) => {
    const entry = held.get(key);
    if (entry && entry.expiresAt <= now()) held.delete(key);
    return held.get(key);
  };

  return {
    async acquire(request: LockRequest): Promise<LockOutcome> {
      const jobKey = `job:${request.job}`;
      const slotKey = request.slot ? `slot:${request.job}:${request.slot.at.toISOString()}` : undefined;
      if (slotKey && live(slotKey)) return { acquired: false, reason: 'slot-taken' };
      if (live(jobKey)) return { acquired: false, reason: 'held' };
      const token = randomUUID();
      held.set(jobKey, { token, expiresAt: now() + request.ttlMs });
      if (slotKey) held.set(slotKey, { token, expiresAt: now() + request.slot!.holdMs });
      return {
        acquired: true,
        lease: {
          async renew() {
            const entry = live(jobKey);
            if (entry?.token !== token) return false;
            entry.expiresAt = now() + request.ttlMs;
            return true;
          },
          async release() {
            if (live(jobKey)?.token === token) held.delete(jobKey);
          },
        },
      };
    },
    async close() {
      held.clear();
    },
  };
}
