import { MongoServerError, type ClientSession, type Db } from 'mongodb';
import { CHECKPOINTS, createMongoCheckpoints } from './mongo-checkpoints';
import { collectionName, escapeRegExp, positionFromStored, toLong, type CheckpointDoc } from './mongo-filters';
import { createMongoClient, mongoReadStoreOver, type MongoReadStore } from './mongo-read-store';
import {
  abandonedCollections,
  loadMapping,
  MAPPING_CACHE_MS,
  newGeneration,
  physicalName,
  rebuildCheckpointKey,
  rebuildCollectionName,
  rollMappingForward,
  TABLES,
  type TableDoc,
} from './mongo-tables';
import type { Projection } from './projection';
import type { RebuildTarget } from './rebuild';

export interface MongoRebuildOptions {
  url: string;
  /** Defaults to the database named in the URL, as createMongoReadStore. */
  dbName?: string;
  /**
   * How long the swap waits before dropping the old collections: longer than the live stores'
   * mapping cache (MAPPING_CACHE_MS), so none of them still queries a dropped collection.
   */
  dropDelayMs?: number;
  /** false: swap with ordered steps even where transactions are supported (tests). */
  transactions?: boolean;
}

const ILLEGAL_OPERATION = 20;
const NAMESPACE_EXISTS = 48;
const DUPLICATE_KEY = 11000;

/**
 * Whether the server refused a transaction because it is a standalone server ("Transaction
 * numbers are only allowed on a replica set member or mongos", IllegalOperation). The driver
 * rewrites that error for a write into one about retryable writes, keeping it as `originalError`.
 */
export function isTransactionsUnsupported(error: unknown): boolean {
  const original = (error as { originalError?: unknown } | undefined)?.originalError;
  return [error, original].some(
    (e) => e instanceof MongoServerError && Number(e.code) === ILLEGAL_OPERATION && /transaction numbers/i.test(e.message),
  );
}

/**
 * A rebuild into MongoDB, with the SQLite rebuild's semantics: fresh collections of a new
 * generation beside the live ones (`rm_<name>__<generation>`, checkpoint `<projection>#<generation>`),
 * then a swap that points the collections at them, hands their checkpoint to the projection and
 * drops the old collections. One rebuild of a projection at a time: a new one drops the
 * collections of any other that has not been swapped in.
 *
 * The target owns its client: close it with `readStore.close()` once the rebuild is over
 * (swapped in or failed). Before the first write (its `prepare`) it drops what abandoned
 * rebuilds of this projection left behind, after finishing a swap that died midway.
 */
