import { MongoServerError, type Db, type Filter } from 'mongodb';
import type { Position } from '../eventstore/types';
import { positionFromStored, toLong, type CheckpointDoc } from './mongo-filters';

const DUPLICATE_KEY = 11000;

export const CHECKPOINTS = 'projection_checkpoints';

/** Whether the checkpoint read is the one a commit expects (null: none yet). */
export function checkpointIs(current: Position | undefined, expected: Position | null): boolean {
  return current === undefined ? expected === null : expected !== null && current === expected;
}

/** A projection's checkpoint as stored: its position and, once a rebuild was swapped in, the collections it writes to. */
export interface CheckpointState {
  position: Position | undefined;
  /** The swap's token (undefined until a rebuild is swapped in). */
  generation: string | undefined;
  /** Spec name → physical collection, as the last swap set them. */
  tables: Readonly<Record<string, string>>;
}

export function checkpointState(doc: Omit<CheckpointDoc, '_id'>): CheckpointState {
  return {
    position: doc.position === undefined || doc.position === null ? undefined : positionFromStored(doc.position),
    generation: doc.generation ?? undefined,
    tables: doc.tables ?? {},
  };
}

/** Matches the generation a commit read: the same string, or none when it read none. */
export const generationIs = (generation: string | undefined) => (generation === undefined ? { $exists: false } : generation);

/**
 * Projection checkpoints, one document `{ _id: projection, position: int64, updated }` each, plus
 * `generation` and `tables` once a rebuild was swapped in (see CheckpointDoc).
 */
export function createMongoCheckpoints(db: Db) {
  const checkpoints = db.collection<CheckpointDoc>(CHECKPOINTS);
  async function state(projection: string): Promise<CheckpointState | undefined> {
    const found = await checkpoints.findOne({ _id: projection });
    return found ? checkpointState(found) : undefined;
  }
  /** Runs an upsert whose filter may miss an existing document: its insert then collides on _id. */
  async function upserted(run: () => Promise<{ matchedCount: number; upsertedCount: number }>): Promise<boolean> {
    try {
      const result = await run();
      return result.matchedCount + result.upsertedCount === 1;
    } catch (error) {
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return false; // there, but not as read
      throw error;
    }
  }
  return {
    state,
    async read(projection: string): Promise<Position | undefined> {
      return (await state(projection))?.position;
    },
    /**
     * Moves the checkpoint to `at`, only while its generation is still `generation` (the one the
     * commit read: a swap in between changes it, even when it hands over the same position).
     * Without `expected`, `$max`: a late or concurrent commit never moves it back. With
     * `expected`, only if it is still there (compare-and-set), so a commit racing a rebuild's
     * swap cannot jump over the swapped-in checkpoint. False when it had moved.
     */
    async advance(projection: string, at: Position, expected: Position | null | undefined, generation: string | undefined): Promise<boolean> {
      const updated = new Date();
      const same: Filter<CheckpointDoc> = { _id: projection, generation: generationIs(generation) };
      if (expected === undefined) {
        return upserted(() => checkpoints.updateOne(same, { $max: { position: toLong(at) }, $set: { updated } }, { upsert: true }));
      }
      if (expected !== null) {
        const result = await checkpoints.updateOne({ ...same, position: toLong(expected) }, { $set: { position: toLong(at), updated } });
        return result.matchedCount === 1;
      }
      // None yet: no document, or one a swap left without a position.
      return upserted(() => checkpoints.updateOne({ ...same, position: { $exists: false } }, { $set: { position: toLong(at), updated } }, { upsert: true }));
    },
  };
}
