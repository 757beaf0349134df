/**
 * npm run projections:rebuild -- <name> [<name> …] | --all
 * Rebuilds read models from position 0 into fresh tables and swaps them in. Safe while the
 * server runs on the same DATA_DIR: it keeps answering from the old tables until the swap.
 */
import { ConfigError, loadConfig } from '../src/config/config';
import { createLogger } from '../src/logger';
import { allProjections } from '../src/projections/all-projections';
import { createMongoRebuildTarget } from '../src/projections/mongo-rebuild';
import { rebuildProjection } from '../src/projections/rebuild';
import { createSqliteRebuildTarget } from '../src/projections/sqlite-rebuild';
import { createStores } from '../src/stores';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const names = args.includes('--all') ? allProjections.map((p) => p.name) : args;
  const known = new Map(allProjections.map((p) => [p.name, p]));
  const unknown = names.filter((n) => !known.has(n));
  if (names.length === 0 || unknown.length > 0) {
    process.stderr.write(`${unknown.length ? `Unknown projection: ${unknown.join(', ')}\n` : ''}Usage: npm run projections:rebuild -- <${[...known.keys()].join('|')}> … | --all\n`);
    process.exit(2);
  }
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const stores = createStores(config, log);
  try {
    for (const name of names) {
      const projection = known.get(name)!;
      const target = stores.readDb ? createSqliteRebuildTarget(stores.readDb, projection) : createMongoRebuildTarget({ url: config.MONGODB_URL! }, projection);
      try {
        const result = await rebuildProjection({ store: stores.store, projection, target, log });
        process.stdout.write(`${name}: rebuilt to position ${result.checkpoint} in ${result.seconds.toFixed(1)} s\n`);
      } finally {
        // The MongoDB target owns a client of its own; the SQLite one shares the stores' file.
        if (!stores.readDb) await target.readStore.close();
      }
    }
  } finally {
    await stores.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : (error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
