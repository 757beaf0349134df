import type { Socket } from 'socket.io-client';
import { call, connectRetailSocket, signUpOwner } from './api-client';
import { startBenchServer } from './bench-server';
import type { CommandTarget } from './command-load';

export interface RetailTarget extends CommandTarget {
  baseUrl: string;
  /** A Socket.IO client on `/retail` with the owner's token. */
  socket: Socket;
  close(): Promise<void>;
}

const ITEMS = [
  { name: 'Sữa tươi 1L', sku: 'MILK-1L', barcode: '8934673000011', priceMinor: 32_000, taxRateBps: 500, trackStock: true, lowStockThreshold: 10 },
  { name: 'Mì Hảo Hảo', sku: 'NOODLE-HH', barcode: '8934563000022', priceMinor: 4_500, taxRateBps: 800, trackStock: true, lowStockThreshold: 50 },
  { name: 'Nước suối 500ml', sku: 'WATER-500', barcode: '8935049000033', priceMinor: 6_000, taxRateBps: 1000, trackStock: true, lowStockThreshold: 24 },
];

/**
 * The real server in this process (embedded SQLite under `dataDir`, all projections running, logs
 * silent), a RETAIL shop signed up over HTTP, its owner logged in, three stock-tracked items, and
 * the sale every request rings up: one line per item (by id, SKU and barcode), paid in cash.
 */
export async function startRetailTarget(dataDir: string): Promise<RetailTarget> {
  const { server, baseUrl } = await startBenchServer(dataDir);
  try {
    const { accessToken } = await signUpOwner(baseUrl);
    const ids: string[] = [];
    for (const item of ITEMS) ids.push((await call<{ itemId: string }>(`${baseUrl}/api/catalog/items`, 'POST', item, accessToken)).itemId);
    const sale = {
      items: [
        { itemId: ids[0], quantity: 1 },
        { sku: ITEMS[1]!.sku, quantity: 3 },
        { barcode: ITEMS[2]!.barcode, quantity: 2 },
      ],
      payments: [{ method: 'CASH', amountMinor: 100_000 }],
    };
    const url = `${baseUrl}/api/retail/sales`;
    const sample = await call<unknown>(url, 'POST', sale, accessToken);
    const socket = await connectRetailSocket(baseUrl, accessToken);
    return {
      baseUrl,
      url,
      token: accessToken,
      body: JSON.stringify(sale),
      sample,
      socket,
      async close() {
        socket.disconnect();
        await server.close();
      },
    };
  } catch (error) {
    await server.close();
    throw error;
  }
}
