import type { Statement } from 'better-sqlite3';
import { pragmaOnce, type SqliteDatabase } from '../eventstore/sqlite-database';
import { nextTurn, writeIfFree } from '../eventstore/sqlite-write-turn';
import { position, type Position } from '../eventstore/types';
import { assertScannable, docKey, type CollectionSpec, type Doc, type DocKey, type DocWrite, type FindOptions, type ReadStore, type ScanOptions } from './read-store';

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A document's value of the collection's search order, as the token table keeps it. */
function sortValue(spec: CollectionSpec, doc: Doc | undefined): unknown {
  if (!spec.searchOrder || !doc) return null;
  const value = doc[spec.searchOrder];
  return typeof value === 'boolean' ? Number(value) : (value ?? null);
}

function field(name: string): string {
  if (!FIELD.test(name)) throw new Error(`Invalid field name: ${name}`);
  return `json_extract(doc, '$.${name}')`;
}

/** The indexes the API's filters and sorts use (each after the tenant). */
export function createQueryIndexes(db: SqliteDatabase, spec: CollectionSpec, physical: string): void {
  for (const fields of spec.indexes ?? []) {
    db.exec(`CREATE INDEX IF NOT EXISTS ${physical}__${fields.join('_')} ON ${physical} (tenant, ${fields.map(field).join(', ')})`);
  }
}

const bind = (value: string | number | boolean | null) => (typeof value === 'boolean' ? Number(value) : value);

/**
 * Read models in the embedded SQLite file, beside the event log. A batch's documents and the
 * projection's checkpoint are written in one transaction, so a crash leaves both before or both
 * after the batch: exactly-once effects (DESIGN decision 7). Filters use expression indexes on
 * the JSON fields; search uses a token table indexed by (tenant, token) for prefix ranges.
 */
export interface SqliteReadStoreOptions {
  /**
   * A rebuild writes into a generation of fresh tables, with a checkpoint of its own, beside the
   * live ones; `swapInRebuild` then makes it live in one transaction.
   */
  rebuildGeneration?: string;
}

