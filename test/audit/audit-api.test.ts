import { tenantPrefix } from '../../src/eventstore/stream-name';
import { position, type RecordedEvent } from '../../src/eventstore/types';
import { client, ownerSession, startTestServer, type TestServer } from '../helpers/test-server';
import { LIMITS, restaurantWithHistory, staffMember } from './audit-fixtures';

type Api = ReturnType<typeof client>;

describe('audit over HTTP', () => {
  let t: TestServer;
  let a: Awaited<ReturnType<typeof restaurantWithHistory>>;
  beforeAll(async () => {
    t = await startTestServer(LIMITS);
    a = await restaurantWithHistory(t);
  });
  afterAll(() => t.stop());

  /** The tenant's history read straight from the store, for comparison. */
  async function history(tenantId: string): Promise<RecordedEvent[]> {
    const all: RecordedEvent[] = [];
    for (let from = position(0); ; ) {
      const page = await t.server.store.readAll({ fromPosition: from, maxCount: 1000, filter: { streamPrefix: tenantPrefix(tenantId) } });
      all.push(...page);
      if (page.length < 1000) return all;
      from = page[page.length - 1]!.position;
    }
  }

  /** Follows nextPosition until hasMore is false. */
  async function pageAll(api: Api, query = '', limit = 4) {
    const events: any[] = [];
    let from = '0';
    for (let pages = 0; pages < 1000; pages++) {
      const page = await api.get(`/api/audit/events?fromPosition=${from}&limit=${limit}${query}`);
      expect(page.status).toBe(200);
      expect(page.body.events.length).toBeLessThanOrEqual(limit);
      events.push(...page.body.events);
      if (!page.body.hasMore) return events;
      from = page.body.nextPosition;
    }
    throw new Error('paging never ended');
  }

  it('pages the whole history in global order, fromPosition exclusive, with full metadata', async () => {
    const expected = await history(a.owner.tenantId);
    const events = await pageAll(a.auditor.api);
    expect(events.map((e) => e.position)).toEqual(expected.map((e) => e.position.toString()));
    expect(events.map((e) => [e.id, e.stream, e.revision, e.type])).toEqual(expected.map((e) => [e.id, e.stream, e.revision.toString(), e.type]));
    expect(events).toEqual(expected.map((e) => ({ ...e, revision: e.revision.toString(), position: e.position.toString() })));
    const placed = events.find((e) => e.type === 'OrderPlaced');
    expect(placed.metadata).toMatchObject({
      tenantId: a.owner.tenantId,
      actor: { userId: a.waiter.userId, role: 'waiter' },
      commandId: expect.any(String),
      correlationId: expect.any(String),
      prevHash: '0'.repeat(64),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    // Exclusive: a page from an event's position starts after it.
    const third = events[2];
    const after = await a.auditor.api.get(`/api/audit/events?fromPosition=${third.position}&limit=2`);
    expect(after.body.events.map((e: { position: string }) => e.position)).toEqual([events[3].position, events[4].position]);
    expect(after.body).toMatchObject({ nextPosition: events[4].position, hasMore: true });
    const end = await a.auditor.api.get(`/api/audit/events?fromPosition=${events.at(-1).position}`);
    expect(end.body).toEqual({ events: [], nextPosition: events.at(-1).position, hasMore: false });
  });

  it('answers who voided an item and when: filter by type', async () => {
    const voids = await a.auditor.api.get('/api/audit/events?type=OrderItemVoided');
    expect(voids.body.events).toHaveLength(1);
    const [voided] = voids.body.events;
    expect(voided).toMatchObject({
      stream: `${a.owner.tenantId}.order-${a.orderId}`,
      data: { orderId: a.orderId, lineId: 'L2', reason: 'guest changed their mind', voidedBy: { userId: a.waiter.userId, role: 'waiter' } },
      metadata: { terminalId: 'till-2', actor: { userId: a.waiter.userId, role: 'waiter' } },
    });
    expect(new Date(voided.created).toISOString()).toBe(voided.created);
  });

  it('filters by several types, comma-separated or repeated', async () => {
    const expected = (await history(a.owner.tenantId)).filter((e) => e.type === 'OrderPlaced' || e.type === 'PaymentRecorded').map((e) => e.position.toString());
    expect(expected).toHaveLength(3);
    for (const query of ['&type=OrderPlaced,PaymentRecorded', '&type=OrderPlaced&type=PaymentRecorded']) {
      expect((await pageAll(a.auditor.api, query, 2)).map((e) => e.position)).toEqual(expected);
    }
  });

  it('filters by recorded time, from and to inclusive', async () => {
    const all = await history(a.owner.tenantId);
    const middle = all[Math.floor(all.length / 2)]!.created;
    const from = await pageAll(a.auditor.api, `&from=${middle}`, 3);
    expect(from.map((e) => e.position)).toEqual(all.filter((e) => e.created >= middle).map((e) => e.position.toString()));
    // Another offset for the same instant reads the same.
    const local = new Date(Date.parse(middle) + 7 * 3600_000).toISOString().replace('Z', '+07:00');
    const to = await pageAll(a.auditor.api, `&to=${encodeURIComponent(local)}`, 3);
    expect(to.map((e) => e.position)).toEqual(all.filter((e) => e.created <= middle).map((e) => e.position.toString()));
    expect(from.length + to.length).toBeGreaterThan(all.length - 1);
  });

  it('refuses bad queries with 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['/api/audit/events?limit=0', 'limit'],
      ['/api/audit/events?limit=100001', 'limit'],
      ['/api/audit/events?fromPosition=abc', 'fromPosition'],
      ['/api/audit/events?from=yesterday', 'from'],
      ['/api/audit/events?from=2025-01-02T00:00:00Z&to=2025-01-01T00:00:00Z', 'to'],
      ['/api/audit/events?type=not%20a%20type', 'type.0'],
      ['/api/audit/replay', 'asOf'],
      ['/api/audit/replay?asOf=2025-13-01', 'asOf'],
      [`/api/audit/streams/${a.owner.tenantId}.order-${a.orderId}?fromRevision=-1`, 'fromRevision'],
    ];
    for (const [path, field] of cases) {
      const answer = await a.auditor.api.get(path);
      expect([path, answer.status, answer.headers.get('content-type')]).toEqual([path, 400, expect.stringContaining('application/problem+json')]);
      expect(answer.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it('lets auditors and owners in, no other role, nobody unauthenticated', async () => {
    expect((await a.owner.api.get('/api/audit/events?limit=1')).status).toBe(200);
    const waiter = await a.waiter.api.get('/api/audit/events');
    expect([waiter.status, waiter.body.code]).toEqual([403, 'FORBIDDEN']);
    const manager = await staffMember(t, a.owner, 'manager');
    for (const path of ['/api/audit/events', '/api/audit/verify', '/api/audit/replay?asOf=2025-01-01T00:00:00Z', `/api/audit/streams/${a.owner.tenantId}.order-${a.orderId}`]) {
      expect((await manager.api.get(path)).status).toBe(403);
      expect((await client(t.url).get(path)).status).toBe(401);
    }
  });

  it('reads one stream of the tenant; any other stream is a 404, whether it exists or not', async () => {
    const stream = `${a.owner.tenantId}.order-${a.orderId}`;
    const answer = await a.auditor.api.get(`/api/audit/streams/${stream}`);
    expect(answer.status).toBe(200);
    const expected = await t.server.store.readStream(stream);
    expect(answer.body.events.map((e: { revision: string; type: string }) => [e.revision, e.type])).toEqual(expected.map((e) => [e.revision.toString(), e.type]));
    expect(answer.body.nextRevision).toBeNull();
    const paged = await a.auditor.api.get(`/api/audit/streams/${stream}?fromRevision=1&limit=2`);
    expect(paged.body.events.map((e: { revision: string }) => e.revision)).toEqual(['1', '2']);
    expect(paged.body.nextRevision).toBe('3');

    const other = await ownerSession(t.url);
    const theirs = `${other.tenantId}.tenant-${other.tenantId}`;
    expect((await t.server.store.readStream(theirs)).length).toBeGreaterThan(0);
    for (const hidden of [theirs, `_system.subdomain-${other.subdomain}`, `${a.owner.tenantId}.order-nope`]) {
      const refused = await a.auditor.api.get(`/api/audit/streams/${encodeURIComponent(hidden)}`);
      expect([hidden, refused.status, refused.body.code, refused.body.detail]).toEqual([hidden, 404, 'STREAM_NOT_FOUND', `No stream ${hidden}`]);
    }
  });

  it('verifies every hash chain of the tenant', async () => {
    const expected = await history(a.owner.tenantId);
    const answer = await a.auditor.api.get('/api/audit/verify');
    expect(answer.body).toEqual({ ok: true, streams: new Set(expected.map((e) => e.stream)).size, events: expected.length });
  });

  it('replays the state as it was at an instant, leaving the live read models alone', async () => {
    const all = await history(a.owner.tenantId);
    const now = await a.auditor.api.get(`/api/audit/replay?asOf=${new Date().toISOString()}`);
    expect(now.status).toBe(200);
    expect(now.body).toMatchObject({
      position: all.at(-1)!.position.toString(),
      events: all.length,
      stock: [],
      sales: { orders: { paid: 1, totalMinor: a.paidTotalMinor, paidMinor: a.paidTotalMinor, open: 1 } },
    });

    const payment = all.find((e) => e.type === 'PaymentRecorded')!;
    const before = new Date(Date.parse(payment.created) - 1);
    const earlier = await a.auditor.api.get(`/api/audit/replay?asOf=${before.toISOString()}`);
    const included = all.filter((e) => e.created <= before.toISOString());
    expect(earlier.body).toMatchObject({ asOf: before.toISOString(), position: included.at(-1)!.position.toString(), events: included.length });
    expect(earlier.body.sales.orders).toEqual({ paid: 0, totalMinor: 0, paidMinor: 0, open: 1 });

    const beforeAnything = await a.auditor.api.get('/api/audit/replay?asOf=2000-01-01T00:00:00Z');
    expect(beforeAnything.body).toEqual({ asOf: '2000-01-01T00:00:00.000Z', position: '0', events: 0, stock: [], sales: { orders: { paid: 0, totalMinor: 0, paidMinor: 0, open: 0 }, retail: { sales: 0, totalMinor: 0, taxMinor: 0, refundedMinor: 0, netMinor: 0 } } });

    // The live order is still PAID: the replay wrote into a throwaway store.
    const live = await a.owner.api.get(`/api/restaurant/orders/${a.orderId}?minPosition=${all.at(-1)!.position}`);
    expect(live.body).toMatchObject({ status: 'PAID', paidMinor: a.paidTotalMinor });
  });

  it("never shows one tenant another's history, streams, verification or replay", async () => {
    const b = await ownerSession(t.url);
    const bAuditor = await staffMember(t, b, 'auditor');
    const bHistory = await history(b.tenantId);
    for (const api of [b.api, bAuditor.api]) {
      const events = await pageAll(api, '', 50);
      expect(events.map((e) => e.position)).toEqual(bHistory.map((e) => e.position.toString()));
      expect(events.every((e) => e.stream.startsWith(`${b.tenantId}.`))).toBe(true);
      expect((await api.get('/api/audit/events?type=OrderItemVoided')).body.events).toEqual([]);
      expect((await api.get(`/api/audit/streams/${a.owner.tenantId}.order-${a.orderId}`)).status).toBe(404);
      expect((await api.get('/api/audit/verify')).body).toEqual({ ok: true, streams: new Set(bHistory.map((e) => e.stream)).size, events: bHistory.length });
      const replay = await api.get(`/api/audit/replay?asOf=${new Date().toISOString()}`);
      expect(replay.body).toMatchObject({ events: bHistory.length, sales: { orders: { paid: 0, totalMinor: 0, paidMinor: 0, open: 0 } } });
    }
  });
});
