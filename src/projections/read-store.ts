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
  /**
   * The field searches are ordered by (e.g. `name`): kept beside each search token, so a search
   * that matches thousands of documents orders them without reading them.
   */
  searchOrder?: string;
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

/**
 * A walk over one tenant's documents in a stable order: by `orderBy` (a field the collection has
 * a single-field index on), ties by id; without `orderBy`, by id. Range on that field (or the id):
 * `from` inclusive, `to` exclusive. Documents without the field are not scanned.
 */
export interface ScanOptions {
  orderBy?: string;
  from?: string | number;
  to?: string | number;
  /** Documents per page (default 500). */
  batchSize?: number;
}

/** Refuses a scan no index serves: each page must be an index range, never a sort of the collection. */
export function assertScannable(spec: CollectionSpec, options: ScanOptions): number {
  const batchSize = options.batchSize ?? 500;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`Invalid batch size: ${batchSize}`);
  const { orderBy } = options;
  if (orderBy !== undefined && !(spec.indexes ?? []).some((fields) => fields.length === 1 && fields[0] === orderBy)) {
    throw new Error(`${spec.name} has no index on ${orderBy} alone to scan by`);
  }
  return batchSize;
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
  /**
   * Pages of a tenant's documents (ScanOptions), each read by a query of its own that starts after
   * the last document of the previous page (keyset): memory stays at one page, no read
   * transaction stays open between pages, and stopping the iteration stops the reads. Not a
   * snapshot: a document written meanwhile ahead of the cursor is seen (again, if it moved
   * there), one behind it is not.
   */
  scan(collection: CollectionSpec, tenantId: string, options?: ScanOptions): AsyncIterable<Doc[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Map key of a document within a batch. */
export const docKey = (key: DocKey): string => `${key.collection.name}\u0000${key.tenantId}\u0000${key.id}`;
