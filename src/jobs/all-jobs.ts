import type { Logger } from 'pino';
import type { Config } from '../config/config';
import type { SqliteDatabase } from '../eventstore/sqlite-database';
import type { EventStore } from '../eventstore/types';
import { createBackupJob } from './backup-job';
import type { Job } from './job';
import { join } from 'node:path';
import type { ReadStore } from '../projections/read-store';
import { createCloseBusinessDaysJob } from './close-business-days-job';
import { createDailyExportJob } from './daily-export-job';
import { createSessionPurgeJob } from './session-purge-job';

export interface JobDeps {
  config: Config;
  store: EventStore;
  /** The read models the scheduled exports read. */
  readStore: ReadStore;
  /** The embedded store's live connection; absent when events live in EventStoreDB. */
  eventDb?: SqliteDatabase;
  log: Logger;
  /** Further jobs join here, each a Job object. */
  extraJobs?: readonly Job[];
}

/** Every job this deployment runs, with its schedule from the config. */
export function allJobs(deps: JobDeps): Job[] {
  const { config, log } = deps;
  const jobs: Job[] = [];
  if (deps.eventDb) {
    jobs.push(createBackupJob({ file: deps.eventDb.name, dataDir: config.DATA_DIR, schedule: config.BACKUP_CRON, keep: config.BACKUP_KEEP }));
  } else {
    log.info('backup job not scheduled: events live in EventStoreDB, which is backed up with its own tools');
  }
  jobs.push(createSessionPurgeJob({ store: deps.store, schedule: config.PURGE_CRON, afterDays: config.SESSION_PURGE_AFTER_DAYS }));
  jobs.push(createCloseBusinessDaysJob({ store: deps.store, schedule: config.DAY_CLOSE_CRON }));
  jobs.push(createDailyExportJob({ store: deps.store, readStore: deps.readStore, dir: join(config.DATA_DIR, 'exports'), schedule: config.DAILY_EXPORT_CRON }));
  return [...jobs, ...(deps.extraJobs ?? [])];
}