export function migrateReadStore(db: SqliteDatabase): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS projection_checkpoints (projection TEXT PRIMARY KEY, position INTEGER NOT NULL, updated TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS read_model_tables (collection TEXT PRIMARY KEY, physical TEXT NOT NULL) WITHOUT ROWID;
  `);
}

export const rebuildCheckpointKey = (projection: string, generation: string) => `${projection}#${generation}`;
export const rebuildTable = (collection: string, generation: string) => `rm_${collection}__${generation}`;

export function createSqliteReadStore(db: SqliteDatabase, options: SqliteReadStoreOptions = {}): ReadStore {
  migrateReadStore(db);
  const generation = options.rebuildGeneration;
  const physicalOf = db.prepare('SELECT physical FROM read_model_tables WHERE collection = ?').pluck();
  // The live table of a collection is looked up each time: a rebuild in another process may swap it.
  const table = (spec: CollectionSpec): string =>
    generation ? rebuildTable(spec.name, generation) : ((physicalOf.get(spec.name) as string | undefined) ?? `rm_${spec.name}`);
  const searchTableOf = (physical: string) => `${physical}__search`;
  const searchTable = (spec: CollectionSpec) => searchTableOf(table(spec));
  /**
   * `table`, looked up once per collection for the span of one load or one commit: a batch
   * touches a few collections in many documents, and a swap (another process's rebuild) moves a
   * projection's checkpoint, which the batch's commit checks.
   */
  const tablesOnce = (): ((spec: CollectionSpec) => string) => {
    const seen = new Map<CollectionSpec, string>();
    return (spec) => {
      let physical = seen.get(spec);
      if (physical === undefined) seen.set(spec, (physical = table(spec)));
      return physical;
    };
  };
  const checkpointKey = (projection: string) => (generation ? rebuildCheckpointKey(projection, generation) : projection);
  const readCheckpoint = db.prepare('SELECT position FROM projection_checkpoints WHERE projection = ?').pluck();
  const writeCheckpoint = db.prepare(
    'INSERT INTO projection_checkpoints (projection, position, updated) VALUES (?, ?, ?) ON CONFLICT (projection) DO UPDATE SET position = excluded.position, updated = excluded.updated',
  );
  const statements = new Map<string, Statement>();
  const prepared = (sql: string): Statement => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    return statement;
  };

  function putDoc(write: DocWrite, tableOf: (spec: CollectionSpec) => string): void {
    const { collection, tenantId, id } = write.key;
    const physical = tableOf(collection);
    if (write.doc === undefined) {
      prepared(`DELETE FROM ${physical} WHERE tenant = ? AND id = ?`).run(tenantId, id);
    } else {
      prepared(`INSERT OR REPLACE INTO ${physical} (tenant, id, doc) VALUES (?, ?, ?)`).run(tenantId, id, JSON.stringify(write.doc));
    }
    if (!collection.searchField) return;
    // Only the tokens that changed are written: most updates (a price, a status) change none.
    const search = searchTableOf(physical);
    // INDEXED BY: with no statistics SQLite would rather walk the tenant's whole token range.
    const rows = prepared(`SELECT token, sort FROM ${search} INDEXED BY ${search}__by_id WHERE tenant = ? AND id = ?`).raw(true).all(tenantId, id) as [string, unknown][];
    const stored = new Set(rows.map((row) => row[0]));
    const wanted = new Set((write.doc?.[collection.searchField] as string[] | undefined) ?? []);
    const sort = sortValue(collection, write.doc);
    const remove = prepared(`DELETE FROM ${search} WHERE tenant = ? AND token = ? AND id = ?`);
    const insert = prepared(`INSERT OR IGNORE INTO ${search} (tenant, token, id, sort) VALUES (?, ?, ?, ?)`);
    for (const token of stored) if (!wanted.has(token)) remove.run(tenantId, token, id);
    if (rows.some((row) => wanted.has(row[0]) && row[1] !== sort)) prepared(`UPDATE ${search} INDEXED BY ${search}__by_id SET sort = ? WHERE tenant = ? AND id = ?`).run(sort, tenantId, id);
    for (const token of wanted) if (!stored.has(token)) insert.run(tenantId, token, id, sort);
  }

  /** Ids matching every token (prefixes), ordered by the collection's search order, from the token table alone. */
  function searchIds(spec: CollectionSpec, tenantId: string, tokens: readonly string[], direction: string, limit: number): string[] {
    const [first, ...others] = tokens;
    const also = others.map(() => ` AND id IN (SELECT id FROM ${searchTable(spec)} WHERE tenant = ? AND token >= ? AND token < ?)`).join('');
    const sql = `SELECT id FROM ${searchTable(spec)} WHERE tenant = ? AND token >= ? AND token < ?${also} GROUP BY id ORDER BY MIN(sort) ${direction}, id LIMIT ?`;
    const params = [first!, ...others].flatMap((token) => [tenantId, token, `${token}\uffff`]);
    return prepared(sql).pluck().all(...params, limit) as string[];
  }

  const commitBatch = db.transaction((projection: string, at: Position, writes: readonly DocWrite[], expected: Position | null | undefined): boolean => {
    const key = checkpointKey(projection);
    const current = readCheckpoint.get(key) as number | undefined;
    if (current !== undefined && BigInt(current) >= at) return false; // a replayed batch: already applied
    if (expected !== undefined && (current === undefined ? expected !== null : expected === null || BigInt(current) !== expected)) return false;
    const tableOf = tablesOnce();
    for (const write of writes) putDoc(write, tableOf);
    writeCheckpoint.run(key, at, new Date().toISOString());
    return true;
  });

  // One read transaction for a batch's documents: one snapshot, and one shared lock on the WAL
  // for all of them instead of one per statement (several times the cost of the look-up itself).
  const loadDocs = db.transaction((keys: readonly DocKey[]): Map<string, Doc> => {
    const found = new Map<string, Doc>();
    const tableOf = tablesOnce();
    for (const key of keys) {
      const text = prepared(`SELECT doc FROM ${tableOf(key.collection)} WHERE tenant = ? AND id = ?`).pluck().get(key.tenantId, key.id) as string | undefined;
      if (text !== undefined) found.set(docKey(key), JSON.parse(text) as Doc);
    }
    return found;
  });

  return {
    async prepare(collections) {
      for (const spec of collections) {
        db.exec(`CREATE TABLE IF NOT EXISTS ${table(spec)} (tenant TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (tenant, id)) WITHOUT ROWID`);
        // A rebuild fills its tables first and builds the query indexes once, at the swap.
        if (!generation) createQueryIndexes(db, spec, table(spec));
        if (spec.searchField) {
          const search = searchTable(spec);
          db.exec(`CREATE TABLE IF NOT EXISTS ${search} (tenant TEXT NOT NULL, token TEXT NOT NULL, id TEXT NOT NULL, sort, PRIMARY KEY (tenant, token, id)) WITHOUT ROWID`);
          db.exec(`CREATE INDEX IF NOT EXISTS ${search}__by_id ON ${search} (tenant, id)`);
          // A file from before the sort column: add it and fill it from the documents.
          const columns = db.prepare(`SELECT name FROM pragma_table_info('${search}')`).pluck().all() as string[];
          if (!columns.includes('sort')) {
            db.exec(`ALTER TABLE ${search} ADD COLUMN sort`);
            if (spec.searchOrder) {
              db.exec(`UPDATE ${search} SET sort = (SELECT ${field(spec.searchOrder)} FROM ${table(spec)} AS t WHERE t.tenant = ${search}.tenant AND t.id = ${search}.id)`);
            }
          }
        }
      }
    },
    async load(keys: readonly DocKey[]) {
      return loadDocs(keys);
    },
    async commit(projection, at, writes, commitOptions = {}) {
      // Read models are derived: a batch lost to a power cut is applied again from the log, and
      // documents and checkpoint stay consistent either way. So their commits skip the fsync the
      // event log needs (WAL + NORMAL), and the next sync of the file makes them durable too.
      // IMMEDIATE: with other connections writing the file (the API's appends, other processes),
      // a transaction that starts reading and then writes would fail at once with SQLITE_BUSY
      // instead of waiting. It waits for the lock a turn at a time (sqlite-write-turn.ts).
      const since = Date.now();
      const synchronous = pragmaOnce(db, 'synchronous') as number;
      for (;;) {
        pragmaOnce(db, 'synchronous = NORMAL');
        let committed: boolean | 'busy';
        try {
          committed = writeIfFree(db, since, () => commitBatch.immediate(projection, at, writes, commitOptions.expectedCheckpoint));
        } finally {
          pragmaOnce(db, `synchronous = ${synchronous}`);
        }
        if (committed !== 'busy') return committed;
        await new Promise<void>((resolve) => nextTurn(since, resolve));
      }
    },
    async checkpoint(projection) {
      const value = readCheckpoint.get(checkpointKey(projection)) as number | undefined;
      return value === undefined ? undefined : position(value);
    },
    async get(spec, tenantId, id) {
      const text = prepared(`SELECT doc FROM ${table(spec)} WHERE tenant = ? AND id = ?`).pluck().get(tenantId, id) as string | undefined;
      return text === undefined ? undefined : (JSON.parse(text) as Doc);
    },
    async find(spec, tenantId, options: FindOptions = {}) {
      const where: string[] = [];
      const params: unknown[] = [];
      for (const [name, value] of Object.entries(options.where ?? {})) {
        where.push(`${field(name)} IS ?`);
        params.push(bind(value));
      }
      const [first, ...others] = options.search ?? [];
      if (first !== undefined && !spec.searchField) throw new Error(`${spec.name} has no search field`);
      const direction = options.orderBy?.direction === 'desc' ? 'DESC' : 'ASC';
      const limit = options.limit ?? 100;
      if (first !== undefined && spec.searchOrder !== undefined && options.orderBy?.field === spec.searchOrder && where.length === 0) {
        const byId = prepared(`SELECT doc FROM ${table(spec)} WHERE tenant = ? AND id = ?`).pluck();
        return searchIds(spec, tenantId, options.search!, direction, limit).flatMap((id) => {
          const text = byId.get(tenantId, id) as string | undefined;
          return text === undefined ? [] : [JSON.parse(text) as Doc];
        });
      }
      for (const token of others) {
        where.push(`t.id IN (SELECT id FROM ${searchTable(spec)} WHERE tenant = ? AND token >= ? AND token < ?)`);
        params.push(tenantId, token, `${token}\uffff`);
      }
      const order = options.orderBy ? ` ORDER BY ${field(options.orderBy.field)} ${direction}, t.id` : ' ORDER BY t.id';
      let sql: string;
      let head: unknown[];
      if (first === undefined) {
        sql = `SELECT doc FROM ${table(spec)} AS t WHERE ${['t.tenant = ?', ...where].join(' AND ')}${order} LIMIT ?`;
        head = [tenantId];
      } else {
        // Driven by the first token's range (CROSS JOIN fixes the loop order): walking the whole
        // collection in sort order and testing each document would scan it for a rare word.
        sql =
          `SELECT t.doc AS doc FROM (SELECT DISTINCT id FROM ${searchTable(spec)} WHERE tenant = ? AND token >= ? AND token < ?) AS m ` +
          `CROSS JOIN ${table(spec)} AS t ON t.tenant = ? AND t.id = m.id${where.length ? ` WHERE ${where.join(' AND ')}` : ''}${order} LIMIT ?`;
        head = [tenantId, first, `${first}\uffff`, tenantId];
      }
      return (prepared(sql).pluck().all(...head, ...params, limit) as string[]).map((text) => JSON.parse(text) as Doc);
    },
    async *scan(spec, tenantId, options: ScanOptions = {}) {
      const batchSize = assertScannable(spec, options);
      // The same expression as the index's, so each page is one range of (tenant, key, id).
      const key = options.orderBy === undefined ? 'id' : field(options.orderBy);
      const upper = options.to === undefined ? '' : ` AND ${key} < ?`;
      const upperBound = options.to === undefined ? [] : [options.to];
      const page = (lower: string) => `SELECT ${key} AS k, id, doc FROM ${table(spec)} WHERE tenant = ? AND ${key} IS NOT NULL${lower}${upper} ORDER BY ${key}, id LIMIT ?`;
      // Later pages start at the last key seen, as the only lower bound: given two, SQLite may
      // seek to the range's start and step over every earlier page again (quadratic).
      const after = options.orderBy === undefined ? ' AND id > ?' : ` AND ${key} >= ? AND (${key} > ? OR id > ?)`;
      let last: { k: unknown; id: string } | undefined;
      for (;;) {
        const rows = (
          last === undefined
            ? prepared(page(options.from === undefined ? '' : ` AND ${key} >= ?`)).all(tenantId, ...(options.from === undefined ? [] : [options.from]), ...upperBound, batchSize)
            : prepared(page(after)).all(tenantId, ...(options.orderBy === undefined ? [last.id] : [last.k, last.k, last.id]), ...upperBound, batchSize)
        ) as { k: unknown; id: string; doc: string }[];
        if (rows.length === 0) return;
        last = rows[rows.length - 1]!;
        yield rows.map((row) => JSON.parse(row.doc) as Doc);
        if (rows.length < batchSize) return;
        // better-sqlite3 is synchronous: small pages with a turn of the event loop between them
        // keep a long export from delaying the requests that arrive meanwhile.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    },
    async ping() {
      readCheckpoint.get('');
    },
    async close() {
      // The database belongs to whoever opened it (it is shared with the event store).
    },
  };
}
