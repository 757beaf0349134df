/**
 * One bench target alone, for profiling: starts the real server (as the bench does) with the
 * restaurant (PlaceOrder) or retail (SellItems) set-up, prints one JSON line `{ url, token, body }`
 * for a load generator in another process, and stops on SIGINT. Run:
 * `node --cpu-prof --cpu-prof-dir=<dir> --import tsx scripts/bench/profile-target.ts restaurant|retail`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRestaurantTarget } from './restaurant-server';
import { startRetailTarget } from './retail-server';

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pos-profile-'));
  const kind = process.argv[2] ?? 'restaurant';
  const target =
    kind === 'retail' ? await startRetailTarget(dir) : await startRestaurantTarget(dir).then((r) => ({ ...r, url: r.ordersUrl }));
  process.stdout.write(`${JSON.stringify({ url: target.url, token: target.token, body: target.body })}\n`);
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
