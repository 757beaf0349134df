import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { client, OWNER_PASSWORD, signUpBody, uniqueSubdomain } from '../helpers/test-server';
import { runMain, spawnServer } from '../helpers/spawn-server';

describe('the server process', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'pos-main-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('a wrong configuration value stops start-up with a message naming it', async () => {
    const { code, stderr } = await runMain({ DATA_DIR: dataDir, PORT: 'eighty', LOG_LEVEL: 'loud' });
    expect(code).toBe(1);
    expect(stderr).toContain('PORT');
    expect(stderr).toContain('LOG_LEVEL');
  });

  it('generates a development JWT secret in DATA_DIR, and what was answered survives kill -9', async () => {
    const first = await spawnServer({ DATA_DIR: dataDir, JWT_SECRET: '' });
    expect(first.logs.some((line) => line.includes('JWT_SECRET is not set'))).toBe(true);
    const secret = readFileSync(join(dataDir, 'jwt-secret'), 'utf8');
    expect(secret.length).toBeGreaterThanOrEqual(48);

    const subdomain = uniqueSubdomain();
    expect((await client(first.url).post('/api/tenants', signUpBody(subdomain))).status).toBe(201);
    const login = await client(first.url).post('/api/auth/login', { subdomain, email: `owner@${subdomain}.example`, password: OWNER_PASSWORD });
    const staff = await client(first.url, login.body.accessToken).post('/api/staff', { email: 'late@example.com', password: 'answered before the crash', name: 'L', role: 'waiter' });
    expect(staff.status).toBe(201);
    first.child.kill('SIGKILL');
    await first.exited;
    const logs = first.logs.join('\n');
    for (const secretText of [OWNER_PASSWORD, 'answered before the crash', login.body.accessToken, login.body.refreshToken]) expect(logs).not.toContain(secretText);

    const second = await spawnServer({ DATA_DIR: dataDir, JWT_SECRET: '' });
    try {
      expect(readFileSync(join(dataDir, 'jwt-secret'), 'utf8')).toBe(secret);
      const list = await client(second.url, login.body.accessToken).get('/api/staff');
      expect(list.status).toBe(200);
      expect(list.body.map((s: { email: string }) => s.email)).toContain('late@example.com');
    } finally {
      second.child.kill('SIGKILL');
      await second.exited;
    }
  });

  it('SIGTERM lets a request in flight finish, closes the store and exits 0', async () => {
    const server = await spawnServer({ DATA_DIR: dataDir, JWT_SECRET: 'x'.repeat(40) });
    const body = JSON.stringify(signUpBody(uniqueSubdomain()));
    const answer = new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}/api/tenants`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      });
      req.on('error', reject);
      // Half the body now, the rest after SIGTERM: the request is in flight when the signal lands.
      req.write(body.slice(0, 20));
      setTimeout(() => {
        server.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(20)), 200);
      }, 100);
    });
    expect(await answer).toBe(201);
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(existsSync(join(dataDir, 'pos.sqlite-wal')) ? readFileSync(join(dataDir, 'pos.sqlite-wal')).length : 0).toBe(0);
  });
});
