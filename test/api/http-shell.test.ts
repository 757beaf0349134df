import { gzipSync } from 'node:zlib';
import jwt from 'jsonwebtoken';
import { client, ownerSession, signUpBody, startTestServer, uniqueSubdomain, type TestServer } from '../helpers/test-server';

const isProblem = (answer: { headers: Headers; body: any }, status: number, code: string) => {
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  expect(answer.body).toMatchObject({ status, code, title: expect.any(String), type: expect.any(String) });
};

describe('the HTTP shell', () => {
  let t: TestServer;
  beforeAll(async () => (t = await startTestServer({ LOGIN_RATE_LIMIT_PER_ACCOUNT: '3', SIGNUP_RATE_LIMIT_PER_IP: '1000' })));
  afterAll(() => t.stop());

  it('GET /health and /ready answer', async () => {
    expect((await client(t.url).get('/health')).body).toEqual({ status: 'ok' });
    const ready = await client(t.url).get('/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', eventStore: { ok: true, headPosition: expect.stringMatching(/^\d+$/) } });
  });

  it('malformed JSON is a 400 problem', async () => {
    const answer = await client(t.url).call('POST', '/api/tenants', '{"name": ', { 'content-type': 'application/json' });
    expect(answer.status).toBe(400);
    isProblem(answer, 400, 'MALFORMED_JSON');
  });

  describe('JSON bodies, read as body-parser reads them', () => {
    // A sign-up that is valid JSON but not a valid sign-up: a 400 naming `businessType` proves it was parsed.
    const parsable = { name: 'Shop', businessType: 'BAKERY' };
    const send = (body: string | Buffer, headers: Record<string, string>) =>
      fetch(`${t.url}/api/tenants`, { method: 'POST', headers, body }).then(async (res) => ({ status: res.status, headers: res.headers, body: (await res.json()) as any }));
    const parsed = (answer: { status: number; headers: Headers; body: any }) => {
      isProblem(answer, 400, 'VALIDATION_FAILED');
      expect(answer.body.errors.map((e: { field: string }) => e.field)).toContain('businessType');
    };

    it('a JSON object is parsed: with a charset, after whitespace or a byte order mark, or compressed', async () => {
      parsed(await send(JSON.stringify(parsable), { 'content-type': 'application/json' }));
      parsed(await send(JSON.stringify(parsable), { 'content-type': 'Application/JSON; charset=UTF-8' }));
      parsed(await send(` \n\t${JSON.stringify(parsable)}`, { 'content-type': 'application/json' }));
      parsed(await send(`\ufeff${JSON.stringify(parsable)}`, { 'content-type': 'application/json' }));
      parsed(await send(gzipSync(JSON.stringify(parsable)), { 'content-type': 'application/json', 'content-encoding': 'gzip' }));
    });

    it('an empty body is {}; a JSON string, number or blank body is malformed (objects and arrays only)', async () => {
      const empty = await send('', { 'content-type': 'application/json' });
      isProblem(empty, 400, 'VALIDATION_FAILED');
      for (const body of ['"shop"', '42', '   ', '{"name": "Shop",}']) isProblem(await send(body, { 'content-type': 'application/json' }), 400, 'MALFORMED_JSON');
    });

    it('a charset other than UTF-8 is a 415; a body of another type is not read as JSON', async () => {
      const latin1 = await send(JSON.stringify(parsable), { 'content-type': 'application/json; charset=latin1' });
      expect(latin1.status).toBe(415);
      isProblem(latin1, 415, 'BAD_REQUEST');
      const text = await send(JSON.stringify(parsable), { 'content-type': 'text/plain' });
      isProblem(text, 400, 'VALIDATION_FAILED');
      expect(text.body.errors.map((e: { field: string }) => e.field)).toContain('name');
    });
  });

  it('an invalid body is a 400 that names every bad field and records nothing', async () => {
    const head = await t.server.store.headPosition();
    const answer = await client(t.url).post('/api/tenants', { ...signUpBody(uniqueSubdomain()), businessType: 'BAKERY', owner: { email: 'nope', password: 'short', name: '' } });
    expect(answer.status).toBe(400);
    isProblem(answer, 400, 'VALIDATION_FAILED');
    expect(answer.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['businessType', 'owner.email', 'owner.name', 'owner.password']);
    expect(answer.body.detail).toContain('owner.email');
    expect(await t.server.store.headPosition()).toBe(head);
  });

  it('a body over 256 kB is a 413', async () => {
    const answer = await client(t.url).post('/api/tenants', { ...signUpBody(uniqueSubdomain()), name: 'x'.repeat(300 * 1024) });
    expect(answer.status).toBe(413);
    isProblem(answer, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('an unknown route is a 404 problem', async () => {
    const answer = await client(t.url).get('/api/nothing-here');
    isProblem(answer, 404, 'ROUTE_NOT_FOUND');
  });

  it('no token, a forged token, an alg:none token or an expired token is a 401', async () => {
    const { tenantId, ownerId } = await ownerSession(t.url);
    const claims = { tid: tenantId, role: 'owner', sid: 's_1', sub: ownerId, iss: 'pos-backend', aud: 'pos-api' };
    const forged = jwt.sign(claims, 'another-secret-another-secret-another', { algorithm: 'HS256' });
    const none = jwt.sign(claims, '', { algorithm: 'none' } as jwt.SignOptions);
    const expired = jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }, 'test-secret-that-is-long-enough-0123456789', { algorithm: 'HS256' });
    for (const token of [undefined, forged, none, expired, 'garbage']) {
      const answer = await client(t.url, token).get('/api/staff');
      expect(answer.status).toBe(401);
      isProblem(answer, 401, 'UNAUTHENTICATED');
    }
  });

  it('login is rate limited per subdomain and email with Retry-After', async () => {
    const { subdomain } = await ownerSession(t.url);
    const attempt = () => client(t.url).post('/api/auth/login', { subdomain, email: `owner@${subdomain}.example`, password: 'wrong password here' });
    // ownerSession already logged in once; the limit is 3 per window.
    expect((await attempt()).status).toBe(401);
    expect((await attempt()).status).toBe(401);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    isProblem(limited, 429, 'RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('a bad Idempotency-Key header is a 400 naming it', async () => {
    const { api } = await ownerSession(t.url);
    const answer = await api.post('/api/staff', { email: 'a@b.example', password: 'long enough pass', name: 'A', role: 'cashier' }, { 'idempotency-key': 'x'.repeat(300) });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].field).toBe('idempotency-key');
  });
});

describe('login rate limit per IP', () => {
  let t: TestServer;
  beforeAll(async () => (t = await startTestServer({ LOGIN_RATE_LIMIT_PER_IP: '2' })));
  afterAll(() => t.stop());

  it('throttles many accounts from one address', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await client(t.url).post('/api/auth/login', { subdomain: `x${i}`, email: `a${i}@b.example`, password: 'p' })).status);
    expect(statuses).toEqual([401, 401, 429]);
  });
});
