import { MongoClient, type Collection, type Filter } from 'mongodb';
import { checkpointIs, createMongoCheckpoints } from './mongo-checkpoints';
import { bulkWriteGuarded, guardedOperations } from './mongo-guarded-writes';
import { collectionName, findFilter, findSort, indexKeys, storedId, type StoredDoc } from './mongo-filters';
import { docKey, type CollectionSpec, type Doc, type DocKey, type DocWrite, type ReadStore } from './read-store';

export interface MongoReadStoreOptions {
  url: string;
  /** Defaults to the database named in the URL (the driver's `test` when it names none). */
  dbName?: string;
}

export type MongoReadStore = ReadStore & {
  /** Connects now, to fail fast at start-up; optional, as the driver connects on first use. */
  connect(): Promise<void>;
};

/** Only the stored doc comes back from a read. */
const DOC_ONLY = { projection: { _id: 0, doc: 1 } } as const;

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(keyOf(item));
    if (group) group.push(item);
    else groups.set(keyOf(item), [item]);
  }
  return groups;
}

/**
 * Read models in MongoDB: one collection per spec (`rm_{name}`), one document per (tenant, id)
 * holding the doc as put and the position of the batch that wrote it (layout in mongo-filters).
 * MongoDB cannot write the documents and the checkpoint atomically without a replica-set
 * transaction, so (DESIGN decision 7) a batch writes idempotently, guarded by its position, then
 * advances the checkpoint: a crash in between replays the batch, which changes nothing.
 *
 * Limits, against SQLite's one transaction: `expectedCheckpoint` is checked before the writes and
 * compared-and-set with the checkpoint after them, so a swap that lands in between can leave
 * this batch's writes behind (reported as false, so the runner follows the new checkpoint).
 * Two writers of one projection at once can lose an update (two upserts of a new document race
 * on _id and the loser's duplicate key is ignored): one projector runs a projection.
 *
 * The factory is synchronous, like the SQLite one; the driver connects on first use.
 */
export function createMongoReadStore(options: MongoReadStoreOptions): MongoReadStore {
  // ignoreUndefined: a doc round-trips like JSON (an undefined field is dropped, not stored as null).
  const client = new MongoClient(options.url, { ignoreUndefined: true });
  const db = client.db(options.dbName);
  const checkpoints = createMongoCheckpoints(db);
  const docs = (spec: CollectionSpec): Collection<StoredDoc> => db.collection<StoredDoc>(collectionName(spec));

  return {
    async connect() {
      await client.connect();
    },
    async prepare(collections) {
      for (const spec of collections) {
        // Creating an index that already exists with the same keys and options is a no-op.
        await docs(spec).createIndexes(indexKeys(spec));
      }
    },
    async load(keys: readonly DocKey[]) {
      const found = new Map<string, Doc>();
      for (const group of groupBy(keys, (key) => key.collection.name).values()) {
        const spec = group[0]!.collection;
        const ids = [...new Set(group.map((key) => storedId(key.tenantId, key.id)))];
        const cursor = docs(spec).find({ _id: { $in: ids } }, { projection: { tenantId: 1, id: 1, doc: 1 } });
        for await (const stored of cursor) found.set(docKey({ collection: spec, tenantId: stored.tenantId, id: stored.id }), stored.doc);
      }
      return found;
    },
    async commit(projection, at, writes: readonly DocWrite[], commitOptions = {}) {
      const expected = commitOptions.expectedCheckpoint;
      const current = await checkpoints.read(projection);
      if (current !== undefined && current >= at) return false; // a replayed batch: already applied
      if (expected !== undefined && !checkpointIs(current, expected)) return false; // moved: a rebuild was swapped in
      const groups = groupBy(writes, (write) => write.key.collection.name);
      await Promise.all([...groups.values()].map((group) => bulkWriteGuarded(docs(group[0]!.key.collection), guardedOperations(group, at))));
      // Only after every write succeeded: a crash before this line replays the batch, harmlessly.
      return checkpoints.advance(projection, at, expected);
    },
    async checkpoint(projection) {
      return checkpoints.read(projection);
    },
    async get(spec, tenantId, id) {
      const found = await docs(spec).findOne({ _id: storedId(tenantId, id) }, DOC_ONLY);
      return found?.doc;
    },
    async find(spec, tenantId, findOptions = {}) {
      const limit = findOptions.limit ?? 100;
      if (!Number.isInteger(limit) || limit < 0) throw new Error(`Invalid limit: ${limit}`);
      if (limit === 0) return []; // MongoDB reads limit(0) as "no limit"; SQLite's LIMIT 0 returns nothing
      const filter = findFilter(spec, tenantId, findOptions) as Filter<StoredDoc>;
      const found = await docs(spec).find(filter, DOC_ONLY).sort(findSort(findOptions)).limit(limit).toArray();
      return found.map((stored) => stored.doc);
    },
    async ping() {
      await db.command({ ping: 1 });
    },
    async close() {
      await client.close();
    },
  };
}
