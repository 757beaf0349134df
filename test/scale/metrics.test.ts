import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { httpMetrics } from '../../src/metrics/http-metrics';
import { createMetrics } from '../../src/metrics/metrics';
import { ownerSession, startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;
beforeAll(async () => (server = await startTestServer()));
afterAll(() => server?.stop());

const scrape = async (url: string) => {
  const res = await fetch(`${url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return res.text();
};
const sample = (text: string, name: string, labels: Record<string, string>): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
};

describe('GET /metrics', () => {
  it('counts commands by route and outcome, times requests by route template, and shows projection lag and pushes', async () => {
    const owner = await ownerSession(server.url);
    const added = await owner.api.post('/api/catalog/items', { name: 'Phở bò', priceMinor: 45000, taxRateBps: 800 });
    expect(added.status).toBe(201);
    expect((await owner.api.call('PATCH', `/api/catalog/items/${added.body.itemId}`, { priceMinor: -1 })).status).toBe(400);
    await owner.api.get(`/api/catalog/items?minPosition=${added.body.position}`);

    const text = await scrape(server.url);
    expect(sample(text, 'pos_commands_total', { command: 'POST /api/tenants', outcome: 'accepted' })).toBe(1);
    expect(sample(text, 'pos_commands_total', { command: 'POST /api/catalog/items', outcome: 'accepted' })).toBe(1);
    expect(sample(text, 'pos_commands_total', { command: 'PATCH /api/catalog/items/:itemId', outcome: 'rejected' })).toBe(1);
    // The template, never the raw path: one series however many items there are.
    expect(sample(text, 'pos_http_request_duration_seconds_count', { method: 'PATCH', route: '/api/catalog/items/:itemId', status: '4xx' })).toBe(1);
    expect(text).not.toContain(added.body.itemId);
    expect(sample(text, 'pos_http_request_duration_seconds_count', { method: 'GET', route: '/api/catalog/items', status: '2xx' })).toBe(1);
    expect(sample(text, 'pos_projection_lag_events', { projection: 'catalog', state: 'running', role: 'all' })).toBe(0);
    expect(sample(text, 'pos_projection_checkpoint', { projection: 'catalog' })).toBeGreaterThanOrEqual(Number(added.body.position));
    expect(sample(text, 'pos_realtime_pushes_total', { namespace: '/restaurant', event: 'catalog.changed' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'pos_realtime_sockets', { namespace: '/retail' })).toBe(0);
    // The process's own metrics too.
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('costs a request little: the timing middleware adds a few microseconds, well under a fifth of a millisecond over HTTP', async () => {
    // The same trivial route with and without the middleware, requests interleaved so that load
    // on the machine hits both alike; the medians are compared.
    const metrics = createMetrics({ role: 'bench' });
    const bare = express().get('/x/:id', (_req, res) => res.json({ ok: true }));
    const timed = express().use(httpMetrics(metrics)).get('/x/:id', (_req, res) => res.json({ ok: true }));
    const listen = (app: express.Express) =>
      new Promise<Server>((resolve) => {
        const s = createServer(app).listen(0, '127.0.0.1', () => resolve(s));
      });
    const [a, b] = await Promise.all([listen(bare), listen(timed)]);
    const url = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}/x/1`;
    const time = async (target: string) => {
      const t = process.hrtime.bigint();
      await (await fetch(target)).text();
      return Number(process.hrtime.bigint() - t) / 1e6;
    };
    const without: number[] = [];
    const withIt: number[] = [];
    for (let i = 0; i < 50; i++) await Promise.all([time(url(a)), time(url(b))]); // warm-up
    for (let i = 0; i < 600; i++) {
      // Alternating which goes first, so neither gains from going second.
      if (i % 2 === 0) {
        without.push(await time(url(a)));
        withIt.push(await time(url(b)));
      } else {
        withIt.push(await time(url(b)));
        without.push(await time(url(a)));
      }
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    // The in-process cost itself, without the network: observe + one listener, per request.
    const t = process.hrtime.bigint();
    for (let i = 0; i < 100_000; i++) metrics.httpDuration.observe({ method: 'GET', route: '/x/:id', status: '2xx' }, 0.001);
    const observeUs = Number(process.hrtime.bigint() - t) / 1e3 / 100_000;
    process.stdout.write(`median request ${median(without).toFixed(3)} ms bare, ${median(withIt).toFixed(3)} ms timed; one observation ${observeUs.toFixed(2)} µs\n`);
    expect(sample(await metrics.scrape(), 'pos_http_request_duration_seconds_count', { route: '/x/:id' })).toBe(100_000 + 650);
    expect(observeUs).toBeLessThan(20);
    expect(median(withIt) - median(without)).toBeLessThan(0.2);
    await Promise.all([a, b].map((s) => new Promise((resolve) => s.close(resolve))));
  });
});
