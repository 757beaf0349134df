import type { Position } from '../eventstore/types';
import { docKey, type Doc, type DocKey, type DocWrite, type ReadStore } from './read-store';

export interface RebuildCacheOptions {
  /** Changed documents held before they are written out together. */
  maxDirty: number;
  /** Documents kept in memory; past it, after writing out, the memory is cleared and refilled from the store. */
  maxDocs: number;
}

/**
 * A rebuild's read store: the documents it builds stay in memory, so a batch loads nothing it
 * touched before and a document touched by a thousand batches is written once or a few times,
 * not a thousand. Writes and the checkpoint go out together (one commit on the fresh tables)
 * whenever many documents have changed, and at the end (`flush`). Nothing reads the fresh tables
 * before the swap, and a rebuild that dies is started over, so holding writes back is safe.
 */
export function cachedForRebuild(inner: ReadStore, options: RebuildCacheOptions): ReadStore & { flush(): Promise<void> } {
  const docs = new Map<string, Doc | undefined>();
  const dirty = new Map<string, DocWrite>();
  const checkpoints = new Map<string, { at: Position | null; written: Position | null }>();

  async function known(projection: string) {
    let entry = checkpoints.get(projection);
    if (!entry) {
      const at = (await inner.checkpoint(projection)) ?? null;
      checkpoints.set(projection, (entry = { at, written: at }));
    }
    return entry;
  }

  async function flush(): Promise<void> {
    for (const [projection, entry] of checkpoints) {
      if (entry.at === null || entry.at === entry.written) continue;
      if (!(await inner.commit(projection, entry.at, [...dirty.values()], { expectedCheckpoint: entry.written }))) {
        throw new Error(`the checkpoint of ${projection} moved during its rebuild`);
      }
      entry.written = entry.at;
      dirty.clear();
    }
    if (docs.size > options.maxDocs) docs.clear();
  }

  return {
    prepare: (collections) => inner.prepare(collections),
    async load(keys: readonly DocKey[]) {
      const found = new Map<string, Doc>();
      const missing: DocKey[] = [];
      for (const key of keys) {
        const k = docKey(key);
        if (!docs.has(k)) missing.push(key);
        else if (docs.get(k) !== undefined) found.set(k, docs.get(k)!);
      }
      if (missing.length > 0) {
        const loaded = await inner.load(missing);
        for (const key of missing) {
          const k = docKey(key);
          docs.set(k, loaded.get(k));
          if (loaded.has(k)) found.set(k, loaded.get(k)!);
        }
      }
      return found;
    },
    async commit(projection, position, writes, commitOptions = {}) {
      const entry = await known(projection);
      if (commitOptions.expectedCheckpoint !== undefined && commitOptions.expectedCheckpoint !== entry.at) return false;
      for (const write of writes) {
        const k = docKey(write.key);
        docs.set(k, write.doc);
        dirty.set(k, write);
      }
      entry.at = position;
      if (dirty.size >= options.maxDirty) await flush();
      return true;
    },
    async checkpoint(projection) {
      return (await known(projection)).at ?? undefined;
    },
    async get(collection, tenantId, id) {
      await flush();
      return inner.get(collection, tenantId, id);
    },
    async find(collection, tenantId, findOptions) {
      await flush();
      return inner.find(collection, tenantId, findOptions);
    },
    async *scan(collection, tenantId, scanOptions) {
      await flush();
      yield* inner.scan(collection, tenantId, scanOptions);
    },
    ping: () => inner.ping(),
    close: () => inner.close(),
    flush,
  };
}
