import fc from 'fast-check';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { rawRequest, type RawAnswer } from './raw-request';
import { fillPath, routeName, routesOf, type Route } from './routes';
import { OPEN_LIMITS, tenantWithHistory, validRequest, type Tenant } from './tenant-fixture';

/** Runs per route in CI; `HOSTILE_RUNS=1000 npx jest test/security/hostile-input` digs deeper. */
const RUNS = Number(process.env.HOSTILE_RUNS ?? 60);
const SEED = process.env.HOSTILE_SEED === undefined ? undefined : Number(process.env.HOSTILE_SEED);

const weirdStrings = [
  '', ' ', 'NaN', 'Infinity', '-Infinity', '1e999', '-1', '-0', '0x10', '1_000', '9'.repeat(400), '__proto__', 'constructor', 'prototype',
  '\u0000', '\ud800', '\uffff', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', 'ﬃ', 'x'.repeat(5000), '../../etc/passwd', '<script>alert(1)</script>', "' OR 1=1 --", '${7*7}', '%00', '%', 'a.b', 'R-', 'null', 'true',
];
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, -0, 0.5, 1e308, -1e308, 2 ** 53 + 2, -(2 ** 63), 1e-320, [], {}, [null], { __proto__: null }),
  fc.constantFrom(...weirdStrings),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Every field the API reads anywhere, so random bodies hit real keys as well as unknown ones. */
const FIELDS = [
  'name', 'subdomain', 'businessType', 'currency', 'timezone', 'taxInclusive', 'owner', 'email', 'password', 'role', 'refreshToken', 'itemId', 'sku',
  'barcode', 'priceMinor', 'taxRateBps', 'station', 'trackStock', 'lowStockThreshold', 'orderId', 'table', 'items', 'note', 'quantity', 'status',
  'expectedRevision', 'reason', 'method', 'amountMinor', 'tenderedMinor', 'saleId', 'payments', 'approval', 'supplier', 'delta', 'countedQuantity',
  'saleLimitMinor', 'returnLimitMinor', 'date', 'dayCloseTime', 'kind', 'format', 'from', 'to', '__proto__', 'constructor',
];
const QUERY_NAMES = ['q', 'limit', 'minPosition', 'station', 'table', 'receiptNo', 'lowOnly', 'date', 'fromPosition', 'type', 'from', 'to', 'asOf', 'fromRevision'];

/** A valid body with one thing broken: a field replaced, removed, or a hostile key added, at any depth. */
function mutated(valid: unknown): fc.Arbitrary<unknown> {
  const paths: (string | number)[][] = [];
  const collect = (value: unknown, path: (string | number)[]) => {
    paths.push(path);
    if (Array.isArray(value)) value.forEach((v, i) => collect(v, [...path, i]));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) collect(v, [...path, k]);
  };
  collect(valid, []);
  return fc.tuple(fc.constantFrom(...paths), fc.constantFrom('replace', 'delete', 'add'), hostileValue, fc.constantFrom(...FIELDS)).map(([path, how, value, key]) => {
    const copy = JSON.parse(JSON.stringify(valid ?? {})) as unknown;
    if (path.length === 0) return how === 'replace' ? value : copy;
    const parent = path.slice(0, -1).reduce<any>((node, k) => node[k], copy);
    const last = path[path.length - 1]!;
    if (how === 'replace') parent[last] = value;
    else if (how === 'delete') delete parent[last];
    else if (parent && typeof parent === 'object') Object.defineProperty(parent, key, { value, enumerable: true, configurable: true, writable: true });
    return copy;
  });
}

/** Bodies as the exact bytes sent: JSON of random or broken values, and texts no serializer makes. */
function bodies(valid: unknown): fc.Arbitrary<Buffer> {
  const json = (v: unknown) => Buffer.from(JSON.stringify(v) ?? 'null', 'utf8');
  const deep = (depth: number) => `{"x":${'['.repeat(depth)}${']'.repeat(depth)}}`;
  return fc.oneof(
    { weight: 4, arbitrary: mutated(valid).map(json) },
    { weight: 2, arbitrary: fc.dictionary(fc.constantFrom(...FIELDS), hostileValue, { maxKeys: 6 }).map(json) },
    { weight: 1, arbitrary: fc.jsonValue().map(json) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '{"__proto__":{"polluted":"yes","isAdmin":true},"constructor":{"prototype":{"polluted":"yes"}}}',
        `{"__proto__":{"role":"owner"},${JSON.stringify(valid ?? {}).slice(1)}`,
        deep(100_000),
        `${JSON.stringify(valid ?? {}).slice(0, -1)}${JSON.stringify(valid ?? {}) === '{}' ? '' : ','}"x":${'['.repeat(50_000)}${']'.repeat(50_000)}}`,
        '{"a":1,"a":2}', '[]', '"text"', 'null', '1e999', '-0', '{', '}', '\u0000', '{"name":"\\ud800"}', '{"name":"\\u0000"}',
      ).map((text) => Buffer.from(text, 'utf8')),
    },
    // Invalid UTF-8 inside a JSON string, and as a whole body.
    { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 16 }).map((bytes) => Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe, ...bytes, 0xc3]), Buffer.from('"}')])) },
  );
}

