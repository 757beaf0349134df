/**
 * npm run job -- <name>      runs one job now, under its lock, once (no retries), and prints what it did
 * npm run job -- --list      the jobs and their schedules
 * Same DATA_DIR / env as the server. With REDIS_URL set it takes the same lock as the servers'
 * schedulers, so it never runs alongside a scheduled run; exit code 3 says the lock was held.
 */
import { ConfigError, loadConfig } from '../src/config/config';
import { allJobs } from '../src/jobs/all-jobs';
import { createJobs } from '../src/jobs/start-jobs';
import { createLogger } from '../src/logger';
import { createStores } from '../src/stores';

async function main(): Promise<number> {
  const [name] = process.argv.slice(2);
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const stores = createStores(config, log);
  try {
    const jobs = allJobs({ config, store: stores.store, readStore: stores.readStore, eventDb: stores.eventDb, log });
    if (!name || name === '--list') {
      for (const job of jobs) process.stdout.write(`${job.name}\t${job.schedule} (${config.JOBS_TIMEZONE})\n`);
      if (!name) process.stderr.write(`Usage: npm run job -- <${jobs.map((j) => j.name).join('|')}>\n`);
      return name ? 0 : 2;
    }
    if (!jobs.some((job) => job.name === name)) {
      process.stderr.write(`Unknown job ${name}; known: ${jobs.map((j) => j.name).join(', ')}\n`);
      return 2;
    }
    const scheduler = createJobs({ config, jobs, log, retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 } });
    try {
      const result = await scheduler.runNow(name);
      process.stdout.write(`${JSON.stringify(result.ran ? result.run : { skipped: result.reason }, null, 2)}\n`);
      if (!result.ran) return 3;
      return result.run.outcome === 'succeeded' ? 0 : 1;
    } finally {
      await scheduler.close();
    }
  } finally {
    await stores.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError ? error.message : (error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
