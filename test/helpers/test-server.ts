import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import { startServer, type RunningServer } from '../../src/server';

export interface TestServer {
  url: string;
  server: RunningServer;
  dataDir: string;
  stop(): Promise<void>;
}

/** A real server on an ephemeral port over a fresh data directory. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pos-api-'));
  // Scheduled jobs stay off unless a test asks for them: a nightly slot must not fire mid-suite.
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, JWT_SECRET: 'test-secret-that-is-long-enough-0123456789', JOBS_ENABLED: 'false', ...env });
  const server = await startServer(config, pino({ level: 'silent' }));
  return {
    url: `http://127.0.0.1:${server.port}`,
    server,
    dataDir,
    async stop() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A tiny JSON client over fetch. */
export function client(baseUrl: string, token?: string) {
  async function call<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
    const res = await fetch(baseUrl + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, headers: res.headers, body: parsed as T };
  }
  return {
    get: <T = any>(path: string, headers?: Record<string, string>) => call<T>('GET', path, undefined, headers),
    post: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => call<T>('POST', path, body ?? {}, headers),
    call,
  };
}

let counter = 0;
export const uniqueSubdomain = (prefix = 'shop') => `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter++}`;

export const OWNER_PASSWORD = 'correct horse battery staple';

export function signUpBody(subdomain: string, extra: Record<string, unknown> = {}) {
  return {
    name: 'Phở 24',
    subdomain,
    businessType: 'RESTAURANT',
    currency: 'VND',
    timezone: 'Asia/Ho_Chi_Minh',
    owner: { email: `owner@${subdomain}.example`, password: OWNER_PASSWORD, name: 'Owner' },
    ...extra,
  };
}

/** Signs up a tenant and logs its owner in. */
export async function ownerSession(baseUrl: string, subdomain = uniqueSubdomain(), extra: Record<string, unknown> = {}) {
  const anon = client(baseUrl);
  const signUp = await anon.post('/api/tenants', signUpBody(subdomain, extra));
  if (signUp.status !== 201) throw new Error(`sign-up failed: ${JSON.stringify(signUp.body)}`);
  const login = await anon.post('/api/auth/login', { subdomain, email: `owner@${subdomain}.example`, password: OWNER_PASSWORD });
  if (login.status !== 200) throw new Error(`login failed: ${JSON.stringify(login.body)}`);
  return { subdomain, tenantId: signUp.body.tenantId as string, ownerId: signUp.body.ownerId as string, tokens: login.body, api: client(baseUrl, login.body.accessToken) };
}
