import { client, ownerSession, startTestServer, type TestServer } from '../helpers/test-server';

const staffBody = (email: string, role: string) => ({ email, password: 'a long enough password', name: 'Staff', role });

describe('staff over HTTP', () => {
  let t: TestServer;
  beforeAll(async () => (t = await startTestServer()));
  afterAll(() => t.stop());

  it('an owner adds staff who can then log in with their role', async () => {
    const { api, subdomain } = await ownerSession(t.url);
    const added = await api.post('/api/staff', staffBody('cashier@shop.example', 'cashier'), { 'x-terminal-id': 'pos-1' });
    expect(added.status).toBe(201);
    expect(added.body.userId).toMatch(/^u_/);
    const list = await api.get('/api/staff');
    expect(list.body).toEqual(
      expect.arrayContaining([{ userId: added.body.userId, email: 'cashier@shop.example', name: 'Staff', role: 'cashier' }]),
    );
    expect(JSON.stringify(list.body)).not.toContain('argon2');
    const login = await client(t.url).post('/api/auth/login', { subdomain, email: 'cashier@shop.example', password: 'a long enough password' });
    expect(login.status).toBe(200);
    const cashier = client(t.url, login.body.accessToken);
    expect((await cashier.get('/api/staff')).status).toBe(403);
    expect((await cashier.post('/api/staff', staffBody('x@shop.example', 'waiter'))).status).toBe(403);
  });

  it('records who added whom, from which terminal', async () => {
    const { api, tenantId, ownerId } = await ownerSession(t.url);
    await api.post('/api/staff', staffBody('waiter@shop.example', 'waiter'), { 'x-terminal-id': 'pos-7' });
    const [event] = await t.server.store.readStream(`${tenantId}.tenant-${tenantId}`, { direction: 'backwards', maxCount: 1 });
    expect(event!.type).toBe('StaffMemberAdded');
    expect(event!.metadata).toMatchObject({ tenantId, actor: { userId: ownerId, role: 'owner' }, terminalId: 'pos-7' });
  });

  it('a manager adds cashiers but not managers', async () => {
    const { api, subdomain } = await ownerSession(t.url);
    await api.post('/api/staff', staffBody('manager@shop.example', 'manager'));
    const login = await client(t.url).post('/api/auth/login', { subdomain, email: 'manager@shop.example', password: 'a long enough password' });
    const manager = client(t.url, login.body.accessToken);
    expect((await manager.post('/api/staff', staffBody('c@shop.example', 'cashier'))).status).toBe(201);
    const refused = await manager.post('/api/staff', staffBody('m2@shop.example', 'manager'));
    expect([refused.status, refused.body.code]).toEqual([403, 'ROLE_NOT_GRANTABLE']);
  });

  it('an email is taken once per tenant; the same email may serve another tenant', async () => {
    const a = await ownerSession(t.url);
    const b = await ownerSession(t.url);
    expect((await a.api.post('/api/staff', staffBody('same@example.com', 'cashier'))).status).toBe(201);
    const again = await a.api.post('/api/staff', staffBody('SAME@example.com', 'waiter'));
    expect([again.status, again.body.code]).toEqual([409, 'EMAIL_TAKEN']);
    expect((await b.api.post('/api/staff', staffBody('same@example.com', 'cashier'))).status).toBe(201);
  });

  it('a tenant sees only its own staff', async () => {
    const a = await ownerSession(t.url);
    const b = await ownerSession(t.url);
    await a.api.post('/api/staff', staffBody('only-a@example.com', 'cashier'));
    const emails = (await b.api.get('/api/staff')).body.map((s: { email: string }) => s.email);
    expect(emails).not.toContain('only-a@example.com');
    expect(emails).toHaveLength(1);
  });

  it('a retried add with the same Idempotency-Key adds one member', async () => {
    const { api } = await ownerSession(t.url);
    const headers = { 'idempotency-key': 'add-cashier-1' };
    const first = await api.post('/api/staff', staffBody('retry@example.com', 'cashier'), headers);
    const again = await api.post('/api/staff', staffBody('retry@example.com', 'cashier'), headers);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect((await api.get('/api/staff')).body).toHaveLength(2);
  });
});
