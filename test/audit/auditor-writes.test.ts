import { startTestServer, type TestServer } from '../helpers/test-server';
import { LIMITS, restaurantWithHistory } from './audit-fixtures';
import { writeRoutesOf, type RouteEntry } from './write-routes';

/**
 * Non-GET routes an auditor may use, each for a reason; every other one must refuse. Sign-up acts
 * in no tenant's name; the auth routes are the caller's own sign-in (an auditor must be able to
 * log in, refresh and log out); an export job only reads the tenant's data and records no event.
 */
const NOT_TENANT_WRITES = ['POST /api/tenants', 'POST /api/auth/login', 'POST /api/auth/refresh', 'POST /api/auth/logout', 'POST /api/exports/jobs'];

describe('an auditor changes nothing', () => {
  let t: TestServer;
  let a: Awaited<ReturnType<typeof restaurantWithHistory>>;
  // The write routes of the very app that serves the requests, read from its router stack: a route added later is walked too.
  let routes: RouteEntry[];
  let tenantWrites: RouteEntry[];

  beforeAll(async () => {
    t = await startTestServer(LIMITS);
    a = await restaurantWithHistory(t);
    routes = writeRoutesOf(t.server.app);
    tenantWrites = routes.filter((r) => !NOT_TENANT_WRITES.includes(`${r.method} ${r.path}`));
  });
  afterAll(() => t.stop());

  it('the router walk sees every write route, and every exemption is a real route', () => {
    const seen = routes.map((r) => `${r.method} ${r.path}`);
    expect(seen).toEqual(expect.arrayContaining([...NOT_TENANT_WRITES, 'POST /api/staff', 'POST /api/catalog/items', 'PATCH /api/catalog/items/:itemId', 'POST /api/restaurant/orders', 'POST /api/restaurant/orders/:orderId/items/:lineId/void', 'POST /api/restaurant/orders/:orderId/payments']));
    expect(tenantWrites.length).toBe(routes.length - NOT_TENANT_WRITES.length);
  });

  /** A request each route would take from a waiter or an owner: real ids, a valid body. */
  function request(route: RouteEntry): { path: string; body: unknown } {
    const ids: Record<string, string> = { orderId: a.orderId, lineId: 'L1', itemId: a.phoId };
    const path = route.path.replace(/[{}]/g, '').replace(/:(\w+)/g, (_m, name: string) => ids[name] ?? `${name}-1`);
    const bodies: Record<string, unknown> = {
      'POST /api/staff': { email: 'new@x.example', password: 'long enough password', name: 'New', role: 'cashier' },
      'POST /api/catalog/items': { name: 'Bánh mì', priceMinor: 30000, taxRateBps: 800 },
      'PATCH /api/catalog/items/:itemId': { priceMinor: 1 },
      'POST /api/restaurant/orders': { items: [{ itemId: a.teaId, quantity: 1 }] },
      'POST /api/restaurant/orders/:orderId/items': { items: [{ itemId: a.teaId, quantity: 1 }] },
      'POST /api/restaurant/orders/:orderId/items/:lineId/void': { reason: 'audit' },
      'POST /api/restaurant/orders/:orderId/status': { status: 'CONFIRMED' },
      'POST /api/restaurant/orders/:orderId/cancel': { reason: 'audit' },
      'POST /api/restaurant/orders/:orderId/payments': { method: 'CASH', amountMinor: 1000 },
    };
    return { path, body: bodies[`${route.method} ${route.path}`] ?? {} };
  }

  it('every write route answers an auditor 403 problem+json, with any body, and records nothing', async () => {
    const head = await t.server.store.headPosition();
    for (const route of tenantWrites) {
      const { path, body } = request(route);
      for (const sent of [JSON.stringify(body), '{"not json', '']) {
        const res = await fetch(t.url + path, { method: route.method, headers: { authorization: `Bearer ${a.auditor.token}`, 'content-type': 'application/json', 'Idempotency-Key': `audit-${Math.random()}` }, body: sent });
        const answer = (await res.json()) as { code?: string };
        expect([route.method, route.path, res.status, res.headers.get('content-type'), answer.code]).toEqual([route.method, route.path, 403, expect.stringContaining('application/problem+json'), 'READ_ONLY_ROLE']);
      }
    }
    expect(await t.server.store.headPosition()).toBe(head);
  });

  it('the same requests from an owner are not refused for the role (the walk sends real requests)', async () => {
    const { path, body } = request({ method: 'PATCH', path: '/api/catalog/items/:itemId' });
    const changed = await a.owner.api.call('PATCH', path, body);
    expect(changed.status).toBe(200);
  });

  it('an auditor still signs in, refreshes and signs out', async () => {
    const login = await fetch(`${t.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${a.auditor.token}` },
      body: JSON.stringify({ subdomain: a.owner.subdomain, email: (await auditorEmail()) ?? '', password: 'long enough password' }),
    });
    expect(login.status).toBe(200);
    const tokens = (await login.json()) as { accessToken: string; refreshToken: string };
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${tokens.accessToken}` };
    const refreshed = await fetch(`${t.url}/api/auth/refresh`, { method: 'POST', headers, body: JSON.stringify({ refreshToken: tokens.refreshToken }) });
    expect(refreshed.status).toBe(200);
    const logout = await fetch(`${t.url}/api/auth/logout`, { method: 'POST', headers, body: JSON.stringify({ refreshToken: ((await refreshed.json()) as { refreshToken: string }).refreshToken }) });
    expect(logout.status).toBe(204);
  });

  async function auditorEmail(): Promise<string | undefined> {
    const staff = await a.owner.api.get('/api/staff');
    return (staff.body as { userId: string; email: string }[]).find((s) => s.userId === a.auditor.userId)?.email;
  }
});
