import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { clientPool, refused } from '../realtime/socket-helpers';
import { client, ownerSession, signUpBody, startTestServer, uniqueSubdomain, type TestServer } from '../helpers/test-server';
import { fillPath, routeName, routesOf } from './routes';
import { OPEN_LIMITS } from './tenant-fixture';

const SECRET = 'test-secret-that-is-long-enough-0123456789';
/** Routes a caller reaches without an access token. */
const PUBLIC = ['POST /api/tenants', 'POST /api/auth/login', 'POST /api/auth/refresh', 'GET /health', 'GET /ready'];

const isProblem = (answer: { status: number; headers: Headers; body: any }, status: number, code: string) => {
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  expect([answer.status, answer.body?.code]).toEqual([status, code]);
};

describe('tokens: only ours, only unexpired, only once for refresh', () => {
  let t: TestServer;
  const sockets = clientPool();
  beforeAll(async () => (t = await startTestServer({ ...OPEN_LIMITS, JWT_SECRET: SECRET })));
  afterEach(() => sockets.closeAll());
  afterAll(() => t.stop());

  function forgeries(tenantId: string, userId: string): Record<string, string> {
    const claims = { tid: tenantId, role: 'owner', sid: 's_1', sub: userId };
    const scoped = { ...claims, iss: 'pos-backend', aud: 'pos-api' };
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const header = (alg: string) => Buffer.from(JSON.stringify({ alg, typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ ...scoped, exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url');
    return {
      'alg none': `${header('none')}.${payload}.`,
      'alg None, signature kept': `${header('None')}.${payload}.${jwt.sign(scoped, SECRET, { algorithm: 'HS256' }).split('.')[2]}`,
      'HS384 with our secret': jwt.sign(scoped, SECRET, { algorithm: 'HS384' }),
      'HS512 with our secret': jwt.sign(scoped, SECRET, { algorithm: 'HS512' }),
      'RS256 with its own key': jwt.sign(scoped, privateKey, { algorithm: 'RS256' }),
      'HS256 with another secret': jwt.sign(scoped, 'another-secret-another-secret-another', { algorithm: 'HS256' }),
      'expired': jwt.sign({ ...scoped, exp: Math.floor(Date.now() / 1000) - 5 }, SECRET, { algorithm: 'HS256' }),
      'not yet valid': jwt.sign({ ...scoped, nbf: Math.floor(Date.now() / 1000) + 600 }, SECRET, { algorithm: 'HS256' }),
      'no expiry': jwt.sign(scoped, SECRET, { algorithm: 'HS256' }),
      'another issuer': jwt.sign({ ...claims, iss: 'someone-else', aud: 'pos-api' }, SECRET, { algorithm: 'HS256', expiresIn: 600 }),
      'another audience': jwt.sign({ ...claims, iss: 'pos-backend', aud: 'other-api' }, SECRET, { algorithm: 'HS256', expiresIn: 600 }),
      'a role that does not exist': jwt.sign({ ...scoped, role: 'superuser' }, SECRET, { algorithm: 'HS256', expiresIn: 600 }),
      'no tenant': jwt.sign({ role: 'owner', sid: 's_1', sub: userId, iss: 'pos-backend', aud: 'pos-api' }, SECRET, { algorithm: 'HS256', expiresIn: 600 }),
      'payload edited after signing': (() => {
        const [h, , s] = jwt.sign(scoped, SECRET, { algorithm: 'HS256', expiresIn: 600 }).split('.');
        return `${h}.${Buffer.from(JSON.stringify({ ...scoped, role: 'owner', tid: 't_other', exp: 9_999_999_999 })).toString('base64url')}.${s}`;
      })(),
      'garbage': 'not.a.token',
    };
  }

  it('forged, other-algorithm, expired and misaddressed tokens are refused on every route that needs one, and at the socket handshake', async () => {
    const owner = await ownerSession(t.url);
    const tokens = forgeries(owner.tenantId, owner.ownerId);
    // The genuine token works, so a 401 below is about the token.
    expect((await owner.api.get('/api/staff')).status).toBe(200);
    expect(jwt.decode(owner.tokens.accessToken, { complete: true })?.header.alg).toBe('HS256');
    const guarded = routesOf(t.server.app).filter((r) => !PUBLIC.includes(routeName(r)));
    expect(guarded.length).toBeGreaterThan(35);
    const head = await t.server.store.headPosition();
    for (const [name, token] of Object.entries(tokens)) {
      for (const route of guarded) {
        const answer = await client(t.url, token).call(route.method, fillPath(route.path, {}), route.method === 'GET' ? undefined : {});
        expect([name, routeName(route), answer.status, answer.body?.code]).toEqual([name, routeName(route), 401, 'UNAUTHENTICATED']);
      }
      for (const namespace of ['/restaurant', '/retail']) {
        const error = await refused(sockets.open(`${t.url}${namespace}`, { token }));
        expect([name, namespace, error.data?.code]).toEqual([name, namespace, 'UNAUTHENTICATED']);
      }
    }
    expect(await t.server.store.headPosition()).toBe(head);
  });

  it('a refresh token works once: presented again after rotation it is refused and ends the whole sign-in', async () => {
    const owner = await ownerSession(t.url);
    const anon = client(t.url);
    const first = owner.tokens.refreshToken as string;
    const rotated = await anon.post('/api/auth/refresh', { refreshToken: first });
    expect(rotated.status).toBe(200);
    const reused = await anon.post('/api/auth/refresh', { refreshToken: first });
    isProblem(reused, 401, 'REFRESH_TOKEN_REUSED');
    // The thief's replay revoked the family: the legitimate newer token is refused as well.
    isProblem(await anon.post('/api/auth/refresh', { refreshToken: rotated.body.refreshToken }), 401, 'INVALID_REFRESH_TOKEN');
    // A refresh token cut from another tenant's, or made up, is refused the same way.
    const [, session, secret] = (rotated.body.refreshToken as string).split('.');
    const other = await ownerSession(t.url);
    for (const forged of [`${other.tenantId}.${session}.${secret}`, `${owner.tenantId}.${session}.${'A'.repeat(43)}`, `${owner.tenantId}..x`, 'x'.repeat(400)]) {
      const answer = await anon.post('/api/auth/refresh', { refreshToken: forged });
      expect([forged.slice(0, 40), answer.status]).toEqual([forged.slice(0, 40), 401]);
    }
  });

  it('two terminals racing with one refresh token: at most one gets a new pair', async () => {
    const owner = await ownerSession(t.url);
    const answers = await Promise.all(Array.from({ length: 6 }, () => client(t.url).post('/api/auth/refresh', { refreshToken: owner.tokens.refreshToken })));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(1);
    expect(statuses.every((s) => s === 200 || s === 401)).toBe(true);
    for (const won of answers.filter((a) => a.status === 200)) {
      // The family is revoked once a loser presented the spent token.
      expect((await client(t.url).post('/api/auth/refresh', { refreshToken: won.body.refreshToken })).status).toBe(401);
    }
  });

  it("a token of tenant A cannot log out tenant B's sign-in", async () => {
    const a = await ownerSession(t.url);
    const b = await ownerSession(t.url);
    const out = await a.api.post('/api/auth/logout', { refreshToken: b.tokens.refreshToken });
    expect(out.status).toBe(401);
    expect((await client(t.url).post('/api/auth/refresh', { refreshToken: b.tokens.refreshToken })).status).toBe(200);
  });

  it('the weakest passwords are refused with a 400 naming the field and why; a passphrase is taken', async () => {
    const weak = ['short', '1234567890', 'Password123', 'qwertyuiop', 'aaaaaaaaaaaaaa', 'abababababab', 'p@ssw0rd123', 'x'.repeat(129)];
    for (const password of weak) {
      const answer = await client(t.url).post('/api/tenants', { ...signUpBody(uniqueSubdomain()), owner: { email: 'o@x.example', password, name: 'O' } });
      isProblem(answer, 400, 'VALIDATION_FAILED');
      expect([password, answer.body.errors]).toEqual([password, [{ field: 'owner.password', message: expect.stringMatching(/common|too few|at least|at most/) }]]);
    }
    const owner = await ownerSession(t.url);
    const staff = await owner.api.post('/api/staff', { email: 'c@x.example', password: 'iloveyou123', name: 'C', role: 'cashier' });
    isProblem(staff, 400, 'VALIDATION_FAILED');
    expect(staff.body.errors[0].field).toBe('password');
    expect((await owner.api.post('/api/staff', { email: 'c@x.example', password: 'violet tractor summer', name: 'C', role: 'cashier' })).status).toBe(201);
  });
});

describe('a remembered access token still expires', () => {
  let t: TestServer;
  const sockets = clientPool();
  beforeAll(async () => (t = await startTestServer({ ...OPEN_LIMITS, ACCESS_TOKEN_TTL_SECONDS: '2' })));
  afterEach(() => sockets.closeAll());
  afterAll(() => t.stop());

  it('accepted (and so remembered) while valid, refused on HTTP and at the handshake once its exp has passed', async () => {
    const owner = await ownerSession(t.url);
    const token = owner.tokens.accessToken as string;
    const exp = (jwt.decode(token) as { exp: number }).exp * 1000;
    expect((await owner.api.get('/api/staff')).status).toBe(200);
    expect((await owner.api.get('/api/staff')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, exp - Date.now()) + 50));
    isProblem(await owner.api.get('/api/staff'), 401, 'UNAUTHENTICATED');
    isProblem(await owner.api.post('/api/catalog/items', { name: 'Late', priceMinor: 1, taxRateBps: 0 }), 401, 'UNAUTHENTICATED');
    const error = await refused(sockets.open(`${t.url}/restaurant`, { token }));
    expect(error.data?.code).toBe('UNAUTHENTICATED');
  });
});

describe('sign-in throttling', () => {
  let t: TestServer;
  beforeAll(async () => (t = await startTestServer({ LOGIN_RATE_LIMIT_PER_ACCOUNT: '5', LOGIN_RATE_LIMIT_PER_IP: '12', SIGNUP_RATE_LIMIT_PER_IP: '1000' })));
  afterAll(() => t.stop());

  it('guessing one account is stopped after the limit, even with the right password, with Retry-After', async () => {
    const subdomain = uniqueSubdomain();
    expect((await client(t.url).post('/api/tenants', signUpBody(subdomain))).status).toBe(201);
    const attempt = (password: string) => client(t.url).post('/api/auth/login', { subdomain, email: `owner@${subdomain}.example`, password });
    for (let i = 0; i < 5; i++) isProblem(await attempt(`wrong guess number ${i}`), 401, 'INVALID_CREDENTIALS');
    const throttled = await attempt('correct horse battery staple');
    isProblem(throttled, 429, 'RATE_LIMITED');
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('spraying many accounts from one address is stopped by the per-address limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) statuses.push((await client(t.url).post('/api/auth/login', { subdomain: `spray-${i}`, email: `u${i}@x.example`, password: 'password guess' })).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
    expect(statuses.slice(-1)).toEqual([429]);
  });
});
