import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { openSqliteDatabase, type SqliteDatabase } from '../../src/eventstore/sqlite-database';
import { position } from '../../src/eventstore/types';
import type { ExportFormat } from '../../src/exports/export-definition';
import { ordersExport } from '../../src/exports/orders-export';
import { writeExport } from '../../src/exports/write-export';
import type { ReadStore } from '../../src/projections/read-store';
import { restaurantOrders } from '../../src/projections/restaurant-orders';
import { createSqliteReadStore } from '../../src/projections/sqlite-read-store';

/**
 * Enough rows that the xlsx stalls for the right reason: the zip stages buffer a bounded amount
 * (archiver holds up to 1 MB of compressed output, several MB of sheet XML) before the writer
 * must wait for its reader.
 */
const ORDERS = 60_000;
const context = { currency: 'VND', digits: 0, timeZone: 'Asia/Ho_Chi_Minh' };
const days = { from: '2026-11-01', to: '2026-11-30' };

describe('writeExport on a real SQLite read store', () => {
  let dir: string;
  let db: SqliteDatabase;
  let readStore: ReadStore;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pos-export-'));
    db = openSqliteDatabase(join(dir, 'pos.sqlite'));
    readStore = createSqliteReadStore(db);
    await readStore.prepare([restaurantOrders]);
    const writes = Array.from({ length: ORDERS }, (_, i) => ({
      key: { collection: restaurantOrders, tenantId: 't_a', id: `o_${String(i).padStart(6, '0')}` },
      // Random text, so the sheet does not compress to almost nothing.
      doc: { orderId: `o_${String(i).padStart(6, '0')}`, table: `Bàn ${randomBytes(24).toString('base64')}`, status: 'PAID', placedAt: new Date(Date.UTC(2026, 10, 5) + i * 1000).toISOString(), items: [], totalMinor: i * 1000, paidMinor: i * 1000 },
    }));
    await readStore.commit('seed', position(1), writes);
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const untilStill = async (read: () => number) => {
    let last = -1;
    while (read() !== last) {
      last = read();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return last;
  };

  it.each<ExportFormat>(['csv', 'xlsx'])('%s: a reader that stops reading stops the scan (back-pressure); aborting ends it', async (format) => {
    const out = new PassThrough({ highWaterMark: 16 * 1024 });
    const controller = new AbortController();
    let rows = 0;
    const run = writeExport({ readStore, definition: ordersExport, tenantId: 't_a', days, context, format, out, signal: controller.signal, onRows: (n) => (rows = n), batchSize: 200 });
    run.catch(() => undefined);
    try {
      // Nobody reads `out`: writing stalls short of the whole export, and stays stalled.
      const stalled = await untilStill(() => rows);
      expect(stalled).toBeLessThan(format === 'csv' ? 1_000 : ORDERS);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(rows).toBe(stalled);
      expect(out.readableLength).toBeLessThan(2 << 20);
    } finally {
      controller.abort(new Error('client went away'));
    }
    await expect(run).rejects.toThrow('client went away');
  });

  it.each<ExportFormat>(['csv', 'xlsx'])('%s: a reader that reads gets every row', async (format) => {
    const out = new PassThrough();
    let bytes = 0;
    out.on('data', (chunk: Buffer) => (bytes += chunk.length));
    const rows = await writeExport({ readStore, definition: ordersExport, tenantId: 't_a', days, context, format, out, signal: new AbortController().signal, batchSize: 1000 });
    expect(rows).toBe(ORDERS);
    expect(bytes).toBeGreaterThan(ORDERS * 10);
  });
});
