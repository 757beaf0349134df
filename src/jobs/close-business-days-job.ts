import { lastClosedDay, closeBusinessDay } from '../commands/business-days';
import { sha256Hex } from '../commands/hash-chain';
import { loadState } from '../commands/load-state';
import { streams } from '../commands/streams';
import { businessDayOf, lastEndedBusinessDay } from '../domain/reports/business-day';
import { addDays } from '../domain/time-zone';
import { tenantDecider } from '../domain/tenant/tenant';
import type { EventStore } from '../eventstore/types';
import type { Job } from './job';
import { tenantDirectory } from './tenant-ids';

/** A job down for longer than this leaves older days for a manager to close by hand. */
const MAX_DAYS_BEHIND = 31;

async function signUpDay(store: EventStore, tenantId: string, timezone: string, closeTime: string): Promise<string> {
  const [first] = await store.readStream(streams.tenant(tenantId), { maxCount: 1 });
  return businessDayOf(new Date(first!.created), timezone, closeTime).date;
}

export interface CloseBusinessDaysOptions {
  store: EventStore;
  schedule: string;
  now?: () => Date;
}

/**
 * Closes every tenant's business days as they end, at the tenant's own close time in its own time
 * zone: each day from the first one not closed up to the one that just ended, in order, each
 * with its Z number. A day a manager already closed by hand is skipped. The command id is the
 * day's, so two workers (or a retry) closing the same day record it once.
 */
export function createCloseBusinessDaysJob(options: CloseBusinessDaysOptions): Job {
  const { store } = options;
  const tenantIds = tenantDirectory(store);
  return {
    name: 'close-business-days',
    schedule: options.schedule,
    async run({ signal }) {
      const now = options.now?.() ?? new Date();
      const closed: string[] = [];
      let tenants = 0;
      for (const tenantId of await tenantIds()) {
        if (signal.aborted) break;
        tenants++;
        const tenant = await loadState(store, tenantDecider, streams.tenant(tenantId));
        if (!tenant.profile) continue;
        const ended = lastEndedBusinessDay(now, tenant.profile.timezone, tenant.dayCloseTime);
        const { lastClosed } = await lastClosedDay(store, tenantId);
        const earliest = addDays(ended, -(MAX_DAYS_BEHIND - 1));
        // A tenant that never closed a day starts with the day it signed up.
        let date = lastClosed === null ? await signUpDay(store, tenantId, tenant.profile.timezone, tenant.dayCloseTime) : addDays(lastClosed, 1);
        if (date < earliest) date = earliest;
        for (; date <= ended; date = addDays(date, 1)) {
          const commandId = `close-business-day:${date}`;
          await closeBusinessDay(store, { tenantId, actor: { userId: 'system', role: 'system' }, commandId, requestHash: sha256Hex(commandId), at: now.toISOString() }, date);
          closed.push(`${tenantId} ${date}`);
        }
      }
      return { tenants, closed: closed.length, days: closed.slice(0, 20) };
    },
  };
}
