import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ownerSession, startTestServer, type TestServer } from '../helpers/test-server';
import { LIMITS, restaurantWithHistory } from './audit-fixtures';

/**
 * Each case edits the SQLite file behind the store's back — another connection, as someone with
 * the file would — in its own tenant, and GET /api/audit/verify must name the first broken link.
 */
describe('verify catches a history edited behind the store', () => {
  let t: TestServer;
  let db: Database.Database;
  beforeAll(async () => {
    t = await startTestServer(LIMITS);
    db = new Database(join(t.dataDir, 'pos.sqlite'));
  });
  afterAll(async () => {
    db.close();
    await t.stop();
  });

  interface Row {
    position: number;
    revision: number;
    stream: string;
  }
  const orderRows = (tenantId: string, orderId: string): Row[] =>
    db.prepare('SELECT position, revision, stream FROM events WHERE stream = ? ORDER BY revision').all(`${tenantId}.order-${orderId}`) as Row[];

  async function tenantWithHistory() {
    const a = await restaurantWithHistory(t);
    const verified = await a.auditor.api.get('/api/audit/verify');
    expect(verified.body).toMatchObject({ ok: true });
    return { ...a, rows: orderRows(a.owner.tenantId, a.orderId) };
  }

  const verify = async (a: Awaited<ReturnType<typeof tenantWithHistory>>) => (await a.auditor.api.get('/api/audit/verify')).body;

  it('an edited event: its recomputed hash differs', async () => {
    const a = await tenantWithHistory();
    const placed = a.rows[0]!;
    db.prepare("UPDATE events SET data = json_set(data, '$.table', '8') WHERE position = ?").run(placed.position);
    expect(await verify(a)).toMatchObject({
      ok: false,
      firstBroken: { stream: placed.stream, revision: '0', position: String(placed.position), problem: 'HASH_MISMATCH' },
    });
  });

  it('an edited actor in the metadata: its hash differs too', async () => {
    const a = await tenantWithHistory();
    const voided = a.rows[1]!;
    db.prepare("UPDATE events SET metadata = json_set(metadata, '$.actor.userId', 'u_someone_else') WHERE position = ?").run(voided.position);
    expect((await verify(a)).firstBroken).toMatchObject({ stream: voided.stream, revision: '1', problem: 'HASH_MISMATCH' });
  });

  it('a deleted event: the revisions have a gap', async () => {
    const a = await tenantWithHistory();
    const [, voided, confirmed] = a.rows;
    db.prepare('DELETE FROM events WHERE position = ?').run(voided!.position);
    const report = await verify(a);
    expect(report).toMatchObject({ ok: false, firstBroken: { stream: confirmed!.stream, revision: '2', position: String(confirmed!.position), problem: 'REVISION_OUT_OF_SEQUENCE' } });
    expect(report.firstBroken.detail).toContain('expected revision 1');
  });

  it('a deleted event with the later revisions renumbered to hide it: the hash chain breaks', async () => {
    const a = await tenantWithHistory();
    const [, voided, confirmed] = a.rows;
    db.transaction(() => {
      db.prepare('DELETE FROM events WHERE position = ?').run(voided!.position);
      for (const row of a.rows.slice(2)) db.prepare('UPDATE events SET revision = ? WHERE position = ?').run(row.revision - 1, row.position);
    })();
    expect((await verify(a)).firstBroken).toMatchObject({ stream: confirmed!.stream, revision: '1', position: String(confirmed!.position), problem: 'PREV_HASH_MISMATCH' });
  });

  it('two events swapped in the log: revisions out of order', async () => {
    const a = await tenantWithHistory();
    const [, voided, confirmed] = a.rows;
    db.transaction(() => {
      db.prepare('UPDATE events SET position = -1 WHERE position = ?').run(voided!.position);
      db.prepare('UPDATE events SET position = ? WHERE position = ?').run(voided!.position, confirmed!.position);
      db.prepare('UPDATE events SET position = ? WHERE position = -1').run(confirmed!.position);
    })();
    expect((await verify(a)).firstBroken).toMatchObject({ stream: voided!.stream, revision: '2', position: String(voided!.position), problem: 'REVISION_OUT_OF_SEQUENCE' });
  });

  it('two events swapped with their revisions kept: the chain links to the wrong event', async () => {
    const a = await tenantWithHistory();
    const [, voided, confirmed] = a.rows;
    db.transaction(() => {
      db.prepare('UPDATE events SET revision = -1 WHERE position = ?').run(voided!.position);
      db.prepare('UPDATE events SET revision = 1 WHERE position = ?').run(confirmed!.position);
      db.prepare('UPDATE events SET revision = 2 WHERE position = ?').run(voided!.position);
      db.prepare('UPDATE events SET position = -1 WHERE position = ?').run(voided!.position);
      db.prepare('UPDATE events SET position = ? WHERE position = ?').run(voided!.position, confirmed!.position);
      db.prepare('UPDATE events SET position = ? WHERE position = -1').run(confirmed!.position);
    })();
    expect((await verify(a)).firstBroken).toMatchObject({ stream: voided!.stream, revision: '1', position: String(voided!.position), problem: 'PREV_HASH_MISMATCH' });
  });

  it('damaged JSON: the event is unreadable', async () => {
    const a = await tenantWithHistory();
    const paid = a.rows.at(-1)!;
    db.prepare("UPDATE events SET data = '{\"orderId\":' WHERE position = ?").run(paid.position);
    expect((await verify(a)).firstBroken).toMatchObject({ stream: paid.stream, position: String(paid.position), problem: 'UNREADABLE' });
  });

  it("one tenant's damage is not another's: an untouched tenant still verifies", async () => {
    const other = await ownerSession(t.url);
    expect((await other.api.get('/api/audit/verify')).body).toMatchObject({ ok: true });
  });
});
