import type { SqliteEventStore } from '../../src/eventstore/sqlite-event-store';
import { position } from '../../src/eventstore/types';
import type { TestServer } from '../helpers/test-server';

/**
 * Everything a tenant has: its events (id, stream, revision) and every read-model row of it, as
 * one comparable value. Equal before and after means nothing of the tenant changed.
 */
export async function tenantState(t: TestServer, tenantId: string): Promise<{ events: string[]; rows: Record<string, string[]> }> {
  const store = t.server.store as SqliteEventStore;
  const events: string[] = [];
  for (let from = position(0); ; ) {
    const page = await store.readAll({ fromPosition: from, maxCount: 5000, filter: { streamPrefix: `${tenantId}.` } });
    for (const e of page) events.push(`${e.position} ${e.stream}@${e.revision} ${e.id}`);
    if (page.length < 5000) break;
    from = page[page.length - 1]!.position;
  }
  const tables = store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rm\\_%' ESCAPE '\\' ORDER BY name").pluck().all() as string[];
  const rows: Record<string, string[]> = {};
  for (const table of tables) {
    const columns = (store.db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
    if (!columns.includes('tenant')) continue;
    rows[table] = (store.db.prepare(`SELECT * FROM ${table} WHERE tenant = ? ORDER BY 1, 2`).all(tenantId) as unknown[]).map((r) => JSON.stringify(r));
  }
  return { events, rows };
}

/** Waits until every projection has passed the head of the log, so the read models are settled. */
export async function settled(t: TestServer): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const status = (await fetch(`${t.url}/ready`).then((r) => r.json())) as { projections: { lag: { events: number } }[] };
    if (status.projections.every((p) => p.lag.events === 0)) return;
    if (Date.now() > deadline) throw new Error(`read models not settled: ${JSON.stringify(status.projections)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