/** Percent-encodes every byte of the UTF-8 form (a lone surrogate included, which encodeURIComponent refuses). */
const pct = (s: string) => [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
/** Path segments as sent: encoded strings, and raw escapes that do not decode. */
const pathValue = fc.oneof(
  fc.constantFrom(...weirdStrings.filter((s) => s !== '' && s.length < 2000)).map(pct),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 70 }).map(pct),
  fc.constantFrom('%', '%E0%A4%A', '%ZZ', '%C0%AE%C0%AE', '..%2F..%2F', '%2e%2e', '.', 'a%00b', 'i_1%0d%0aX-Injected:%201'),
);
const query = fc
  .array(fc.tuple(fc.constantFrom(...QUERY_NAMES), fc.oneof(fc.constantFrom(...weirdStrings.filter((s) => s.length < 2000)), fc.string({ maxLength: 30 }))), { maxLength: 4 })
  .map((pairs) => pairs.map(([k, v]) => `${k}=${pct(v)}`).join('&'));
const contentType = fc.constantFrom('application/json', 'application/json', 'application/json; charset=utf-8', 'application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded', 'application/merge-patch+json');

describe('hostile input on every route: never a 5xx, never a change, always problem+json', () => {
  let t: TestServer;
  let a: Tenant;
  let routes: Route[];
  beforeAll(async () => {
    t = await startTestServer(OPEN_LIMITS);
    a = await tenantWithHistory(t.url, 'Alpha');
    routes = routesOf(t.server.app);
  });
  afterAll(() => t.stop());

  const polluted = () => Object.keys(Object.prototype).length > 0 || ({} as Record<string, unknown>).polluted !== undefined || ({} as Record<string, unknown>).isAdmin !== undefined;

  /** What must hold of every answer; a 2xx may change state (the mutation left the request valid), nothing else may. */
  async function check(route: Route, send: () => Promise<RawAnswer>): Promise<RawAnswer> {
    const before = await t.server.store.headPosition();
    const answer = await send();
    const where = `${routeName(route)} → ${answer.status} ${answer.text.slice(0, 300)}`;
    if (answer.status >= 500) throw new Error(`5xx: ${where}`);
    if (answer.status >= 400) {
      if (!answer.contentType.includes('application/problem+json')) throw new Error(`not problem+json: ${where} (${answer.contentType})`);
      const problem = JSON.parse(answer.text) as { status?: unknown; code?: unknown };
      if (problem.status !== answer.status || typeof problem.code !== 'string') throw new Error(`bad problem: ${where}`);
      const after = await t.server.store.headPosition();
      if (after !== before) throw new Error(`refused but recorded (${before} → ${after}): ${where}`);
    }
    if (polluted()) throw new Error(`Object.prototype polluted after ${where}`);
    return answer;
  }

  const headers = (type: string, token: string | undefined) => ({ 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}), 'Idempotency-Key': `k-${Math.random()}` });

  it('random and broken bodies, paths and queries, with a valid owner token', async () => {
    const statuses = new Map<number, number>();
    for (const route of routes) {
      const valid = validRequest(routeName(route), a.ids);
      await fc.assert(
        fc.asyncProperty(bodies(valid.body), fc.array(pathValue, { minLength: 3, maxLength: 3 }), fc.boolean(), query, contentType, async (body, params, keepIds, q, type) => {
          const names = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
          const path =
            (keepIds ? fillPath(route.path, a.ids) : route.path.replace(/:(\w+)/g, (_m, name: string) => params[names.indexOf(name)]!)) +
            (q ? `?${q}` : valid.query ? `?${valid.query}` : '');
          const withBody = route.method !== 'GET' && route.method !== 'HEAD';
          const answer = await check(route, () => rawRequest(t.url + path, { method: route.method, headers: headers(type, a.token), body: withBody ? body : undefined }));
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    }
    // The walk reached the handlers: most answers are refusals of the body, not of the caller.
    expect((statuses.get(400) ?? 0) + (statuses.get(404) ?? 0) + (statuses.get(422) ?? 0)).toBeGreaterThan(routes.length * RUNS * 0.3);
  }, Math.max(60_000, RUNS * 1500));

  const writeRoutes = () => routes.filter((r) => r.method !== 'GET' && r.method !== 'HEAD');

  it('a 10 MB body on every write route is a 413 problem, declared or chunked', async () => {
    const big = Buffer.from(`{"name":"${'x'.repeat(10 * 1024 * 1024)}"}`);
    for (const route of writeRoutes()) {
      for (const chunked of [false, true]) {
        const answer = await check(route, () => rawRequest(t.url + fillPath(route.path, a.ids), { method: route.method, headers: headers('application/json', a.token), body: big, chunked }));
        expect([routeName(route), chunked, answer.status]).toEqual([routeName(route), chunked, expect.any(Number)]);
        // An auditor-free owner token: the body limit answers before any route reads it.
        expect([routeName(route), answer.status]).toEqual([routeName(route), 413]);
      }
    }
  });

  it('a valid request nested 100 000 deep in an unknown field is refused, not a crash', async () => {
    for (const route of writeRoutes()) {
      const valid = JSON.stringify(validRequest(routeName(route), a.ids).body ?? {});
      const deep = `${valid.slice(0, -1)}${valid === '{}' ? '' : ','}"extra":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
      const answer = await check(route, () => rawRequest(t.url + fillPath(route.path, a.ids), { method: route.method, headers: headers('application/json', a.token), body: deep }));
      expect([routeName(route), answer.status]).toEqual([routeName(route), expect.any(Number)]);
      expect(answer.status).toBeGreaterThanOrEqual(400);
    }
  });

  it('names that are keys of Object.prototype are plain names: a kitchen station called __proto__ or constructor', async () => {
    const heard: { event: string; payload: any }[] = [];
    const { io } = await import('socket.io-client');
    const display = io(`${t.url}/restaurant`, { auth: { token: a.token }, transports: ['websocket'], forceNew: true, reconnection: false });
    display.onAny((event: string, payload: unknown) => heard.push({ event, payload }));
    await new Promise<void>((resolve, reject) => display.once('connect', () => resolve()).once('connect_error', reject));
    try {
      for (const station of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
        const item = await a.api.post('/api/catalog/items', { name: `Dish at ${station}`, priceMinor: 100, taxRateBps: 0, station });
        expect(item.status).toBe(201);
        const order = await a.api.post('/api/restaurant/orders', { items: [{ itemId: item.body.itemId, quantity: 1 }] });
        const confirmed = await a.api.post(`/api/restaurant/orders/${order.body.orderId}/status`, { status: 'CONFIRMED' });
        expect(confirmed.status).toBe(200);
        const queue = await check({ method: 'GET', path: '/api/restaurant/kitchen-queue' }, () =>
          rawRequest(`${t.url}/api/restaurant/kitchen-queue?station=${encodeURIComponent(station)}&minPosition=${confirmed.body.position}`, { method: 'GET', headers: { authorization: `Bearer ${a.token}` } }),
        );
        expect([station, queue.status]).toEqual([station, 200]);
        const body = JSON.parse(queue.text) as { position: string; orders: { orderId: string }[]; stationPositions: Record<string, unknown> };
        expect(body.orders.map((o) => o.orderId)).toEqual([order.body.orderId]);
        expect(body.position).toBe(confirmed.body.position);
        expect(Object.getOwnPropertyDescriptor(body.stationPositions, station)?.value).toBe(confirmed.body.position);
      }
      const pushes = heard.filter((h) => h.event === 'kitchen.updated');
      expect(pushes.length).toBeGreaterThanOrEqual(4);
      for (const push of pushes) expect(push.payload.previousPosition).toEqual(expect.stringMatching(/^\d+$/));
    } finally {
      display.disconnect();
    }
    expect(polluted()).toBe(false);
  });

  it('prototype-pollution keys reach nothing: no new property on any object, no role from the body', async () => {
    for (const route of writeRoutes()) {
      const valid = JSON.stringify(validRequest(routeName(route), a.ids).body ?? {});
      const body = `{"__proto__":{"polluted":"yes","role":"owner","tenantId":"t_other"},"constructor":{"prototype":{"isAdmin":true}},${valid.slice(1)}`;
      await check(route, () => rawRequest(t.url + fillPath(route.path, a.ids), { method: route.method, headers: headers('application/json', a.cashier.token), body: body.replace(/,}$/, '}') }));
    }
    expect(polluted()).toBe(false);
  });
});
