import { io, type Socket } from 'socket.io-client';
import { startSoakServer } from './soak-server';

export interface SoakOptions {
  seconds: number;
  /** Tills and waiters sending commands, each with a short think time between them. */
  terminals: number;
  /** Kitchen displays and retail dashboards connected for the whole run. */
  displays: number;
  /** Progress lines go here (stderr for the CLI). */
  progress?: (line: string) => void;
}

export interface RouteFigures {
  route: string;
  count: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
}

export interface SoakResult {
  seconds: number;
  commands: number;
  throughput: number;
  routes: RouteFigures[];
  errors: number;
  errorSamples: string[];
  /** From a command's answer to the push that carries its position, at a display. */
  lag: { count: number; p50Ms: number; p99Ms: number; maxMs: number };
  /** Resident memory of the server, one sample a second. */
  rss: { atMb: number[]; warmStartMb: number; endMb: number; warmGrowthMb: number };
  /** The projections' own lag as /ready reports it, sampled every second: the worst seen. */
  readyLagMaxMs: number;
}

const percentile = (sorted: number[], p: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]!);
const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 0.5);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A realistic day compressed: restaurant terminals place, confirm and pay orders, retail tills
 * sell, take returns and receive stock, kitchen displays and dashboards stay connected, a manager
 * runs the daily report and an export now and then. Everything against the real server process.
 */
