import { Router } from 'express';
import { z } from 'zod';
import { toAuditEvent } from '../../audit/audit-event';
import { readHistoryJsonPage } from '../../audit/history-page';
import { replayTenant } from '../../audit/replay';
import { replayPlan } from '../../audit/replay-plan';
import { verifyTenantHistory } from '../../audit/verify-history';
import { tenantOfStream } from '../../eventstore/stream-name';
import { position, revision } from '../../eventstore/types';
import { authenticate, claimsOf, requireRole } from '../authenticate';
import type { ApiDeps } from '../deps';
import { HttpProblem } from '../problem';
import { parse } from '../validate';

export const MAX_PAGE = 10_000;

const decimal = (what: string) => z.string().regex(/^\d{1,19}$/, `must be a ${what} (a decimal string)`);
const instant = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time with a time zone, e.g. 2025-01-31T18:00:00Z' });
const eventType = z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,99}$/, 'must be event type names (letters, digits, . _ -), comma-separated or repeated');
/** `type=A,B` and `type=A&type=B` alike. */
const types = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).filter((v) => v !== ''))
  .pipe(z.array(eventType).max(50));
const limit = z.coerce.number().int().min(1).max(MAX_PAGE).default(1000);

const eventsQuery = z
  .object({ fromPosition: decimal('position').default('0'), limit, type: types.optional(), from: instant.optional(), to: instant.optional() })
  .refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.from) <= Date.parse(q.to), { message: 'must not be before from', path: ['to'] });
const streamParams = z.object({ stream: z.string().min(3).max(300) });
const streamQuery = z.object({ fromRevision: decimal('revision').default('0'), limit });
const replayQuery = z.object({ asOf: instant });

const streamNotFound = (stream: string) => new HttpProblem({ status: 404, title: 'Not found', code: 'STREAM_NOT_FOUND', detail: `No stream ${stream}` });

/**
 * The auditor's view of the tenant's own history (API.md "Reports, exports, audit"): pages of the
 * log, one stream, the hash chains re-checked, and the state at an instant replayed. Read only.
 */
export function auditRoutes(deps: ApiDeps): Router {
  const router = Router();
  router.use(authenticate(deps.accessTokens), requireRole('auditor', 'owner'));

  router.get('/events', async (req, res) => {
    const query = parse(eventsQuery, req.query);
    const page = await readHistoryJsonPage(deps.store, {
      tenantId: claimsOf(req).tenantId,
      fromPosition: position(BigInt(query.fromPosition)),
      limit: query.limit,
      types: query.type,
      from: query.from,
      to: query.to,
    });
    // Sent as the store built it: a long history is paged without parsing it. res.end, not
    // res.send: no ETag, which would hash every (megabytes long) page once more.
    const head = Buffer.from('{"events":[');
    const tail = Buffer.from(`],"nextPosition":"${page.nextPosition}","hasMore":${page.hasMore}}`);
    res.type('application/json').setHeader('content-length', head.length + page.events.length + tail.length);
    res.write(head);
    res.write(page.events);
    res.end(tail);
  });

  router.get('/streams/:stream', async (req, res) => {
    const { stream } = parse(streamParams, req.params);
    const query = parse(streamQuery, req.query);
    // Another tenant's stream, or a `_system.` one, reads exactly like one that does not exist.
    if (tenantOfStream(stream) !== claimsOf(req).tenantId) throw streamNotFound(stream);
    const events = await deps.store.readStream(stream, { fromRevision: revision(BigInt(query.fromRevision)), maxCount: query.limit + 1 });
    if (events.length === 0 && query.fromRevision === '0') throw streamNotFound(stream);
    const shown = events.slice(0, query.limit);
    res.json({ stream, events: shown.map(toAuditEvent), nextRevision: events.length > query.limit ? events[query.limit]!.revision.toString() : null });
  });

  router.get('/verify', async (req, res) => {
    res.json(await verifyTenantHistory(deps.store, claimsOf(req).tenantId));
  });

  router.get('/replay', async (req, res) => {
    const asOf = new Date(parse(replayQuery, req.query).asOf);
    const replayed = await replayTenant(deps.store, claimsOf(req).tenantId, asOf, replayPlan());
    res.json({ asOf: asOf.toISOString(), position: replayed.position.toString(), events: replayed.events, ...replayed.summary });
  });

  return router;
}
