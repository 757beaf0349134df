/**
 * The restaurant-orders target alone, for profiling: starts the real server (as the bench does),
 * prints one JSON line `{ url, token, body }` for a load generator in another process, and stops
 * on SIGINT. Run: `node --cpu-prof --cpu-prof-dir=<dir> --import tsx scripts/bench/profile-restaurant.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRestaurantTarget } from './restaurant-server';

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pos-profile-'));
  const target = await startRestaurantTarget(dir);
  process.stdout.write(`${JSON.stringify({ url: target.ordersUrl, token: target.token, body: target.body })}\n`);
  process.once('SIGINT', () => {
    void target.close().finally(() => {
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
