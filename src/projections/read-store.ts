import type { Position } from '../eventstore/types';

/** A read-model document: plain JSON. */
export type Doc = { [key: string]: unknown };

/**
 * A collection of documents, one per (tenant, id). `indexes` lists the field combinations the API
 * filters or sorts on (each used after the tenant); `searchField` names a string[] field of
 * normalised tokens that `find({ search })` matches by prefix. Every query is by tenant first.
 */
export interface CollectionSpec {
  name: string;
  indexes?: readonly (readonly string[])[];
  searchField?: string;
}

export interface DocKey {
  collection: CollectionSpec;
  tenantId: string;
  id: string;
}

export interface FindOptions {
  /** Equality on fields (one of the collection's indexes should cover them). */
  where?: Record<string, string | number | boolean | null>;
  /** Every token must prefix-match one of the document's search tokens. */
  search?: readonly string[];
  orderBy?: { field: string; direction?: 'asc' | 'desc' };
  limit?: number;
}

/** The writes of one projection batch, computed in memory, applied together with the checkpoint. */
export interface DocWrite {
  key: DocKey;
  /** undefined deletes the document. */
  doc: Doc | undefined;
}

export interface ReadStore {
  /** Makes sure the collections (and their indexes) exist. */
  prepare(collections: readonly CollectionSpec[]): Promise<void>;
  /** The documents a batch needs, read before it is applied (missing ones are absent from the map). */
  load(keys: readonly DocKey[]): Promise<Map<string, Doc>>;
  /**
   * Applies a batch's writes and advances the projection's checkpoint to `position`.
   * SQLite: one transaction. MongoDB: writes guarded by position (a replay changes nothing), then
   * the checkpoint. Either way applying the same batch twice changes nothing. With
   * `expectedCheckpoint` (null: none yet) nothing is written unless the checkpoint is still
   * there — it moves under a runner when a rebuild is swapped in. Answers whether it wrote.
   */
  commit(projection: string, position: Position, writes: readonly DocWrite[], options?: { expectedCheckpoint?: Position | null }): Promise<boolean>;
  checkpoint(projection: string): Promise<Position | undefined>;
  get(collection: CollectionSpec, tenantId: string, id: string): Promise<Doc | undefined>;
  find(collection: CollectionSpec, tenantId: string, options?: FindOptions): Promise<Doc[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Map key of a document within a batch. */
export const docKey = (key: DocKey): string => `${key.collection.name}\u0000${key.tenantId}\u0000${key.id}`;
