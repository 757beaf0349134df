import { MongoServerError, type Db } from 'mongodb';
import { collectionName } from './mongo-filters';
import type { CollectionSpec } from './read-store';

/**
 * Which physical collection holds each read-model collection. Live collections start as
 * `rm_<name>`; a rebuild writes a generation `rm_<name>__<generation>` beside them and its swap
 * records it in `read_model_tables` (`{ _id: specName, physical, generation }`). The pure helpers
 * (names, the cache, what a rebuild may drop) are tested without a server.
 */

export const TABLES = 'read_model_tables';

export interface TableDoc {
  _id: string;
  physical: string;
  /** The generation of the swap that set it, to never roll a mapping back to an older one. */
  generation?: string;
}

/**
 * How long a process reuses the mapping it read: queries look it up once per this time instead of
 * once each, so a swap made by another process is seen by queries within it. Writes do not rely
 * on it (they follow the checkpoint, see mongo-read-store), and a swap waits longer than this
 * before dropping the old collections, so no query reads a dropped one.
 */
export const MAPPING_CACHE_MS = 1000;

const GENERATION = /^r[0-9a-z]+$/;

/** A new rebuild generation; fixed width, so later generations also sort later as strings (until year 5188). */
export const newGeneration = (now: number = Date.now()): string => `r${now.toString(36).padStart(9, '0')}`;

export function assertGeneration(generation: string): string {
  if (!GENERATION.test(generation)) throw new Error(`Invalid rebuild generation: ${generation}`);
  return generation;
}

export const rebuildCollectionName = (spec: CollectionSpec, generation: string): string => `${collectionName(spec)}__${assertGeneration(generation)}`;

export const rebuildCheckpointKey = (projection: string, generation: string): string => `${projection}#${assertGeneration(generation)}`;

/** The live collection of a spec: as mapped, else the original `rm_<name>`. */
export const physicalName = (mapping: ReadonlyMap<string, string>, spec: CollectionSpec): string => mapping.get(spec.name) ?? collectionName(spec);

/**
 * Collections of these specs a new rebuild may drop: any `rm_<name>` or `rm_<name>__r…` that is
 * not live, i.e. a rebuild that never finished, or an old collection a late write re-created
 * after its swap dropped it.
 */
export function abandonedCollections(existing: readonly string[], specs: readonly CollectionSpec[], live: ReadonlySet<string>): string[] {
  return existing.filter((name) => {
    if (live.has(name)) return false;
    return specs.some((spec) => {
      const base = collectionName(spec);
      return name === base || (name.startsWith(`${base}__`) && GENERATION.test(name.slice(base.length + 2)));
    });
  });
}

export interface MappingCache {
  /** The mapping, read at most `ttlMs` ago. */
  get(): Promise<ReadonlyMap<string, string>>;
  /** Forgets it: the next get reads it again (a read in flight is not reused). */
  invalidate(): void;
}

/**
 * Caches the mapping for `ttlMs`, counted from when the read started (so it is never older than
 * that), sharing one read among concurrent callers. A failed read is not cached.
 */
export function createMappingCache(load: () => Promise<ReadonlyMap<string, string>>, ttlMs: number = MAPPING_CACHE_MS, now: () => number = Date.now): MappingCache {
  let cached: { mapping: ReadonlyMap<string, string>; readAt: number } | undefined;
  let inFlight: Promise<ReadonlyMap<string, string>> | undefined;
  let epoch = 0;
  return {
    get() {
      if (cached && now() - cached.readAt < ttlMs) return Promise.resolve(cached.mapping);
      if (!inFlight) {
        const readAt = now();
        const readEpoch = epoch;
        const reading: Promise<ReadonlyMap<string, string>> = load().then(
          (mapping) => {
            if (epoch === readEpoch) cached = { mapping, readAt };
            if (inFlight === reading) inFlight = undefined;
            return mapping;
          },
          (error: unknown) => {
            if (inFlight === reading) inFlight = undefined;
            throw error;
          },
        );
        inFlight = reading;
      }
      return inFlight;
    },
    invalidate() {
      cached = undefined;
      inFlight = undefined;
      epoch += 1;
    },
  };
}

/** The whole mapping (one small document per swapped collection). */
export async function loadMapping(db: Db): Promise<Map<string, string>> {
  const found = await db.collection<TableDoc>(TABLES).find({}, { projection: { physical: 1 } }).toArray();
  return new Map(found.map((doc) => [doc._id, doc.physical]));
}

/**
 * Points each spec at its collection of `generation`, unless a newer generation already holds it
 * (a later swap): finishes a swap whose checkpoint was written but whose mapping was not.
 */
export async function rollMappingForward(db: Db, tables: Readonly<Record<string, string>>, generation: string): Promise<void> {
  const mapping = db.collection<TableDoc>(TABLES);
  for (const [name, physical] of Object.entries(tables)) {
    try {
      await mapping.updateOne(
        { _id: name, $or: [{ generation: { $exists: false } }, { generation: { $lt: generation } }] },
        { $set: { physical, generation } },
        { upsert: true },
      );
    } catch (error) {
      // Not older: the upsert's insert collided with the newer mapping, which stays.
      if (!(error instanceof MongoServerError && error.code === 11000)) throw error;
    }
  }
}
