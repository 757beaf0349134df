import { MongoClient, type Collection, type Db, type Filter } from 'mongodb';
import { checkpointIs, createMongoCheckpoints, type CheckpointState } from './mongo-checkpoints';
import { bulkWriteGuarded, guardedOperations } from './mongo-guarded-writes';
import { findFilter, findSort, indexKeys, scanCursor, scanPage, storedId, type ScanCursor, type StoredDoc } from './mongo-filters';
import {
  assertGeneration,
  createMappingCache,
  loadMapping,
  MAPPING_CACHE_MS,
  physicalName,
  rebuildCheckpointKey,
  rebuildCollectionName,
  rollMappingForward,
} from './mongo-tables';
import { assertScannable, docKey, type CollectionSpec, type Doc, type DocKey, type DocWrite, type ReadStore, type ScanOptions } from './read-store';

export interface MongoReadStoreOptions {
  url: string;
  /** Defaults to the database named in the URL (the driver's `test` when it names none). */
  dbName?: string;
  /**
   * A rebuild writes into a generation of fresh collections (`rm_<name>__<generation>`), with a
   * checkpoint of its own (`<projection>#<generation>`), beside the live ones; its target
   * (mongo-rebuild) then swaps it in.
   */
  rebuildGeneration?: string;
  /** How long the live collection names are reused before being read again (MAPPING_CACHE_MS). */
  mappingCacheMs?: number;
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
 * Rebuilds (mongo-rebuild) write a new generation of collections and swap it in: the live
 * collection of a spec is then the one `read_model_tables` maps it to. Queries (`get`, `find`,
 * `prepare`, a batch's `load`) read that mapping through a per-store cache of MAPPING_CACHE_MS
 * (1 s), so a swap made by another process reaches them within that time; the swap waits longer
 * than that before dropping the old collections. Writes cannot follow a cache: a runner writing
 * into the old collections after the swap would skip those events in the new ones. So a commit
 * writes where the projection's checkpoint document says (its `tables`, set by the swap with
 * the checkpoint it hands over, and falls back to the mapping only for specs no swap set), and
 * advances the checkpoint only if its generation is still the one it read: a swap landing during
 * the commit fails it (false), and its writes, left in the old collections, are never read. A
 * batch loaded from other collections than the commit would write to (a stale cache, just after
 * a swap) is refused the same way, after the cache is dropped, so the runner loads it again.
 *
 * The factory is synchronous, like the SQLite one; the driver connects on first use.
 */
export function createMongoReadStore(options: MongoReadStoreOptions): MongoReadStore {
  const client = createMongoClient(options.url);
  return mongoReadStoreOver(client, client.db(options.dbName), options);
}

/** ignoreUndefined: a doc round-trips like JSON (an undefined field is dropped, not stored as null). */
export const createMongoClient = (url: string): MongoClient => new MongoClient(url, { ignoreUndefined: true });

/** The store over a client made by createMongoClient; `close()` closes that client. */
export function mongoReadStoreOver(client: MongoClient, db: Db, options: Pick<MongoReadStoreOptions, 'rebuildGeneration' | 'mappingCacheMs'> = {}): MongoReadStore {
  const generation = options.rebuildGeneration === undefined ? undefined : assertGeneration(options.rebuildGeneration);
  const checkpoints = createMongoCheckpoints(db);
  const mapping = createMappingCache(() => loadMapping(db), options.mappingCacheMs ?? MAPPING_CACHE_MS);
  const checkpointKey = (projection: string) => (generation ? rebuildCheckpointKey(projection, generation) : projection);
  const docs = (physical: string): Collection<StoredDoc> => db.collection<StoredDoc>(physical);
  /** The collection queries read: the rebuild's own, else the live one as (recently) mapped. */
  const queried = async (spec: CollectionSpec): Promise<string> =>
    generation ? rebuildCollectionName(spec, generation) : physicalName(await mapping.get(), spec);
  /**
   * The collection a commit writes: the rebuild's own, else the one the checkpoint read names,
   * else the mapping as read before that checkpoint (a swap after it fails the commit).
   */
  const written = (spec: CollectionSpec, state: CheckpointState | undefined, mapped: ReadonlyMap<string, string>): string =>
    generation
      ? rebuildCollectionName(spec, generation)
      : state && Object.hasOwn(state.tables, spec.name)
        ? state.tables[spec.name]!
        : physicalName(mapped, spec);
  /** Live store: where the last `load` read each spec from, checked (and forgotten) by the next commit. */
  const loadedFrom = new Map<string, string>();

  /**
   * False when a batch was loaded from other collections than it would be written to: a swap came
   * between (seen late through the cache). The cache is dropped, so the runner's retry loads anew.
   */
  async function loadedWhereWritten(loaded: ReadonlyMap<string, string | undefined>, targets: ReadonlyMap<string, string>, state: CheckpointState | undefined): Promise<boolean> {
    if ([...targets].every(([name, physical]) => (loaded.get(name) ?? physical) === physical)) return true;
    mapping.invalidate();
    // The checkpoint may be ahead of the mapping: a swap without a transaction is midway (or died there). Finish it.
    if (state?.generation !== undefined) await rollMappingForward(db, state.tables, state.generation);
    return false;
  }

  return {
    async connect() {
      await client.connect();
    },
    async prepare(collections) {
      for (const spec of collections) {
        // Creating an index that already exists with the same keys and options is a no-op.
        await docs(await queried(spec)).createIndexes(indexKeys(spec));
      }
    },
    async load(keys: readonly DocKey[]) {
      const found = new Map<string, Doc>();
      for (const group of groupBy(keys, (key) => key.collection.name).values()) {
        const spec = group[0]!.collection;
        const physical = await queried(spec);
        if (!generation) loadedFrom.set(spec.name, physical);
        const ids = [...new Set(group.map((key) => storedId(key.tenantId, key.id)))];
        const cursor = docs(physical).find({ _id: { $in: ids } }, { projection: { tenantId: 1, id: 1, doc: 1 } });
        for await (const stored of cursor) found.set(docKey({ collection: spec, tenantId: stored.tenantId, id: stored.id }), stored.doc);
      }
      return found;
    },
    async commit(projection, at, writes: readonly DocWrite[], commitOptions = {}) {
      const expected = commitOptions.expectedCheckpoint;
      const groups = [...groupBy(writes, (write) => write.key.collection.name).values()];
      // Where this batch was loaded from, forgotten now whatever happens to it.
      const loaded = new Map(groups.map(([first]) => [first!.key.collection.name, loadedFrom.get(first!.key.collection.name)]));
      for (const name of loaded.keys()) loadedFrom.delete(name);
      const key = checkpointKey(projection);
      // Before the checkpoint, so it is never newer than it: a swap in between is caught below.
      const mapped = generation ? new Map<string, string>() : await mapping.get();
      const state = await checkpoints.state(key);
      const current = state?.position;
      if (current !== undefined && current >= at) return false; // a replayed batch: already applied
      if (expected !== undefined && !checkpointIs(current, expected)) return false; // moved: a rebuild was swapped in
      const targets = new Map<string, string>();
      for (const [first] of groups) targets.set(first!.key.collection.name, written(first!.key.collection, state, mapped));
      if (!generation && !(await loadedWhereWritten(loaded, targets, state))) return false;
      await Promise.all(groups.map((group) => bulkWriteGuarded(docs(targets.get(group[0]!.key.collection.name)!), guardedOperations(group, at))));
      // Only after every write succeeded: a crash before this line replays the batch, harmlessly.
      return checkpoints.advance(key, at, expected, state?.generation);
    },
    async checkpoint(projection) {
      return checkpoints.read(checkpointKey(projection));
    },
    async get(spec, tenantId, id) {
      const found = await docs(await queried(spec)).findOne({ _id: storedId(tenantId, id) }, DOC_ONLY);
      return found?.doc;
    },
    async find(spec, tenantId, findOptions = {}) {
      const limit = findOptions.limit ?? 100;
      if (!Number.isInteger(limit) || limit < 0) throw new Error(`Invalid limit: ${limit}`);
      if (limit === 0) return []; // MongoDB reads limit(0) as "no limit"; SQLite's LIMIT 0 returns nothing
      const filter = findFilter(spec, tenantId, findOptions) as Filter<StoredDoc>;
      const found = await docs(await queried(spec)).find(filter, DOC_ONLY).sort(findSort(findOptions)).limit(limit).toArray();
      return found.map((stored) => stored.doc);
    },
    async *scan(spec, tenantId, scanOptions: ScanOptions = {}) {
      const batchSize = assertScannable(spec, scanOptions);
      let after: ScanCursor | undefined;
      for (;;) {
        // Each page is a query of its own (no cursor held open between pages), started after the last document.
        const { filter, sort } = scanPage(tenantId, scanOptions, after);
        const page = await docs(await queried(spec)).find(filter as Filter<StoredDoc>, { projection: { _id: 0, id: 1, doc: 1 } }).sort(sort).limit(batchSize).toArray();
        if (page.length === 0) return;
        after = scanCursor(page[page.length - 1]!, scanOptions);
        yield page.map((stored) => stored.doc);
        if (page.length < batchSize) return;
      }
    },
    async ping() {
      await db.command({ ping: 1 });
    },
    async close() {
      await client.close();
    },
  };
}
