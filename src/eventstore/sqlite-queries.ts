import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from './sqlite-database';
import { tenantOfStream } from './stream-name';
import { position, revision, type GlobalFilter, type JsonObject, type JsonPage, type Position, type RawRecordedEvent, type RecordedEvent } from './types';

type EventRow = [number, string, string, number, string, string, string, string];
const COLUMNS = 'position, id, stream, revision, type, data, metadata, created';
/** An event as JSON text, field for field as rawAuditEventJson (src/audit/audit-event.ts) writes it. */
const JSON_OBJECT =
  `'{"id":' || json_quote(id) || ',"stream":' || json_quote(stream) || ',"revision":"' || revision || '","position":"' || position || ` +
  `'","type":' || json_quote(type) || ',"data":' || data || ',"metadata":' || metadata || ',"created":' || json_quote(created) || '}'`;

/**
 * A plain object of one shape for every event. Metadata is parsed here too: defining it as a
 * lazy accessor gave each event a hidden class of its own, so every property access that met
 * events (the projections', the deciders') missed its inline cache — dearer than the parse.
 */
function toRecorded(row: EventRow): RecordedEvent {
  return {
    position: position(row[0]),
    id: row[1],
    stream: row[2],
    revision: revision(row[3]),
    type: row[4],
    data: JSON.parse(row[5]) as JsonObject,
    metadata: JSON.parse(row[6]) as JsonObject,
    created: row[7],
  };
}

function toRaw(row: EventRow): RawRecordedEvent {
  return { position: position(row[0]), id: row[1], stream: row[2], revision: revision(row[3]), type: row[4], data: row[5], metadata: row[6], created: row[7] };
}

/** A tenant prefix (`t_1.`) has an index of its own; any other prefix is a range scan on the name. */
function isTenantPrefix(prefix: string): boolean {
  return prefix.endsWith('.') && tenantOfStream(prefix) === prefix.slice(0, -1);
}

