import { rmSync } from 'node:fs';
import type { SqliteEventStore } from '../../src/eventstore/sqlite-event-store';
import { client, ownerSession, startTestServer, type TestServer } from '../helpers/test-server';
import { liveAndRebuilt } from './fresh-rebuild';
import { send, type Outcome } from './terminal-load';

/**
 * A full disk, made real on the server's own SQLite connection: `max_page_count` at the file's
 * current size makes every write that needs a new page fail with SQLITE_FULL, as a full file
 * system does, then is raised again as if space came back.
 */
describe('a full disk', () => {
  let t: TestServer;
  // `max_page_count` holds for the connection it is set on: the projections run on the server's
  // own connection here (not on their thread's), so the full disk reaches them as well.
  beforeEach(async () => (t = await startTestServer({ LOGIN_RATE_LIMIT_PER_IP: '10000', PROJECTION_THREAD: 'false' })));
  afterEach(async () => {
    await t.server.close();
    rmSync(t.dataDir, { recursive: true, force: true });
  });

  it('commands answer 503 and record nothing; when space returns the same retries succeed, projections resume, nothing was half-written', async () => {
    const db = (t.server.store as SqliteEventStore).db;
    const owner = await ownerSession(t.url);
    const soap = await owner.api.post('/api/catalog/items', { name: 'Soap', sku: 'SOAP-1', priceMinor: 1200, taxRateBps: 1000, trackStock: true });
    const token = owner.tokens.accessToken as string;
    const command = (i: number) => {
      const kind = i % 3;
      if (kind === 0) return { key: `item-${i}`, method: 'POST', path: '/api/catalog/items', body: { name: `Item ${i} ${'x'.repeat(80)}`, sku: `SKU-${i}`, priceMinor: 100 + i, taxRateBps: 0 } };
      if (kind === 1) return { key: `sale-${i}`, method: 'POST', path: '/api/retail/sales', body: { items: [{ itemId: soap.body.itemId, quantity: 1 }], payments: [{ method: 'CASH', amountMinor: 5000 }] } };
      return { key: `receipt-${i}`, method: 'POST', path: '/api/retail/stock/receipts', body: { items: [{ itemId: soap.body.itemId, quantity: 3 }], supplier: 's'.repeat(100) } };
    };

    const maxPages = db.pragma('max_page_count', { simple: true }) as number;
    const pages = () => db.pragma('page_count', { simple: true }) as number;
    const sent: { command: ReturnType<typeof command>; outcome: Outcome }[] = [];
    const wave = async (from: number) => {
      const commands = Array.from({ length: 6 }, (_, i) => command(from + i));
      const outcomes = await Promise.all(commands.map((c) => send(t.url, token, c)));
      commands.forEach((c, i) => sent.push({ command: c, outcome: outcomes[i]! }));
    };
    const projectionStuck = async () => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      const { projections } = (await client(t.url).get('/ready')).body as { projections: { state: string; lag: { events: number } }[] };
      return projections.some((p) => p.state !== 'running' || p.lag.events > 0);
    };
    // The disk fills up while the read models lag behind (as they do under load): the events take
    // the last pages, and when the projections catch up they cannot write their batches.
    await t.server.projections.stop();
    db.pragma(`max_page_count = ${pages() + 20}`);
    let n = 0;
    for (; !sent.some((s) => s.outcome.kind === 'error') && n < 3000; n += 6) await wave(n);
    db.pragma(`max_page_count = ${pages()}`);
    await t.server.projections.start();
    expect(await projectionStuck()).toBe(true);
    // The disk is full for everyone now: further commands are refused.
    for (let waves = 0; sent.filter((s) => s.outcome.kind === 'error').length < 40 && waves < 40; waves++, n += 6) await wave(n);
    const refused = sent.filter((s) => s.outcome.kind === 'error');
    expect(refused.length).toBeGreaterThanOrEqual(40);
    for (const { command: c, outcome } of refused) {
      expect([c.key, outcome.kind === 'error' && outcome.status, outcome.kind === 'error' && outcome.body.code]).toEqual([c.key, 503, 'EVENT_STORE_UNAVAILABLE']);
    }
    expect(sent.every((s) => s.outcome.kind !== 'none')).toBe(true);
    const ready = await client(t.url).get('/ready');
    expect(ready.status).toBe(200); // reads still work: the process is up, it cannot write

    // Nothing of a refused command is in the log but, for a new item, the reservation of its SKU
    // (an earlier step, in a stream of its own, that the retry completes); every acknowledged one is.
    const recordedIn = () => {
      const rows = db.prepare('SELECT stream, metadata FROM events').all() as { stream: string; metadata: string }[];
      const streams = new Map<string, string[]>();
      for (const row of rows) {
        const id = (JSON.parse(row.metadata) as { commandId?: string }).commandId ?? '';
        streams.set(id, [...(streams.get(id) ?? []), row.stream]);
      }
      return streams;
    };
    const isReservation = (stream: string) => /\.(catalogsku|catalogbarcode)-/.test(stream);
    let recorded = recordedIn();
    for (const { command: c } of refused) expect([c.key, (recorded.get(c.key) ?? []).filter((s) => !isReservation(s))]).toEqual([c.key, []]);
    for (const { command: c } of sent.filter((s) => s.outcome.kind === 'ok')) expect([c.key, recorded.has(c.key)]).toEqual([c.key, true]);

    // Space comes back: the terminals retry what was refused, with the same keys.
    db.pragma(`max_page_count = ${maxPages}`);
    const retried = await Promise.all(refused.map(({ command: c }) => send(t.url, token, c)));
    expect(retried.map((r) => r.kind === 'ok' || (r.kind === 'error' && r.status))).toEqual(refused.map(() => true));
    recorded = recordedIn();
    for (const { command: c } of sent) expect([c.key, (recorded.get(c.key) ?? []).some((st) => !isReservation(st))]).toEqual([c.key, true]);

    // The read models catch up by themselves (no restart), and equal a rebuild from the log.
    const head = (await t.server.store.headPosition()).toString();
    for (const query of ['/api/catalog/items', `/api/retail/stock/${soap.body.itemId}`, '/api/restaurant/kitchen-queue']) {
      const answer = await client(t.url, token).get(`${query}${query.includes('?') ? '&' : '?'}minPosition=${head}`);
      expect([query, answer.status]).toEqual([query, 200]);
    }
    // A projection that last failed may still be in its retry pause (up to a second): every one
    // of them must come back, not only those the queries above waited for.
    type Status = { status: string; projections: { state: string; lag: { events: number } }[] };
    let status = (await client(t.url).get('/ready')).body as Status;
    for (const deadline = Date.now() + 5000; status.projections.some((p) => p.lag.events > 0) && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = (await client(t.url).get('/ready')).body as Status;
    }
    expect([status.status, status.projections.map((p) => [p.state, p.lag.events])]).toEqual(['ready', status.projections.map(() => ['running', 0])]);
    await t.server.close();
    const { live, rebuilt } = await liveAndRebuilt(t.dataDir);
    expect(live).toEqual(rebuilt);
  });
});
