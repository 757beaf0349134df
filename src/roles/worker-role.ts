import type { Logger } from 'pino';
import type { Config } from '../config/config';
import { allJobs } from '../jobs/all-jobs';
import { createJobs } from '../jobs/start-jobs';
import { createMetrics } from '../metrics/metrics';
import { createStores } from '../stores';
import type { RunningRole } from './running-role';
import { startStatusServer } from './status-server';

/**
 * The `worker` role: the scheduled jobs (src/jobs), each run under its lock — in Redis when
 * REDIS_URL is set, so several workers (or a worker and an `all` process) run each slot once.
 * Serves /health, /ready (the jobs' last runs) and /metrics only.
 */
export async function startWorker(config: Config, log: Logger): Promise<RunningRole> {
  const stores = createStores(config, log);
  const metrics = createMetrics({ role: 'worker' });
  const jobs = createJobs({ config, jobs: allJobs({ config, store: stores.store, readStore: stores.readStore, eventDb: stores.eventDb, log }), log });
  metrics.watchJobs(jobs);
  const status = await startStatusServer({
    port: config.PORT,
    host: config.HOST,
    metrics,
    log,
    async ready() {
      await stores.store.ping();
      return {
        ok: true,
        body: { status: 'ready', role: 'worker', eventStore: { ok: true, headPosition: (await stores.store.headPosition()).toString() }, jobs: jobs.status() },
      };
    },
  });
  jobs.start();

  let closing: Promise<void> | undefined;
  return {
    port: status.port,
    close() {
      closing ??= (async () => {
        await status.close();
        await jobs.close();
        await stores.close();
      })();
      return closing;
    },
  };
}
