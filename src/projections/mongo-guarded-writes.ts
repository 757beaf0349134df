import { MongoBulkWriteError, type AnyBulkWriteOperation, type Collection, type Filter } from 'mongodb';
import type { Position } from '../eventstore/types';
import { olderThan, storedDoc, type StoredDoc } from './mongo-filters';
import type { DocWrite } from './read-store';

const DUPLICATE_KEY = 11000;

/**
 * The writes of one batch to one collection, each guarded by position: a put replaces (or
 * inserts) the document only if it was last written by an older batch; a delete removes it only
 * then. A deleted document leaves no position behind, so an older batch replayed after it would
 * put it back: acceptable, since `commit` stops any batch at or below the checkpoint before
 * writing (and the checkpoint is only advanced after these writes).
 */
export function guardedOperations(writes: readonly DocWrite[], at: Position): AnyBulkWriteOperation<StoredDoc>[] {
  return writes.map(({ key: { collection, tenantId, id }, doc }) => {
    const filter = olderThan(tenantId, id, at) as Filter<StoredDoc>;
    if (doc === undefined) return { deleteOne: { filter } };
    return { replaceOne: { filter, replacement: storedDoc(collection, tenantId, id, doc, at), upsert: true } };
  });
}

/**
 * The operation indexes whose only failure is a duplicate key, i.e. whose document already holds
 * this batch or a newer one; undefined when the error is anything else (including a write
 * concern error: then the writes may not be durable, and the batch must be retried).
 */
export function duplicateKeyIndexes(error: unknown): Set<number> | undefined {
  if (!(error instanceof MongoBulkWriteError)) return undefined;
  if (error.err !== undefined || error.result?.getWriteConcernError?.() !== undefined) return undefined;
  const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
  if (writeErrors.length === 0 || writeErrors.some((e) => e?.code !== DUPLICATE_KEY)) return undefined;
  return new Set(writeErrors.map((e) => e.index));
}

/**
 * Runs the operations unordered, ignoring duplicate keys. The driver splits a bulk write into
 * batches (updates and deletes apart, and by size) and stops at the first batch with a write
 * error even when unordered, so later batches may not have run: run again what did not fail.
 * Every operation is idempotent, and each round drops at least one, so this ends.
 */
export async function bulkWriteGuarded(collection: Collection<StoredDoc>, operations: AnyBulkWriteOperation<StoredDoc>[]): Promise<void> {
  let pending = operations;
  while (pending.length > 0) {
    try {
      await collection.bulkWrite(pending, { ordered: false });
      return;
    } catch (error) {
      const duplicates = duplicateKeyIndexes(error);
      if (!duplicates) throw error;
      pending = pending.filter((_, index) => !duplicates.has(index));
    }
  }
}
