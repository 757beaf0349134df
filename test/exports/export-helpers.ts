import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { position } from '../../src/eventstore/types';
import type { ReadStore } from '../../src/projections/read-store';
import { restaurantOrders } from '../../src/projections/restaurant-orders';
import { parseCsv } from './rfc4180';

let seedPosition = 1;

/** Orders written straight into the orders read model (as its projection would), placed when the test says. */
export async function seedOrders(readStore: ReadStore, tenantId: string, orders: { orderId: string; placedAt: string; table?: string | null; totalMinor?: number; paidMinor?: number; quantity?: number }[]): Promise<void> {
  const writes = orders.map((o) => ({
    key: { collection: restaurantOrders, tenantId, id: o.orderId },
    doc: {
      orderId: o.orderId,
      table: o.table ?? null,
      status: 'PAID',
      open: false,
      placedAt: o.placedAt,
      items: [
        { lineId: 'L1', quantity: o.quantity ?? 1, voided: false },
        { lineId: 'L2', quantity: 5, voided: true },
      ],
      totalMinor: o.totalMinor ?? 0,
      paidMinor: o.paidMinor ?? 0,
    },
  }));
  // A checkpoint of its own, always ahead, so each batch is applied.
  await readStore.commit('export-test-seed', position(seedPosition++), writes);
}

export interface Download {
  status: number;
  headers: Headers;
  body: Buffer;
}

export async function download(url: string, token: string): Promise<Download> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

/** A CSV export parsed back: it must start with the UTF-8 BOM and be strict RFC 4180. */
export function csvRows(body: Buffer): string[][] {
  if (!(body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf)) throw new Error('no UTF-8 BOM');
  return parseCsv(body.subarray(3).toString('utf8'));
}

/** An xlsx export saved as a file and read back by exceljs. */
export async function readXlsx(body: Buffer): Promise<ExcelJS.Worksheet> {
  const dir = mkdtempSync(join(tmpdir(), 'pos-xlsx-'));
  try {
    const file = join(dir, 'export.xlsx');
    writeFileSync(file, body);
    const workbook = await new ExcelJS.Workbook().xlsx.readFile(file);
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error('no worksheet');
    return sheet;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