/** Prepared statements, cached by shape, and the row → event mapping. Raw rows are faster to read. */
export function createEventQueries(db: SqliteDatabase) {
  const prepare = (sql: string): Statement => db.prepare(sql).raw(true);
  const byStreamForwards = prepare(`SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?`);
  const byStreamBackwards = prepare(`SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`);
  const lastRevision = db.prepare('SELECT revision, position FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1');
  const idsFrom = db.prepare('SELECT id, revision, position FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?');
  const idInStream = db.prepare('SELECT revision, position FROM events WHERE stream = ? AND id = ? LIMIT 1');
  const head = db.prepare('SELECT COALESCE(MAX(position), 0) AS head FROM events');
  const deleteEvents = db.prepare('DELETE FROM events WHERE stream = ?');
  const tombstone = db.prepare('INSERT INTO deleted_streams (stream, revision, deleted) VALUES (?, ?, ?)');
  const tombstoned = db.prepare('SELECT 1 FROM deleted_streams WHERE stream = ?').pluck();
  const insert = db.prepare(
    'INSERT INTO events (id, stream, revision, tenant, type, data, metadata, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const globalCache = new Map<string, Statement>();

  /** The page query for a filter, prepared once per shape; `wrap` builds a query around it. */
  function globalStatement(filter: GlobalFilter | undefined, columns = COLUMNS, wrap = (page: string) => page): { statement: Statement; params: unknown[] } {
    const where = ['position > ?'];
    const params: unknown[] = [];
    const prefix = filter?.streamPrefix;
    if (prefix && isTenantPrefix(prefix)) {
      where.push('tenant = ?');
      params.push(prefix.slice(0, -1));
    } else if (prefix) {
      // Range on the name instead of LIKE, which treats `_` as a wildcard.
      where.push('stream >= ? AND stream < ?');
      params.push(prefix, prefix + '\uffff');
    }
    const types = filter?.eventTypes;
    if (types && types.length > 0) {
      where.push(`type IN (${types.map(() => '?').join(', ')})`);
      params.push(...types);
    }
    const sql = wrap(`SELECT ${columns} FROM events WHERE ${where.join(' AND ')} ORDER BY position LIMIT ?`);
    let statement = globalCache.get(sql);
    if (!statement) {
      statement = prepare(sql);
      globalCache.set(sql, statement);
    }
    return { statement, params };
  }

  return {
    readStreamForwards(stream: string, from: bigint, max: number): RecordedEvent[] {
      return (byStreamForwards.all(stream, from, max) as EventRow[]).map(toRecorded);
    },
    readStreamBackwards(stream: string, from: bigint, max: number): RecordedEvent[] {
      return (byStreamBackwards.all(stream, from, max) as EventRow[]).map(toRecorded);
    },
    readAll(after: Position, max: number, filter?: GlobalFilter): RecordedEvent[] {
      const { statement, params } = globalStatement(filter);
      return (statement.all(after, ...params, max) as EventRow[]).map(toRecorded);
    },
    readAllRaw(after: Position, max: number, filter?: GlobalFilter): RawRecordedEvent[] {
      const { statement, params } = globalStatement(filter);
      return (statement.all(after, ...params, max) as EventRow[]).map(toRaw);
    },
    /** The page as one UTF-8 buffer of JSON objects (see EventStore.readAllJson), built by SQLite. */
    readAllJson(after: Position, max: number, terminator: string, filter?: GlobalFilter): JsonPage {
      // The subquery's ORDER BY and LIMIT make it a co-routine whose rows the aggregate takes in
      // order (an ORDER BY in group_concat itself would sort 5,000 texts again: 4× slower).
      const { statement, params } = globalStatement(filter, `position, ${JSON_OBJECT} AS json`, (page) => `SELECT count(*), max(position), CAST(group_concat(json || ?, '') AS BLOB) FROM (${page})`);
      const [events, last, json] = statement.get(terminator, after, ...params, max) as [number, number | null, Buffer | null];
      return { events, ...(last === null ? {} : { lastPosition: position(last) }), json: json ?? Buffer.alloc(0) };
    },
    /** Positions that cut a tenant's events into `parts` ranges of about equal counts (ascending; none under `minEvents`). */
    cutPoints(tenant: string, parts: number, minEvents: number): Position[] {
      const count = db.prepare('SELECT count(*) FROM events WHERE tenant = ?').pluck().get(tenant) as number;
      const at = db.prepare('SELECT position FROM events WHERE tenant = ? ORDER BY position LIMIT 1 OFFSET ?').pluck();
      const cuts: Position[] = [];
      for (let k = 1; k < parts && count >= Math.max(parts, minEvents); k++) cuts.push(position(at.get(tenant, Math.floor((count * k) / parts) - 1) as number));
      return cuts;
    },
    lastOf(stream: string): { revision: number; position: number } | undefined {
      return lastRevision.get(stream) as { revision: number; position: number } | undefined;
    },
    /** Ids of up to `count` events of a stream from revision `from` on. */
    idsFrom(stream: string, from: number, count: number): { id: string; revision: number; position: number }[] {
      return idsFrom.all(stream, from, count) as { id: string; revision: number; position: number }[];
    },
    /** Where an event id sits in a stream, if it does (scans that one stream). */
    findInStream(stream: string, id: string): { revision: number; position: number } | undefined {
      return idInStream.get(stream, id) as { revision: number; position: number } | undefined;
    },
    head(): number {
      return (head.get() as { head: number }).head;
    },
    /** Removes a stream's events and remembers its name, so it is never written again. */
    deleteStream(stream: string, lastRevision: number, deleted: string): void {
      deleteEvents.run(stream);
      tombstone.run(stream, lastRevision, deleted);
    },
    isDeleted(stream: string): boolean {
      return tombstoned.get(stream) !== undefined;
    },
    insert(row: { id: string; stream: string; revision: number; type: string; data: string; metadata: string; created: string }): number {
      const result = insert.run(row.id, row.stream, row.revision, tenantOfStream(row.stream), row.type, row.data, row.metadata, row.created);
      return Number(result.lastInsertRowid);
    },
  };
}

export type EventQueries = ReturnType<typeof createEventQueries>;
