import { canonicalJson } from '../commands/canonical-json';
import { handleCommand } from '../commands/handle-command';
import { sha256Hex } from '../commands/hash-chain';
import { isDeletableStream } from '../eventstore/deletable-streams';
import { StreamDeletedError, WrongExpectedRevisionError } from '../eventstore/errors';
import { streamName, tenantOfStream } from '../eventstore/stream-name';
import { position, type EventStore, type Position } from '../eventstore/types';
import type { Job } from './job';
import { endedSession, SESSION_EVENT_TYPES, type EndedSession } from './ended-session';
import { retentionDecider } from './session-retention';

export interface SessionPurgeOptions {
  store: EventStore;
  schedule: string;
  /** Sessions ended (revoked, or their refresh token expired) more than this many days ago go. */
  afterDays: number;
  now?: () => Date;
  /** Sessions per retention record (one event). */
  chunkSize?: number;
}

const DAY_MS = 86_400_000;
const PAGE = 1000;

/** Session streams whose last known end, as far as the log tells, is before the cutoff; by tenant. */
async function candidates(store: EventStore, cutoff: number, signal: AbortSignal): Promise<{ byTenant: Map<string, string[]>; seen: number }> {
  const ends = new Map<string, { expiresAt: number; revokedAt?: number }>();
  let from: Position = position(0);
  for (;;) {
    const page = await store.readAll({ fromPosition: from, maxCount: PAGE, filter: { eventTypes: SESSION_EVENT_TYPES } });
    for (const event of page) {
      if (!isDeletableStream(event.stream)) continue;
      const known = ends.get(event.stream) ?? { expiresAt: Number.POSITIVE_INFINITY };
      if (event.type === 'SessionRevoked') known.revokedAt = Date.parse(event.created);
      else known.expiresAt = Date.parse(String(event.data.expiresAt));
      ends.set(event.stream, known);
    }
    if (page.length < PAGE || signal.aborted) break;
    from = page[page.length - 1]!.position;
  }
  const byTenant = new Map<string, string[]>();
  for (const [stream, end] of ends) {
    if ((end.revokedAt ?? end.expiresAt) > cutoff) continue;
    const tenant = tenantOfStream(stream);
    const list = byTenant.get(tenant) ?? [];
    list.push(stream);
    byTenant.set(tenant, list);
  }
  return { byTenant, seen: ends.size };
}

/**
 * Purges spent refresh tokens: the streams of sign-ins that ended more than `afterDays` ago.
 * Per tenant, and only within it: each candidate is re-read from its own stream (the truth), the
 * batch is recorded in the tenant's `retention-sessions` stream, then each stream is deleted at
 * the revision that was read. The record's command id is derived from its content, so a run
 * interrupted between recording and deleting, retried, records nothing twice.
 */
export function createSessionPurgeJob(options: SessionPurgeOptions): Job {
  const { store } = options;
  const chunkSize = options.chunkSize ?? 500;
  return {
    name: 'purge-sessions',
    schedule: options.schedule,
    async run({ signal, log }) {
      const now = options.now?.() ?? new Date();
      const cutoff = now.getTime() - options.afterDays * DAY_MS;
      const { byTenant, seen } = await candidates(store, cutoff, signal);
      let purged = 0;
      let unchanged = 0;
      const tenants: string[] = [];
      for (const [tenantId, streams] of byTenant) {
        for (let i = 0; i < streams.length && !signal.aborted; i += chunkSize) {
          const ended: EndedSession[] = [];
          for (const stream of streams.slice(i, i + chunkSize)) {
            const session = endedSession(stream, await store.readStream(stream), now);
            if (session && Date.parse(session.endedAt) <= cutoff) ended.push(session);
          }
          if (ended.length === 0) continue;
          const data = { afterDays: options.afterDays, sessions: ended.map(({ stream: _s, revision: _r, ...kept }) => kept) };
          await handleCommand(store, retentionDecider, streamName(tenantId, 'retention', 'sessions'), { type: 'RecordSessionsPurged', data }, {
            tenantId,
            actor: { userId: 'system', role: 'system' },
            commandId: `purge-sessions:${sha256Hex(canonicalJson(data)).slice(0, 32)}`,
          });
          for (const session of ended) {
            try {
              await store.deleteStream(session.stream, { expectedRevision: session.revision });
              purged += 1;
            } catch (error) {
              if (!(error instanceof WrongExpectedRevisionError || error instanceof StreamDeletedError)) throw error;
              unchanged += 1;
              log.warn({ stream: session.stream, err: error }, 'session changed or went since it was read; left for the next run');
            }
          }
          if (!tenants.includes(tenantId)) tenants.push(tenantId);
        }
      }
      return { sessionsSeen: seen, purged, unchanged, tenants: tenants.length, endedBefore: new Date(cutoff).toISOString() };
    },
  };
}
