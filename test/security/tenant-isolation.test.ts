import type { Socket } from 'socket.io-client';
import { clientPool, connected, recorder, type Heard } from '../realtime/socket-helpers';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { fillPath, routeName, routesOf, type Route } from './routes';
import { OPEN_LIMITS, tenantWithHistory, validRequest, type Tenant } from './tenant-fixture';
import { settled, tenantState } from './tenant-state';

/** Routes that act in no tenant's name: no token is needed, so there is no other tenant to reach. */
const UNSCOPED = ['POST /api/tenants', 'POST /api/auth/login', 'GET /health', 'GET /ready'];

/**
 * Tenant A's owner, on every route and every push, aimed at tenant B: B's ids in paths, bodies
 * and queries, B's station on the kitchen display. Nothing of B is shown, nothing of B changes.
 */
describe('tenant isolation: every route and every push, two tenants', () => {
  let t: TestServer;
  let a: Tenant;
  let b: Tenant;
  let routes: Route[];
  const sockets = clientPool();
  beforeAll(async () => {
    t = await startTestServer(OPEN_LIMITS);
    [a, b] = [await tenantWithHistory(t.url, 'Alpha'), await tenantWithHistory(t.url, 'Bravo')];
    routes = routesOf(t.server.app).filter((r) => !UNSCOPED.includes(routeName(r)));
    await settled(t);
  });
  afterEach(() => sockets.closeAll());
  afterAll(() => t.stop());

  /** Ids only B has (receipt numbers, stations, SKUs and file names may well be the same in A). */
  const uniqueIds = (x: Tenant) => [x.ids.tenantId, x.ids.itemId, x.ids.soapId, x.ids.orderId, x.ids.saleId, x.ids.receiptId, x.ids.jobId, x.ids.stream];

  /** What of B an answer may not contain: its marker and every id it has that the request did not send. */
  function leaks(answer: string, sent: string): string[] {
    const secrets = [b.marker, b.marker.toLowerCase(), b.marker.toUpperCase(), ...uniqueIds(b), b.owner.ownerId, b.auditor.userId, b.cashier.userId];
    return [...new Set(secrets)].filter((s) => s.length >= 4 && answer.includes(s) && !sent.includes(s));
  }

  async function send(route: Route, as: Tenant, ids: Tenant['ids']) {
    const { body, query } = validRequest(routeName(route), ids);
    const path = fillPath(route.path, ids) + (query ? `?${query}` : '');
    const res = await fetch(t.url + path, {
      method: route.method,
      headers: { authorization: `Bearer ${as.token}`, ...(body !== undefined && route.method !== 'GET' ? { 'content-type': 'application/json' } : {}) },
      body: route.method === 'GET' || route.method === 'HEAD' ? undefined : JSON.stringify(body ?? {}),
    });
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text(), sent: `${path} ${JSON.stringify(body ?? '')}` };
  }

  it('the walk covers every area of the API', () => {
    const names = routes.map(routeName);
    for (const area of ['/api/staff', '/api/catalog', '/api/restaurant', '/api/retail', '/api/reports', '/api/audit', '/api/exports', '/api/auth']) {
      expect(names.some((n) => n.includes(area))).toBe(true);
    }
    expect(routes.length).toBeGreaterThan(35);
  });

  it("A's token on every route with B's ids: refused or answered about A only, and B unchanged", async () => {
    const before = await tenantState(t, b.ids.tenantId);
    const report: string[] = [];
    for (const route of routes) {
      const answer = await send(route, a, b.ids);
      const name = routeName(route);
      const namesB = uniqueIds(b).some((id) => answer.sent.includes(id));
      if (answer.status >= 500) report.push(`${name}: ${answer.status} ${answer.text.slice(0, 200)}`);
      const leaked = leaks(answer.text, answer.sent);
      if (leaked.length > 0) report.push(`${name}: ${answer.status} shows B's ${leaked.join(', ')}`);
      if (namesB && answer.status < 400) report.push(`${name}: ${answer.status} for B's ids ${answer.text.slice(0, 200)}`);
      if (answer.status >= 400 && !answer.contentType.includes('application/problem+json')) report.push(`${name}: ${answer.status} without problem+json`);
    }
    expect(report).toEqual([]);
    await settled(t);
    expect(await tenantState(t, b.ids.tenantId)).toEqual(before);
  });

  it("every GET that names a thing finds A's own (so the 404s above are about the tenant, not the request)", async () => {
    const named = routes.filter((r) => r.method === 'GET' && uniqueIds(b).some((id) => fillPath(r.path, b.ids).includes(encodeURIComponent(id))));
    expect(named.length).toBeGreaterThan(5);
    for (const route of named) {
      const own = await send(route, a, a.ids);
      const other = await send(route, a, b.ids);
      expect([routeName(route), own.status]).toEqual([routeName(route), 200]);
      expect([routeName(route), other.status]).toEqual([routeName(route), 404]);
    }
  });

  it("A's sockets never hear B's pushes, whatever A's client asks for", async () => {
    const open = async (who: Tenant, namespace: string, extra: Record<string, unknown> = {}) => {
      const socket = await connected(sockets.open(`${t.url}${namespace}`, { token: who.token, ...extra }));
      return { socket, heard: recorder(socket) };
    };
    // A's client names B's tenant in its handshake and subscribes to B's station: neither may matter.
    const aKitchen = await open(a, '/restaurant', { tenantId: b.ids.tenantId, tenant: b.ids.tenantId });
    await expect(aKitchen.socket.timeout(3000).emitWithAck('kitchen:subscribe', { station: b.ids.station })).resolves.toEqual({ ok: true, station: b.ids.station });
    const aRestaurant = await open(a, '/restaurant');
    const aRetail = await open(a, '/retail', { tenantId: b.ids.tenantId });
    const bRestaurant = await open(b, '/restaurant');
    const bRetail = await open(b, '/retail');

    // B does something that pushes every kind of event.
    const placed = await b.api.post('/api/restaurant/orders', { table: 'B-9', items: [{ itemId: b.ids.itemId, quantity: 1 }] });
    await b.api.post(`/api/restaurant/orders/${placed.body.orderId}/status`, { status: 'CONFIRMED' });
    await b.api.call('PATCH', `/api/catalog/items/${b.ids.soapId}`, { priceMinor: 1300 });
    const sale = await b.api.post('/api/retail/sales', { items: [{ itemId: b.ids.soapId, quantity: 7 }], payments: [{ method: 'CASH', amountMinor: 100000 }] });
    await b.api.post(`/api/retail/sales/${sale.body.saleId}/returns`, { items: [{ itemId: b.ids.soapId, quantity: 1 }], reason: 'B return' });
    const events = (heard: Heard[]) => new Set(heard.map((h) => h.event));
    const deadline = Date.now() + 5000;
    const wanted = ['order.placed', 'order.updated', 'kitchen.updated', 'catalog.changed', 'sale.completed', 'sale.returned', 'stock.changed', 'stock.low'];
    while (!wanted.every((e) => events(bRestaurant.heard).has(e) || events(bRetail.heard).has(e))) {
      if (Date.now() > deadline) throw new Error(`B heard only ${[...events(bRestaurant.heard), ...events(bRetail.heard)].join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // A's own write afterwards: once A hears it, every push before it has been routed.
    await a.api.call('PATCH', `/api/catalog/items/${a.ids.soapId}`, { priceMinor: 1250 });
    const heardOwn = (s: { heard: Heard[] }) => s.heard.some((h) => h.event === 'catalog.changed');
    while (![aRestaurant, aRetail].every(heardOwn)) {
      if (Date.now() > deadline + 3000) throw new Error('A never heard its own push');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (const socket of [aKitchen, aRestaurant, aRetail]) {
      const text = JSON.stringify(socket.heard);
      expect(leaks(text, '')).toEqual([]);
      for (const h of socket.heard) expect(JSON.stringify(h.payload)).not.toContain(b.ids.tenantId);
    }
    void (aKitchen.socket as Socket);
  });

  it("an id A chooses that B already uses names A's own new item; B's stays as it was", async () => {
    const before = await tenantState(t, b.ids.tenantId);
    const created = await a.api.post('/api/catalog/items', { itemId: b.ids.itemId, name: 'Alpha copy', priceMinor: 1, taxRateBps: 0 });
    expect(created.status).toBe(201);
    const changed = await a.api.call('PATCH', `/api/catalog/items/${b.ids.itemId}`, { priceMinor: 2 });
    expect(changed.status).toBe(200);
    await settled(t);
    expect(await tenantState(t, b.ids.tenantId)).toEqual(before);
    const seenByB = await b.api.get(`/api/catalog/items?q=${encodeURIComponent('Alpha copy')}`);
    expect(seenByB.body).toEqual([]);
  });
});
