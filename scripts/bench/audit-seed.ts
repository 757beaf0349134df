import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { GENESIS_HASH, sealEvent } from '../../src/commands/hash-chain';
import { ulid } from '../../src/domain/ids';
import { createSqliteEventStore } from '../../src/eventstore/sqlite-event-store';

/** Events per order stream, and rows per seeding transaction. */
const EVENTS_PER_STREAM = 10;
const ROWS_PER_COMMIT = 50_000;
/** An event type no projection reads: the bench measures the audit paths, not the read models. */
export const AUDIT_BENCH_TYPE = 'TableNoteRecorded';

/** ~300 bytes of data, like the event store bench's. */
function noteData(streamId: string, n: number) {
  return {
    orderId: streamId,
    table: String(1 + (n % 40)),
    note: 'Guest at the window asked for less chilli in every dish and extra lime on the side, twice.',
    lines: [
      { lineId: 'L1', itemId: 'i_01HZX4Q8K4M2', name: 'Phở bò tái', quantity: 2, unitPriceMinor: 45000 },
      { lineId: 'L2', itemId: 'i_01HZX4Q8K4M3', name: 'Trà đá', quantity: 1, unitPriceMinor: 5000 },
    ],
    n,
  };
}

/**
 * One tenant's history of `count` events written straight into a fresh SQLite file: streams of
 * EVENTS_PER_STREAM events, interleaved as concurrent orders would be, each sealed and stored as the
 * command pipeline does (sealEvent) with a valid hash chain (so verify has all of it to check). Large
 * transactions, no group commit: seeding is not measured.
 */
export function seedAuditHistory(file: string, tenantId: string, count: number): void {
  const store = createSqliteEventStore({ file });
  void store.close(); // only for its schema
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const insert = db.prepare('INSERT INTO events (id, stream, revision, tenant, type, data, metadata, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const actor = { userId: `u_${ulid()}`, role: 'waiter' };
  const streams = Math.ceil(count / EVENTS_PER_STREAM);
  // Ten streams open at once, their events alternating: a stream's events are not adjacent in the log.
  const open = 10;
  const start = Date.now() - count; // one millisecond per event, ending now
  let written = 0;
  const commit = db.transaction((rows: unknown[][]) => {
    for (const row of rows) insert.run(...row);
  });
  let rows: unknown[][] = [];
  for (let group = 0; group < streams; group += open) {
    const chains = Array.from({ length: Math.min(open, streams - group) }, () => ({ id: ulid(), prevHash: GENESIS_HASH, revision: 0 }));
    for (let revision = 0; revision < EVENTS_PER_STREAM; revision++) {
      for (const chain of chains) {
        if (written === count) break;
        const created = new Date(start + written).toISOString();
        const commandId = randomUUID();
        const metadata: Record<string, unknown> = {
          tenantId,
          actor,
          terminalId: 'till-1',
          commandId,
          commandHash: GENESIS_HASH,
          correlationId: commandId,
          causationId: commandId,
          occurredAt: created,
          schemaVersion: 1,
          prevHash: chain.prevHash,
        };
        const data = noteData(chain.id, written);
        const { hash, json } = sealEvent(chain.prevHash, AUDIT_BENCH_TYPE, data, metadata);
        chain.prevHash = hash;
        rows.push([randomUUID(), `${tenantId}.order-${chain.id}`, revision, tenantId, AUDIT_BENCH_TYPE, json.data, json.metadata, created]);
        written += 1;
        if (rows.length === ROWS_PER_COMMIT) {
          commit(rows);
          rows = [];
        }
      }
    }
  }
  if (rows.length > 0) commit(rows);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}
