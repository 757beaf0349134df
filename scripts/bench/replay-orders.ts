/**
 * What projecting a placed order costs, apart from the HTTP load: fills a file with placed orders
 * through the real server once (kept for later runs), then replays the three projections an order
 * feeds (orders, kitchen queue, daily reports) from scratch, in batches of 40 as live batches
 * are, on connections opened as the `all` role opens them (the projection thread's, and the
 * serving one with its checkpoint thread). Prints the process CPU and wall time per order of each
 * run and their medians. Run:
 * `node --import tsx scripts/bench/replay-orders.ts [dir] [orders=10000] [runs=3]`.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import { dailyReportsProjection } from '../../src/projections/daily-reports';
import { kitchenQueueProjection } from '../../src/projections/kitchen-queue';
import { createProjectionRunner } from '../../src/projections/projection-runner';
import { restaurantOrdersProjection } from '../../src/projections/restaurant-orders';
import { createStores } from '../../src/stores';
import { startRestaurantTarget } from './restaurant-server';
import { median } from './stats';

const PROJECTIONS = [restaurantOrdersProjection, kitchenQueueProjection, dailyReportsProjection];
const log = pino({ level: 'silent' });

async function placeOrders(dir: string, count: number): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const target = await startRestaurantTarget(dir);
  try {
    let placed = 1; // the target's sample order
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${target.token}` };
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (placed < count) {
          placed += 1;
          const res = await fetch(target.ordersUrl, { method: 'POST', headers, body: target.body });
          if (res.status !== 201) throw new Error(`PlaceOrder answered ${res.status}: ${await res.text()}`);
          await res.arrayBuffer();
        }
      }),
    );
  } finally {
    await target.close();
  }
}

async function replay(dir: string): Promise<{ orders: number; cpuUs: number; wallUs: number }> {
  const config = loadConfig({ DATA_DIR: dir, JWT_SECRET: 'x'.repeat(40), LOG_LEVEL: 'silent' });
  const serving = createStores(config, log, { appends: true });
  const stores = createStores(config, log);
  try {
    const db = stores.readDb!;
    for (const projection of PROJECTIONS) {
      db.prepare('DELETE FROM projection_checkpoints WHERE projection = ?').run(projection.name);
      for (const { name } of projection.collections) {
        const physical = (db.prepare('SELECT physical FROM read_model_tables WHERE collection = ?').pluck().get(name) as string | undefined) ?? `rm_${name}`;
        db.exec(`DELETE FROM ${physical}`);
      }
    }
    const orders = db.prepare("SELECT COUNT(*) FROM events WHERE type = 'OrderPlaced'").pluck().get() as number;
    const head = await stores.store.headPosition();
    const runner = createProjectionRunner({ store: stores.store, readStore: stores.readStore, projections: PROJECTIONS, log, batchSize: 40 });
    const cpu = process.cpuUsage();
    const started = performance.now();
    await runner.start();
    for (const { name } of PROJECTIONS) if (!(await runner.whenProcessed(name, head, 300_000))) throw new Error(`${name} did not catch up`);
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    await runner.stop();
    return { orders, cpuUs: (used.user + used.system) / orders, wallUs: (wallMs * 1000) / orders };
  } finally {
    await stores.close();
    await serving.close();
  }
}

async function main(): Promise<void> {
  const dir = process.argv[2] ?? join('/tmp', 'pos-replay-orders');
  const count = Number(process.argv[3] ?? 10_000);
  const runs = Number(process.argv[4] ?? 3);
  if (!existsSync(join(dir, 'pos.sqlite'))) await placeOrders(dir, count);
  const results = [];
  for (let i = 0; i < runs; i++) {
    const result = await replay(dir);
    results.push(result);
    process.stdout.write(`run ${i + 1}: ${result.orders} orders, ${result.cpuUs.toFixed(1)} µs CPU and ${result.wallUs.toFixed(1)} µs wall per order\n`);
  }
  process.stdout.write(`median: ${median(results.map((r) => r.cpuUs)).toFixed(1)} µs CPU, ${median(results.map((r) => r.wallUs)).toFixed(1)} µs wall per order\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
