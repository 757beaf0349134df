import { client, OWNER_PASSWORD, ownerSession, signUpBody, startTestServer, uniqueSubdomain, type TestServer } from '../helpers/test-server';

describe('tenants and sign-in over HTTP', () => {
  let t: TestServer;
  beforeAll(async () => (t = await startTestServer()));
  afterAll(() => t.stop());

  it('signs up a tenant, records it as events, and logs its owner in', async () => {
    const subdomain = uniqueSubdomain();
    const signUp = await client(t.url).post('/api/tenants', signUpBody(subdomain));
    expect(signUp.status).toBe(201);
    expect(signUp.body).toEqual({ tenantId: expect.stringMatching(/^t_/), ownerId: expect.stringMatching(/^u_/), position: expect.stringMatching(/^\d+$/) });
    const history = await t.server.store.readAll({ filter: { streamPrefix: `${signUp.body.tenantId}.` } });
    expect(history.map((e) => e.type)).toEqual(['TenantRegistered', 'StaffMemberAdded']);
    expect(JSON.stringify(history.map((e) => [e.data, e.metadata]))).not.toContain(OWNER_PASSWORD);

    const login = await client(t.url).post('/api/auth/login', { subdomain, email: `OWNER@${subdomain}.example`, password: OWNER_PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: 900 });
  });

  it('a subdomain belongs to one tenant, also when sign-ups race', async () => {
    const subdomain = uniqueSubdomain();
    const answers = await Promise.all(Array.from({ length: 8 }, () => client(t.url).post('/api/tenants', signUpBody(subdomain))));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    expect(answers.find((a) => a.status === 409)!.body.code).toBe('SUBDOMAIN_TAKEN');
  });

  it('a retried sign-up with the same Idempotency-Key answers the same and creates nothing new', async () => {
    const subdomain = uniqueSubdomain();
    const headers = { 'idempotency-key': `signup-${subdomain}` };
    const first = await client(t.url).post('/api/tenants', signUpBody(subdomain), headers);
    const again = await client(t.url).post('/api/tenants', signUpBody(subdomain), headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const other = await client(t.url).post('/api/tenants', signUpBody(subdomain, { name: 'Another' }), headers);
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await t.server.store.readAll({ filter: { streamPrefix: `${first.body.tenantId}.` } })).toHaveLength(2);
  });

  it('refuses a currency or time zone that does not exist, naming it', async () => {
    const bad = await client(t.url).post('/api/tenants', signUpBody(uniqueSubdomain(), { currency: 'ABC' }));
    expect([bad.status, bad.body.code]).toEqual([422, 'INVALID_CURRENCY']);
    const zone = await client(t.url).post('/api/tenants', signUpBody(uniqueSubdomain(), { timezone: 'Mars/Olympus' }));
    expect([zone.status, zone.body.code]).toEqual([422, 'INVALID_TIMEZONE']);
  });

  it('answers the same 401 for an unknown user, a wrong password and an unknown subdomain', async () => {
    const { subdomain } = await ownerSession(t.url);
    const anon = client(t.url);
    const wrongPassword = await anon.post('/api/auth/login', { subdomain, email: `owner@${subdomain}.example`, password: 'not the password' });
    const unknownUser = await anon.post('/api/auth/login', { subdomain, email: `nobody@${subdomain}.example`, password: OWNER_PASSWORD });
    const unknownTenant = await anon.post('/api/auth/login', { subdomain: uniqueSubdomain('none'), email: 'a@b.example', password: OWNER_PASSWORD });
    for (const answer of [wrongPassword, unknownUser, unknownTenant]) {
      expect(answer.status).toBe(401);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(unknownUser.body).toEqual(wrongPassword.body);
    expect(unknownTenant.body).toEqual(wrongPassword.body);
  });

  it('rotates refresh tokens; a spent one presented again revokes the whole family', async () => {
    const { tokens } = await ownerSession(t.url);
    const anon = client(t.url);
    const second = await anon.post('/api/auth/refresh', { refreshToken: tokens.refreshToken });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(tokens.refreshToken);
    expect((await client(t.url, second.body.accessToken).get('/api/staff')).status).toBe(200);
    const third = await anon.post('/api/auth/refresh', { refreshToken: second.body.refreshToken });
    expect(third.status).toBe(200);

    const replay = await anon.post('/api/auth/refresh', { refreshToken: tokens.refreshToken });
    expect([replay.status, replay.body.code]).toEqual([401, 'REFRESH_TOKEN_REUSED']);
    const afterRevocation = await anon.post('/api/auth/refresh', { refreshToken: third.body.refreshToken });
    expect(afterRevocation.status).toBe(401);
  });

  it('two terminals refreshing with the same token at once: the family is revoked', async () => {
    const { tokens } = await ownerSession(t.url);
    const answers = await Promise.all([1, 2].map(() => client(t.url).post('/api/auth/refresh', { refreshToken: tokens.refreshToken })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 401]);
    const winner = answers.find((a) => a.status === 200)!;
    expect((await client(t.url).post('/api/auth/refresh', { refreshToken: winner.body.refreshToken })).status).toBe(401);
  });

  it('logout ends the session; its refresh token no longer works', async () => {
    const { tokens, api } = await ownerSession(t.url);
    expect((await api.post('/api/auth/logout', { refreshToken: tokens.refreshToken })).status).toBe(204);
    expect((await client(t.url).post('/api/auth/refresh', { refreshToken: tokens.refreshToken })).status).toBe(401);
  });

  it('a refresh token of another tenant cannot be logged out', async () => {
    const a = await ownerSession(t.url);
    const b = await ownerSession(t.url);
    expect((await a.api.post('/api/auth/logout', { refreshToken: b.tokens.refreshToken })).status).toBe(401);
    expect((await client(t.url).post('/api/auth/refresh', { refreshToken: b.tokens.refreshToken })).status).toBe(200);
  });
});