export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const say = options.progress ?? (() => undefined);
  const server = await startSoakServer();
  const latencies = new Map<string, { times: number[]; errors: number }>();
  const errorSamples: string[] = [];
  const sockets: Socket[] = [];
  try {
    async function call(route: string, method: string, path: string, token: string, body?: unknown, key?: string): Promise<any> {
      const started = performance.now();
      const figures = latencies.get(route) ?? { times: [], errors: 0 };
      latencies.set(route, figures);
      try {
        const res = await fetch(server.url + path, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }), ...(key && { 'Idempotency-Key': key }) },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(30_000),
        });
        const text = await res.text();
        figures.times.push(performance.now() - started);
        if (!res.ok) throw new Error(`${res.status} ${text.slice(0, 200)}`);
        return res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
      } catch (error) {
        figures.errors += 1;
        if (errorSamples.length < 20) errorSamples.push(`${route}: ${(error as Error).message}`);
        return undefined;
      }
    }

    const signUp = async (businessType: string, n: number) => {
      const subdomain = `soak-${businessType.toLowerCase()}-${n}-${Date.now().toString(36)}`;
      const password = 'soak test passphrase';
      const created = await fetch(`${server.url}/api/tenants`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Soak ${businessType}`, subdomain, businessType, currency: 'USD', timezone: 'Asia/Ho_Chi_Minh', owner: { email: `owner@${subdomain}.example`, password, name: 'Owner' } }),
      });
      if (created.status !== 201) throw new Error(`sign-up: ${await created.text()}`);
      const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ subdomain, email: `owner@${subdomain}.example`, password }) });
      return ((await login.json()) as { accessToken: string }).accessToken;
    };
    const restaurant = await signUp('RESTAURANT', 1);
    const retail = await signUp('RETAIL', 2);
    const item = async (token: string, body: Record<string, unknown>) => ((await call('setup', 'POST', '/api/catalog/items', token, body)) as { itemId: string }).itemId;
    const dishes = await Promise.all(['grill', 'bar', 'kitchen'].map((station, i) => item(restaurant, { name: `Dish ${i}`, priceMinor: 1000 + i * 250, taxRateBps: 800, station })));
    const goods = await Promise.all([0, 1, 2, 3].map((i) => item(retail, { name: `Good ${i}`, sku: `GOOD-${i}`, priceMinor: 300 + i * 100, taxRateBps: 1000, trackStock: true, lowStockThreshold: 10 })));
    for (const itemId of goods) await call('setup', 'POST', '/api/retail/stock/receipts', retail, { items: [{ itemId, quantity: 1_000_000 }] });
    latencies.delete('setup');

    // Displays: every push's position settles the commands answered at or before it. A push may
    // also come before its command's answer (the answer waits for the WAL's fsync; the push does not).
    const pending: { position: bigint; at: number }[] = [];
    const lags: number[] = [];
    let pushedUpTo = -1n;
    const onPush = (payload: { position?: string }) => {
      if (!payload?.position) return;
      const reached = BigInt(payload.position);
      if (reached > pushedUpTo) pushedUpTo = reached;
      const now = performance.now();
      for (let i = pending.length - 1; i >= 0; i--) {
        if (pending[i]!.position <= reached) {
          lags.push(now - pending[i]!.at);
          pending.splice(i, 1);
        }
      }
    };
    for (let d = 0; d < options.displays; d++) {
      const [namespace, token] = d % 3 === 2 ? ['/retail', retail] : ['/restaurant', restaurant];
      const socket = io(`${server.url}${namespace}`, { auth: { token }, transports: ['websocket'], forceNew: true });
      socket.onAny((_event: string, payload: { position?: string }) => onPush(payload));
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => socket.once('connect', () => resolve()).once('connect_error', reject));
    }
    const expectPush = (answer: { position?: string } | undefined) => {
      if (!answer?.position) return;
      if (BigInt(answer.position) <= pushedUpTo) lags.push(0);
      else pending.push({ position: BigInt(answer.position), at: performance.now() });
    };

    const deadline = performance.now() + options.seconds * 1000;
    let commands = 0;
    const pick = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)]!;
    const think = () => sleep(20 + Math.random() * 60);

    const waiter = async (n: number) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const key = `w${n}-${i}`;
        const placed = await call('POST /restaurant/orders', 'POST', '/api/restaurant/orders', restaurant, { table: String(1 + (i % 30)), items: [{ itemId: pick(dishes), quantity: 1 + (i % 3) }, { itemId: pick(dishes), quantity: 1 }] }, key);
        commands += 1;
        expectPush(placed);
        await think();
        if (!placed) continue;
        const path = `/api/restaurant/orders/${placed.orderId}`;
        for (const status of ['CONFIRMED', 'PREPARING', 'READY', 'SERVED']) {
          expectPush(await call('POST /restaurant/orders/:id/status', 'POST', `${path}/status`, restaurant, { status }, `${key}-${status}`));
          commands += 1;
          await think();
        }
        expectPush(await call('POST /restaurant/orders/:id/payments', 'POST', `${path}/payments`, restaurant, { method: 'CARD', amountMinor: placed.totalMinor }, `${key}-pay`));
        commands += 1;
        await call('GET /restaurant/kitchen-queue', 'GET', '/api/restaurant/kitchen-queue?station=grill', restaurant);
        await think();
      }
    };
    const till = async (n: number) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const key = `t${n}-${i}`;
        const sale = await call('POST /retail/sales', 'POST', '/api/retail/sales', retail, { items: [{ itemId: pick(goods), quantity: 1 + (i % 4) }, { sku: 'GOOD-0', quantity: 1 }], payments: [{ method: 'CASH', amountMinor: 100_000 }] }, key);
        commands += 1;
        expectPush(sale);
        await think();
        if (sale && i % 5 === 0) {
          expectPush(await call('POST /retail/sales/:id/returns', 'POST', `/api/retail/sales/${sale.saleId}/returns`, retail, { items: [{ itemId: goods[0], quantity: 1 }], reason: 'Changed their mind' }, `${key}-ret`));
          commands += 1;
          await think();
        }
        if (i % 10 === 0) {
          expectPush(await call('POST /retail/stock/receipts', 'POST', '/api/retail/stock/receipts', retail, { items: [{ itemId: pick(goods), quantity: 50 }] }, `${key}-rcv`));
          commands += 1;
          await call('GET /retail/stock', 'GET', '/api/retail/stock', retail);
        }
        await think();
      }
    };
    const manager = async () => {
      for (let i = 0; performance.now() < deadline; i++) {
        const today = new Date().toISOString().slice(0, 10);
        await call('GET /reports/daily', 'GET', `/api/reports/daily?date=${today}`, i % 2 ? retail : restaurant);
        if (i % 2 === 0) await call('GET /exports/sales.csv', 'GET', `/api/exports/sales.csv?from=${today}&to=${today}`, retail);
        await sleep(2500);
      }
    };

    const rss: number[] = [];
    let readyLagMaxMs = 0;
    const sampler = (async () => {
      const started = performance.now();
      while (performance.now() < deadline) {
        rss.push(server.rssMb());
        const ready = (await fetch(`${server.url}/ready`).then((r) => r.json()).catch(() => undefined)) as { projections?: { lag: { ms: number } }[] } | undefined;
        for (const p of ready?.projections ?? []) readyLagMaxMs = Math.max(readyLagMaxMs, p.lag.ms);
        const elapsed = (performance.now() - started) / 1000;
        if (rss.length % 10 === 0) say(`${elapsed.toFixed(0)} s: ${commands} commands, RSS ${rss[rss.length - 1]!.toFixed(0)} MB, push lag p99 so far ${percentile([...lags].sort((a, b) => a - b), 0.99).toFixed(0)} ms`);
        await sleep(1000);
      }
    })();

    const half = Math.ceil(options.terminals / 2);
    await Promise.all([...Array.from({ length: half }, (_, n) => waiter(n)), ...Array.from({ length: options.terminals - half }, (_, n) => till(n)), manager(), sampler]);
    // Pushes still on their way for the last commands.
    for (let waited = 0; pending.length > 0 && waited < 3000; waited += 50) await sleep(50);

    const routes = [...latencies.entries()]
      .map(([route, f]) => {
        const sorted = [...f.times].sort((a, b) => a - b);
        return { route, count: f.times.length, errors: f.errors, p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99) };
      })
      .sort((a, b) => a.route.localeCompare(b.route));
    const sortedLags = [...lags].sort((a, b) => a - b);
    // Warm: after the first third of the run (JIT, caches, SQLite's page cache filling up).
    const warm = rss.slice(Math.floor(rss.length / 3));
    const third = Math.max(1, Math.floor(warm.length / 3));
    const warmStartMb = median(warm.slice(0, third));
    const endMb = median(warm.slice(-third));
    return {
      seconds: options.seconds,
      commands,
      throughput: commands / options.seconds,
      routes,
      errors: routes.reduce((n, r) => n + r.errors, 0) + pending.length,
      errorSamples: [...errorSamples, ...(pending.length > 0 ? [`${pending.length} answered commands never reached a display`] : [])],
      lag: { count: lags.length, p50Ms: percentile(sortedLags, 0.5), p99Ms: percentile(sortedLags, 0.99), maxMs: sortedLags[sortedLags.length - 1] ?? 0 },
      rss: { atMb: rss, warmStartMb, endMb, warmGrowthMb: endMb - warmStartMb },
      readyLagMaxMs,
    };
  } finally {
    for (const socket of sockets) socket.disconnect();
    await server.stop();
  }
}

/** What the soak promises: no errors, pushes under a second, memory flat once warm. */
export function soakVerdict(result: SoakResult, limits: { maxLagMs: number; maxWarmGrowthMb: number }): string[] {
  const failures: string[] = [];
  if (result.errors > 0) failures.push(`${result.errors} errors: ${result.errorSamples.slice(0, 5).join(' | ')}`);
  if (result.lag.p99Ms >= limits.maxLagMs) failures.push(`push lag p99 ${result.lag.p99Ms.toFixed(0)} ms ≥ ${limits.maxLagMs} ms`);
  if (result.readyLagMaxMs >= limits.maxLagMs) failures.push(`projection lag on /ready reached ${result.readyLagMaxMs} ms ≥ ${limits.maxLagMs} ms`);
  if (result.rss.warmGrowthMb > limits.maxWarmGrowthMb) failures.push(`RSS grew ${result.rss.warmGrowthMb.toFixed(0)} MB once warm (> ${limits.maxWarmGrowthMb} MB)`);
  if (result.commands === 0) failures.push('no command was answered');
  return failures;
}

export function soakReport(result: SoakResult): string {
  const lines = [
    `soak: ${result.seconds} s, ${result.commands} commands, ${result.throughput.toFixed(1)} commands/s, errors ${result.errors}`,
    '',
    `${'route'.padEnd(38)} ${'count'.padStart(7)} ${'errors'.padStart(6)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}`,
    ...result.routes.map((r) => `${r.route.padEnd(38)} ${String(r.count).padStart(7)} ${String(r.errors).padStart(6)} ${r.p50Ms.toFixed(1).padStart(8)} ${r.p99Ms.toFixed(1).padStart(8)}`),
    '',
    `push lag (answer → display): ${result.lag.count} pushes, p50 ${result.lag.p50Ms.toFixed(0)} ms, p99 ${result.lag.p99Ms.toFixed(0)} ms, max ${result.lag.maxMs.toFixed(0)} ms; /ready projection lag max ${result.readyLagMaxMs} ms`,
    `RSS (MB, every ${Math.max(1, Math.round(result.rss.atMb.length / 20))} s): ${result.rss.atMb.filter((_, i) => i % Math.max(1, Math.round(result.rss.atMb.length / 20)) === 0).map((m) => m.toFixed(0)).join(' ')}`,
    `RSS once warm: ${result.rss.warmStartMb.toFixed(0)} MB → ${result.rss.endMb.toFixed(0)} MB (${result.rss.warmGrowthMb >= 0 ? '+' : ''}${result.rss.warmGrowthMb.toFixed(0)} MB)`,
  ];
  if (result.errorSamples.length > 0) lines.push('', 'errors:', ...result.errorSamples.map((e) => `  ${e}`));
  return lines.join('\n');
}
