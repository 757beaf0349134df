import pino from 'pino';
import { verifyTenantHistory } from '../../src/audit/verify-history';
import { parseRefreshToken } from '../../src/auth/refresh-tokens';
import type { EventStore } from '../../src/eventstore/types';
import { createSessionPurgeJob } from '../../src/jobs/session-purge-job';
import { client, OWNER_PASSWORD, ownerSession, startTestServer, type TestServer } from '../helpers/test-server';

const DAY = 86_400_000;
const streamOf = (refreshToken: string) => {
  const parsed = parseRefreshToken(refreshToken)!;
  return `${parsed.tenantId}.session-${parsed.sessionId}`;
};

describe('purge of ended sign-ins', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer({ JOBS_ENABLED: 'true' });
  });
  afterEach(() => server.stop());

  const run = (store: EventStore, now: Date) =>
    createSessionPurgeJob({ store, schedule: '0 4 * * *', afterDays: 30, now: () => now }).run({
      trigger: 'manual',
      attempt: 1,
      log: pino({ level: 'silent' }),
      signal: new AbortController().signal,
    });

  it('deletes sessions ended long enough ago, per tenant, recording each in that tenant history; live ones stay', async () => {
    const store = server.server.store;
    const anon = client(server.url);
    const one = await ownerSession(server.url);
    const two = await ownerSession(server.url);
    const login = async (who: typeof one) =>
      (await anon.post('/api/auth/login', { subdomain: who.subdomain, email: `owner@${who.subdomain}.example`, password: OWNER_PASSWORD })).body as { accessToken: string; refreshToken: string };

    const loggedOut = await login(one);
    expect((await client(server.url, loggedOut.accessToken).post('/api/auth/logout', { refreshToken: loggedOut.refreshToken })).status).toBe(204);
    const stolen = await login(one);
    expect((await anon.post('/api/auth/refresh', { refreshToken: stolen.refreshToken })).status).toBe(200);
    expect((await anon.post('/api/auth/refresh', { refreshToken: stolen.refreshToken })).status).toBe(401); // reuse: revoked
    const live = await login(one);
    const liveRefreshed = (await anon.post('/api/auth/refresh', { refreshToken: live.refreshToken })).body as { refreshToken: string };
    const otherTenant = await login(two);
    expect((await client(server.url, otherTenant.accessToken).post('/api/auth/logout', { refreshToken: otherTenant.refreshToken })).status).toBe(204);

    // A month and a day on: the three revoked sessions are over 30 days old; the live ones expire in 30 days.
    const soon = new Date(Date.now() + 31 * DAY);
    expect(await run(store, soon)).toMatchObject({ sessionsSeen: 6, purged: 3, unchanged: 0, tenants: 2 });
    for (const token of [loggedOut.refreshToken, stolen.refreshToken, otherTenant.refreshToken]) expect(await store.readStream(streamOf(token))).toEqual([]);
    for (const token of [live.refreshToken, one.tokens.refreshToken, two.tokens.refreshToken]) expect((await store.readStream(streamOf(token))).length).toBeGreaterThan(0);

    const [recordOne] = await store.readStream(`${one.tenantId}.retention-sessions`);
    const sessionId = (token: string) => parseRefreshToken(token)!.sessionId;
    expect(recordOne!.type).toBe('SessionsPurged');
    expect(recordOne!.metadata).toMatchObject({ tenantId: one.tenantId, actor: { userId: 'system', role: 'system' } });
    expect((recordOne!.data.sessions as { sessionId: string; ended: string; userId: string }[]).map((s) => [s.sessionId, s.ended, s.userId]).sort()).toEqual(
      [
        [sessionId(loggedOut.refreshToken), 'LOGOUT', one.ownerId],
        [sessionId(stolen.refreshToken), 'TOKEN_REUSE', one.ownerId],
      ].sort(),
    );
    const recordTwo = await store.readStream(`${two.tenantId}.retention-sessions`);
    expect(recordTwo.map((e) => (e.data.sessions as { sessionId: string }[]).map((s) => s.sessionId))).toEqual([[sessionId(otherTenant.refreshToken)]]);

    // Again at the same instant: nothing left to do, nothing recorded twice.
    expect(await run(store, soon)).toMatchObject({ purged: 0 });
    expect(await store.readStream(`${one.tenantId}.retention-sessions`)).toHaveLength(1);

    // Two months on, the live sessions' refresh tokens have expired too.
    expect(await run(store, new Date(Date.now() + 61 * DAY))).toMatchObject({ purged: 3, tenants: 2 });
    const second = await store.readStream(`${one.tenantId}.retention-sessions`);
    expect((second[1]!.data.sessions as { ended: string }[]).map((s) => s.ended)).toEqual(['EXPIRED', 'EXPIRED']);

    // A purged session's token is refused like any spent one; signing in again works.
    expect((await anon.post('/api/auth/refresh', { refreshToken: liveRefreshed.refreshToken })).status).toBe(401);
    expect((await login(one)).accessToken).toEqual(expect.any(String));
    expect((await one.api.get('/api/staff')).status).toBe(200);
    // Every remaining chain of both tenants still verifies.
    for (const tenant of [one.tenantId, two.tenantId]) expect(await verifyTenantHistory(store, tenant)).toMatchObject({ ok: true });
  });

  it('/ready shows each job and its last run', async () => {
    const before = await client(server.url).get('/ready');
    expect(before.body.jobs.map((j: { name: string }) => j.name)).toEqual(['backup', 'purge-sessions', 'close-business-days', 'daily-export']);
    expect(before.body.jobs[0]).toMatchObject({ schedule: '30 3 * * *', timezone: 'UTC', running: false, lastRun: null, nextRunAt: expect.stringMatching(/T03:30:00\.000Z$/) });
    await ownerSession(server.url);
    const result = await server.server.jobs!.runNow('purge-sessions');
    expect(result).toMatchObject({ ran: true, run: { outcome: 'succeeded', summary: { sessionsSeen: 1, purged: 0 } } });
    const after = await client(server.url).get('/ready');
    expect(after.body.jobs[1].lastRun).toMatchObject({ trigger: 'manual', outcome: 'succeeded', attempts: 1, durationMs: expect.any(Number), summary: { purged: 0 } });
  });

  it('with jobs disabled nothing is scheduled and /ready lists none', async () => {
    const quiet = await startTestServer();
    try {
      expect(quiet.server.jobs).toBeUndefined();
      expect((await client(quiet.url).get('/ready')).body.jobs).toEqual([]);
    } finally {
      await quiet.stop();
    }
  });
});
