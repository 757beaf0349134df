import { mkdirSync } from 'node:fs';
import { measureAgainstBare, type CommandLoadConfig, type CommandLoadResult } from './command-load';
import { startRestaurantTarget } from './restaurant-server';

export type RestaurantConfig = CommandLoadConfig;
export type RestaurantResult = CommandLoadResult;

/** PlaceOrder over HTTP on the real server (embedded SQLite, projections running in this process) against a bare Express route. */
export async function measureRestaurant(dataDir: string, config: RestaurantConfig): Promise<RestaurantResult> {
  process.stderr.write('restaurant orders:\n');
  mkdirSync(dataDir, { recursive: true });
  const target = await startRestaurantTarget(dataDir);
  try {
    return await measureAgainstBare('PlaceOrder', { url: target.ordersUrl, token: target.token, body: target.body, sample: target.sample }, config);
  } finally {
    await target.close();
  }
}
