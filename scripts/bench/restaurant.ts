import { mkdirSync } from 'node:fs';
import { runLoad, type LoadRun } from './load';
import { startBareExpress, startRestaurantTarget } from './restaurant-server';
import { figure, repeat, type Figure } from './stats';

export interface RestaurantConfig {
  runs: number;
  connections: number;
  /** Seconds of load per run, for each of the two servers. */
  seconds: number;
  warmupSeconds: number;
}

export interface RestaurantResult {
  ordersPerSecond: Figure;
  orderP50Ms: Figure;
  orderP99Ms: Figure;
  barePerSecond: Figure;
  bareP50Ms: Figure;
  bareP99Ms: Figure;
  /** orders/s ÷ bare req/s, run by run. */
  ratio: Figure;
  /** Non-201 answers, socket errors and timeouts, per run (orders, then bare, summed). */
  orderErrors: number[];
  bareErrors: number[];
  /** Status codes of all order runs together. */
  orderStatusCodes: Record<string, number>;
  ordersPlaced: number;
}

const log = (message: string): void => void process.stderr.write(`  ${message}\n`);
const show = (name: string, r: LoadRun): string =>
  `${name}: ${Math.round(r.perSecond)}/s, p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms, errors ${r.errors} (${JSON.stringify(r.statusCodes)})`;

/**
 * PlaceOrder over HTTP on the real server (embedded SQLite, projections running in this process),
 * then the same load on a bare Express route in this process, run after run; autocannon runs in a
 * child process.
 */
export async function measureRestaurant(dataDir: string, config: RestaurantConfig): Promise<RestaurantResult> {
  process.stderr.write('restaurant orders:\n');
  mkdirSync(dataDir, { recursive: true });
  const target = await startRestaurantTarget(dataDir);
  const bare = await startBareExpress(target.sample);
  try {
    const orders = (seconds: number) => runLoad({ url: target.ordersUrl, body: target.body, token: target.token, connections: config.connections, seconds });
    const plain = (seconds: number) => runLoad({ url: bare.url, body: target.body, connections: config.connections, seconds });
    log(show('warm-up bare', await plain(config.warmupSeconds)));
    log(show('warm-up orders', await orders(config.warmupSeconds)));
    const runs = await repeat(config.runs, async () => {
      const b = await plain(config.seconds);
      log(show('bare Express', b));
      const o = await orders(config.seconds);
      log(show('PlaceOrder', o));
      return { o, b };
    });
    const orderStatusCodes: Record<string, number> = {};
    for (const { o } of runs) for (const [code, count] of Object.entries(o.statusCodes)) orderStatusCodes[code] = (orderStatusCodes[code] ?? 0) + count;
    return {
      ordersPerSecond: figure(runs.map((r) => r.o.perSecond)),
      orderP50Ms: figure(runs.map((r) => r.o.p50Ms)),
      orderP99Ms: figure(runs.map((r) => r.o.p99Ms)),
      barePerSecond: figure(runs.map((r) => r.b.perSecond)),
      bareP50Ms: figure(runs.map((r) => r.b.p50Ms)),
      bareP99Ms: figure(runs.map((r) => r.b.p99Ms)),
      ratio: figure(runs.map((r) => r.o.perSecond / r.b.perSecond)),
      orderErrors: runs.map((r) => r.o.errors),
      bareErrors: runs.map((r) => r.b.errors),
      orderStatusCodes,
      ordersPlaced: runs.reduce((sum, r) => sum + r.o.answers201, 0),
    };
  } finally {
    await bare.close();
    await target.close();
  }
}
