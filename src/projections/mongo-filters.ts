import { Long, type Document } from 'mongodb';
import { position, type Position } from '../eventstore/types';
import type { CollectionSpec, Doc, FindOptions, ScanOptions } from './read-store';

/**
 * Pure helpers of the MongoDB read store: the stored layout, positions as BSON, and the filters,
 * sorts and indexes the queries use. Kept apart so they are tested without a server.
 */

/** One read-model document as stored: the doc as put, the tenant and id beside it, the batch that wrote it. */
export interface StoredDoc {
  /** `{tenantId}\u0000{id}`: tenant first, like every query; docKey uses the same separator. */
  _id: string;
  tenantId: string;
  id: string;
  doc: Doc;
  /** Position of the batch that last wrote the document, always an int64. */
  _position: Long;
  /** The spec's search tokens, copied out of `doc` for a multikey index (absent without a searchField). */
  _search?: string[];
}

export interface CheckpointDoc {
  _id: string;
  /** Absent when a rebuild that projected nothing was swapped in (no position yet). */
  position?: Long;
  /**
   * Set by a rebuild's swap (mongo-rebuild): the generation of collections the projection now
   * writes to, and those collections by spec name. The generation is also the swap's token: a
   * commit only advances a checkpoint whose generation is still the one it read.
   */
  generation?: string;
  tables?: Record<string, string>;
  updated: Date;
}

/** Top-level name of the search-token array. */
export const SEARCH = '_search';

/** Same rule as the SQLite adapter; it also keeps `.` and `$` out of every path we build. */
const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function docPath(name: string): string {
  if (!FIELD.test(name)) throw new Error(`Invalid field name: ${name}`);
  return `doc.${name}`;
}

export const collectionName = (spec: CollectionSpec): string => {
  if (!FIELD.test(spec.name)) throw new Error(`Invalid collection name: ${spec.name}`);
  return `rm_${spec.name}`;
};

export const storedId = (tenantId: string, id: string): string => `${tenantId}\u0000${id}`;

/** Positions are stored as int64 whatever their size, so every stored position has one BSON type. */
export const toLong = (at: Position): Long => Long.fromBigInt(at);

/** Reads a stored position back: the driver returns an int64 as a number when it fits 53 bits, else a Long. */
export function positionFromStored(value: unknown): Position {
  if (typeof value === 'bigint') return position(value);
  if (typeof value === 'number' && Number.isSafeInteger(value)) return position(value);
  if (Long.isLong(value)) return position(value.toBigInt());
  throw new Error(`Not a stored position: ${String(value)}`);
}

/** The document to store for a put; the search tokens are copied out as strings, once each. */
export function storedDoc(spec: CollectionSpec, tenantId: string, id: string, doc: Doc, at: Position): Omit<StoredDoc, '_id'> {
  const stored: Omit<StoredDoc, '_id'> = { tenantId, id, doc, _position: toLong(at) };
  if (spec.searchField) {
    const tokens = doc[spec.searchField];
    stored._search = Array.isArray(tokens) ? [...new Set(tokens.filter((t): t is string => typeof t === 'string'))] : [];
  }
  return stored;
}

/**
 * Matches the stored document only when the batch at `at` is newer than the one that wrote it.
 * With upsert, a newer-or-equal document makes the insert collide on _id (E11000): the caller
 * ignores exactly that error.
 */
export const olderThan = (tenantId: string, id: string, at: Position): Document => ({
  _id: storedId(tenantId, id),
  $or: [{ _position: { $lt: toLong(at) } }, { _position: { $exists: false } }],
});

export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The query of `find`, tenant first. `where` is equality on `doc.<field>`; `{ field: null }` also
 * matches a missing field, as SQLite's `json_extract(...) IS NULL` does. Search: every token must
 * prefix-match one element of the token array; anchored regexes become index ranges.
 */
export function findFilter(spec: CollectionSpec, tenantId: string, options: FindOptions): Document {
  const filter: Document = { tenantId };
  for (const [name, value] of Object.entries(options.where ?? {})) filter[docPath(name)] = value;
  const tokens = options.search ?? [];
  if (tokens.length > 0) {
    if (!spec.searchField) throw new Error(`${spec.name} has no search field`);
    filter[SEARCH] = { $all: tokens.map((token) => new RegExp(`^${escapeRegExp(token)}`)) };
  }
  return filter;
}

/** Sort on the field, ties (and no orderBy) by id ascending, as the SQLite adapter orders. */
export function findSort(options: FindOptions): Record<string, 1 | -1> {
  if (!options.orderBy) return { id: 1 };
  return { [docPath(options.orderBy.field)]: options.orderBy.direction === 'desc' ? -1 : 1, id: 1 };
}

/** Where a scan stopped: the last document's key (its field, or its id) and id. */
export interface ScanCursor {
  key: unknown;
  id: string;
}

/**
 * One page of `scan`: the tenant's documents with the field set and in range, after the cursor,
 * in (field, id) order — a range of the (tenantId, doc.<field>, id) index (or (tenantId, id)).
 */
export function scanPage(tenantId: string, options: ScanOptions, after?: ScanCursor): { filter: Document; sort: Record<string, 1> } {
  const key = options.orderBy === undefined ? 'id' : docPath(options.orderBy);
  const range: Document = { $ne: null };
  if (options.from !== undefined) range.$gte = options.from;
  if (options.to !== undefined) range.$lt = options.to;
  const filter: Document = { tenantId, [key]: range };
  if (after !== undefined) {
    filter.$or = key === 'id' ? [{ id: { $gt: after.id } }] : [{ [key]: { $gt: after.key } }, { [key]: after.key, id: { $gt: after.id } }];
  }
  return { filter, sort: key === 'id' ? { id: 1 } : { [key]: 1, id: 1 } };
}

export const scanCursor = (stored: Pick<StoredDoc, 'id' | 'doc'>, options: ScanOptions): ScanCursor => ({
  key: options.orderBy === undefined ? stored.id : stored.doc[options.orderBy],
  id: stored.id,
});

/**
 * Index keys of a collection: (tenant, id) unique, one per spec index (with id last, as SQLite's
 * WITHOUT ROWID index carries the primary key, so an ascending sort with its tie-break is served
 * by the index), and (tenant, search token) for prefix search.
 */
export function indexKeys(spec: CollectionSpec): { key: Record<string, 1>; unique?: true }[] {
  const keys: { key: Record<string, 1>; unique?: true }[] = [{ key: { tenantId: 1, id: 1 }, unique: true }];
  for (const fields of spec.indexes ?? []) {
    const key: Record<string, 1> = { tenantId: 1 };
    for (const name of fields) key[docPath(name)] = 1;
    key.id = 1;
    keys.push({ key });
  }
  if (spec.searchField) {
    docPath(spec.searchField);
    keys.push({ key: { tenantId: 1, [SEARCH]: 1 } });
  }
  return keys;
}