export function createMongoRebuildTarget(options: MongoRebuildOptions, projection: Projection): RebuildTarget & { readStore: MongoReadStore } {
  const client = createMongoClient(options.url);
  const db = client.db(options.dbName);
  const generation = newGeneration();
  const store = mongoReadStoreOver(client, db, { rebuildGeneration: generation });
  const checkpoints = db.collection<CheckpointDoc>(CHECKPOINTS);
  const mapping = db.collection<TableDoc>(TABLES);
  const rebuildKey = rebuildCheckpointKey(projection.name, generation);
  const tables = Object.fromEntries(projection.collections.map((spec) => [spec.name, rebuildCollectionName(spec, generation)]));
  const names = projection.collections.map((spec) => spec.name);

  let cleaned: Promise<void> | undefined;
  const ready = () => (cleaned ??= cleanUp(db, projection));

  /** The projection's checkpoint as the swap leaves it: the rebuild's position (if any), and where it now writes. */
  const handedOver = (rebuilt: CheckpointDoc | null): Omit<CheckpointDoc, '_id'> => ({
    ...(rebuilt?.position == null ? {} : { position: toLong(positionFromStored(rebuilt.position)) }),
    generation,
    tables,
    updated: new Date(),
  });

  /**
   * Hands the rebuild's checkpoint and collections to the projection: a plain overwrite, the
   * rebuild owns this moment, unless a newer generation was swapped in meanwhile (generations
   * never go back, which rolling a mapping forward relies on).
   */
  async function handOver(rebuilt: CheckpointDoc | null, session?: ClientSession): Promise<void> {
    try {
      await checkpoints.replaceOne(
        { _id: projection.name, $or: [{ generation: { $exists: false } }, { generation: { $lt: generation } }] },
        handedOver(rebuilt),
        { upsert: true, session },
      );
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
      throw new Error(`A newer rebuild of ${projection.name} was swapped in meanwhile; this one (${generation}) is left unswapped`);
    }
  }

  /** Mapping, checkpoint and rebuild checkpoint in one transaction; answers the collections it replaced. */
  async function swapInTransaction(session: ClientSession): Promise<Map<string, string>> {
    const rebuilt = await checkpoints.findOne({ _id: rebuildKey }, { session });
    const previous = new Map((await mapping.find({ _id: { $in: names } }, { session }).toArray()).map((doc) => [doc._id, doc.physical]));
    for (const [name, physical] of Object.entries(tables)) {
      await mapping.updateOne({ _id: name }, { $set: { physical, generation } }, { upsert: true, session });
    }
    await handOver(rebuilt, session);
    await checkpoints.deleteOne({ _id: rebuildKey }, { session });
    return previous;
  }

  /** The same as ordered steps, the checkpoint first (see swapIn). */
  async function swapInSteps(): Promise<Map<string, string>> {
    const rebuilt = await checkpoints.findOne({ _id: rebuildKey });
    const previous = await loadMapping(db);
    await handOver(rebuilt);
    await rollMappingForward(db, tables, generation);
    await checkpoints.deleteOne({ _id: rebuildKey });
    return previous;
  }

  return {
    readStore: {
      ...store,
      async prepare(collections) {
        await ready();
        await store.prepare(collections);
      },
    },
    /**
     * The order, and why. Live runners write where the projection's checkpoint document says
     * (its `tables`) and advance it only if its `generation` is unchanged; queries follow
     * `read_model_tables`. So the checkpoint document is what switches the writers, in one
     * single-document write that moves position and collections together: no runner can apply
     * an event after the handed-over position to the old collections and still advance, nor
     * an event up to it to the new ones (a commit in flight across the swap fails its
     * compare-and-set and the runner follows on from the new checkpoint).
     *
     * With a transaction (replica set, mongos) the mapping, the checkpoint and the rebuild's
     * checkpoint change at once. Without (a standalone server), the checkpoint goes first, then
     * the mapping: a crash between them leaves writers on the new collections and queries on the
     * old ones, still there and consistent, only stale; a live commit or the next rebuild rolls
     * the mapping forward. The mapping first would be worse: runners following it would write
     * events up to the handed-over position onto the new collections, then the checkpoint would
     * move back under them. A crash before the checkpoint changes nothing live; a leftover rebuild
     * checkpoint or old collection is cleaned up by the next rebuild.
     *
     * The old collections are dropped last, after the live stores' mapping cache has expired.
     */
    async swapIn() {
      await ready();
      let previous: Map<string, string>;
      if (options.transactions === false) {
        previous = await swapInSteps();
      } else {
        const session = client.startSession();
        try {
          previous = await session.withTransaction((s) => swapInTransaction(s));
        } catch (error) {
          if (!isTransactionsUnsupported(error)) throw error;
          previous = await swapInSteps();
        } finally {
          await session.endSession();
        }
      }
      await new Promise((resolve) => setTimeout(resolve, options.dropDelayMs ?? MAPPING_CACHE_MS + 250));
      for (const spec of projection.collections) {
        const old = physicalName(previous, spec);
        if (old !== tables[spec.name]) await db.dropCollection(old);
      }
    },
  };
}

/**
 * Before a rebuild: finishes a swap of this projection that died between its checkpoint and its
 * mapping, then drops the collections of its specs that are not live (rebuilds that never
 * finished, old collections re-created by a late write) and its stale `<projection>#*` checkpoints.
 * Creates the two bookkeeping collections, so the swap's transaction need not.
 */
async function cleanUp(db: Db, projection: Projection): Promise<void> {
  for (const name of [TABLES, CHECKPOINTS]) {
    try {
      await db.createCollection(name);
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === NAMESPACE_EXISTS)) throw error;
    }
  }
  const live = await createMongoCheckpoints(db).state(projection.name);
  if (live?.generation !== undefined) await rollMappingForward(db, live.tables, live.generation);
  const mapping = await loadMapping(db);
  const inUse = new Set([...mapping.values(), ...projection.collections.map((spec) => physicalName(mapping, spec)), ...Object.values(live?.tables ?? {})]);
  const prefixes = projection.collections.map((spec) => collectionName(spec));
  const existing = (await db.listCollections({}, { nameOnly: true }).toArray()).map((info) => info.name).filter((name) => prefixes.some((p) => name.startsWith(p)));
  for (const name of abandonedCollections(existing, projection.collections, inUse)) await db.dropCollection(name);
  await db.collection<CheckpointDoc>(CHECKPOINTS).deleteMany({ _id: { $regex: `^${escapeRegExp(projection.name)}#` } });
}
