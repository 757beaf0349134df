import { MongoServerError, type Db } from 'mongodb';
import type { Position } from '../eventstore/types';
import { positionFromStored, toLong, type CheckpointDoc } from './mongo-filters';

/** Whether the checkpoint read is the one a commit expects (null: none yet). */
export function checkpointIs(current: Position | undefined, expected: Position | null): boolean {
  return current === undefined ? expected === null : expected !== null && current === expected;
}

/** Projection checkpoints, one document `{ _id: projection, position: int64, updated }` each. */
export function createMongoCheckpoints(db: Db) {
  const checkpoints = db.collection<CheckpointDoc>('projection_checkpoints');
  return {
    async read(projection: string): Promise<Position | undefined> {
      const found = await checkpoints.findOne({ _id: projection }, { projection: { position: 1 } });
      return found ? positionFromStored(found.position) : undefined;
    },
    /**
     * Moves the checkpoint to `at`. Without `expected`, `$max`: a late or concurrent commit never
     * moves it back. With `expected`, only if it is still there (compare-and-set), so a commit
     * racing a rebuild's swap cannot jump over the swapped-in checkpoint; false when it had moved.
     */
    async advance(projection: string, at: Position, expected: Position | null | undefined): Promise<boolean> {
      const updated = new Date();
      if (expected === undefined) {
        await checkpoints.updateOne({ _id: projection }, { $max: { position: toLong(at) }, $set: { updated } }, { upsert: true });
        return true;
      }
      if (expected !== null) {
        const result = await checkpoints.updateOne({ _id: projection, position: toLong(expected) }, { $set: { position: toLong(at), updated } });
        return result.matchedCount === 1;
      }
      try {
        const result = await checkpoints.updateOne({ _id: projection }, { $setOnInsert: { position: toLong(at), updated } }, { upsert: true });
        return result.upsertedCount === 1;
      } catch (error) {
        if (error instanceof MongoServerError && error.code === 11000) return false; // created meanwhile
        throw error;
      }
    },
  };
}
