import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config/config';
import { openSqliteDatabase, type SqliteDatabase } from './eventstore/sqlite-database';
import { createSqliteEventStore, type SqliteEventStore } from './eventstore/sqlite-event-store';
import type { EventStore } from './eventstore/types';
import type { ReadStore } from './projections/read-store';
import { createSqliteReadStore } from './projections/sqlite-read-store';

// The production clients load only when configured: each costs about a third of a second to load,
// paid by every process and every projection thread that starts on the embedded default otherwise.
const esdb = (): typeof import('./eventstore/esdb-event-store') => require('./eventstore/esdb-event-store');
const mongo = (): typeof import('./projections/mongo-read-store') => require('./projections/mongo-read-store');

export interface Stores {
  store: EventStore;
  readStore: ReadStore;
  /** The SQLite file of the read models, when they are embedded (rebuilds need it). */
  readDb?: SqliteDatabase;
  /** The SQLite file of the events, when they are embedded (backups copy it). */
  eventDb?: SqliteDatabase;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** The process serves appends: the embedded file's WAL is checkpointed on a thread of its own (sqlite-checkpoints.ts). */
  appends?: boolean;
}

/** The event store and the read store: one SQLite file by default; EventStoreDB / MongoDB when configured. */
export function createStores(config: Config, log: Logger, options: StoreOptions = {}): Stores {
  const file = join(config.DATA_DIR, 'pos.sqlite');
  const embedded = () => createSqliteEventStore({ file, ...(options.appends && { checkpointThread: { log } }) });
  if (config.MONGODB_URL) return withMongoReadModels(config, log, embedded);
  if (!config.EVENTSTORE_URL) {
    log.info({ file }, 'event store and read models: embedded SQLite');
    const store = embedded();
    return { store, readStore: createSqliteReadStore(store.db), readDb: store.db, eventDb: store.db, close: () => store.close() };
  }
  log.info('event store: EventStoreDB; read models: embedded SQLite');
  const store = esdb().createEsdbEventStore({ connectionString: config.EVENTSTORE_URL, logger: log });
  const db = openSqliteDatabase(join(config.DATA_DIR, 'read-models.sqlite'));
  return {
    store,
    readStore: createSqliteReadStore(db),
    readDb: db,
    async close() {
      await store.close();
      db.close();
    },
  };
}


/** Read models in MongoDB; events in EventStoreDB when configured, else the embedded file. */
function withMongoReadModels(config: Config, log: Logger, embedded: () => SqliteEventStore): Stores {
  const readStore = mongo().createMongoReadStore({ url: config.MONGODB_URL! });
  const sqlite = config.EVENTSTORE_URL ? undefined : embedded();
  const store = sqlite ?? esdb().createEsdbEventStore({ connectionString: config.EVENTSTORE_URL!, logger: log });
  log.info(`event store: ${config.EVENTSTORE_URL ? 'EventStoreDB' : 'embedded SQLite'}; read models: MongoDB`);
  return {
    store,
    readStore,
    eventDb: sqlite?.db,
    async close() {
      await store.close();
      await readStore.close();
    },
  };
}
