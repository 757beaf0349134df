import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { ConfigError, loadConfig } from '../../src/config/config';
import { client, ownerSession, startTestServer, type TestServer } from '../helpers/test-server';
import { firstEvent } from '../realtime/socket-helpers';

const ALLOWED = 'https://dashboard.example.com';
const OTHER = 'https://evil.example.net';

describe('security headers and the CORS allow-list', () => {
  let t: TestServer;
  beforeAll(async () => (t = await startTestServer({ CORS_ORIGINS: `${ALLOWED}, https://kds.example.com` })));
  afterAll(() => t.stop());

  const expectHelmet = (headers: Headers) => {
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(headers.get('strict-transport-security')).toContain('max-age=');
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    expect(headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    expect(headers.get('x-powered-by')).toBeNull();
  };

  it('every kind of answer carries them: JSON, problem+json, the kitchen display page', async () => {
    expectHelmet((await client(t.url).get('/health')).headers);
    expectHelmet((await client(t.url).get('/api/staff')).headers); // 401 problem
    expectHelmet((await client(t.url).get('/api/nothing')).headers); // 404 problem
    const page = await fetch(`${t.url}/kds/`);
    expectHelmet(page.headers);
    // The page's one inline script is allowed by its hash, and no other inline script is.
    const html = readFileSync(join(__dirname, '../../web/kds/index.html'), 'utf8');
    const inline = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain(`'sha256-${createHash('sha256').update(inline).digest('base64')}'`);
    expect(/script-src ([^;]*)/.exec(csp)![1]).not.toContain('unsafe-inline');
    // Served over plain HTTP on a shop's LAN, the page must load its own script and socket as they are.
    expect(csp).not.toContain('upgrade-insecure-requests');
  });

  it('a listed origin may call the API and read its answers; any other gets no CORS headers', async () => {
    const owner = await ownerSession(t.url);
    const allowed = await owner.api.get('/api/staff', { origin: ALLOWED });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(allowed.headers.get('access-control-expose-headers')).toContain('Retry-After');
    const other = await owner.api.get('/api/staff', { origin: OTHER });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();

    const preflight = (origin: string) =>
      fetch(`${t.url}/api/restaurant/orders`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,idempotency-key' } });
    const ok = await preflight(ALLOWED);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(ok.headers.get('access-control-allow-methods')).toContain('POST');
    expect(ok.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('idempotency-key');
    const refused = await preflight(OTHER);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('Socket.IO follows the same list: a listed origin or no origin connects, another origin is refused', async () => {
    const owner = await ownerSession(t.url);
    const attempt = async (headers: Record<string, string>) => {
      const socket = io(`${t.url}/restaurant`, { auth: { token: owner.tokens.accessToken }, transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: headers });
      try {
        return (await firstEvent(socket, ['connect', 'connect_error'])).name;
      } finally {
        socket.disconnect();
      }
    };
    expect(await attempt({ origin: ALLOWED })).toBe('connect');
    expect(await attempt({})).toBe('connect');
    expect(await attempt({ origin: t.url })).toBe('connect'); // the kitchen display page served here
    expect(await attempt({ origin: OTHER })).toBe('connect_error');

    const polling = await fetch(`${t.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: ALLOWED } });
    expect(polling.status).toBe(200);
    expect(polling.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect((await fetch(`${t.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: OTHER } })).status).toBe(403);
  });

  it('CORS_ORIGINS must be exact origins', () => {
    expect(loadConfig({ CORS_ORIGINS: '' }).CORS_ORIGINS).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example, http://localhost:5173' }).CORS_ORIGINS).toEqual(['https://a.example', 'http://localhost:5173']);
    for (const wrong of ['*', 'https://a.example/path', 'a.example', 'https://a.example/']) {
      expect(() => loadConfig({ CORS_ORIGINS: wrong })).toThrow(ConfigError);
    }
  });
});
