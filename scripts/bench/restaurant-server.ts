import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { startBenchServer } from './bench-server';

/** What a PlaceOrder answers (201). */
export interface PlaceOrderAnswer {
  orderId: string;
  status: string;
  totalMinor: number;
  paidMinor: number;
  revision: string;
  position: string;
}

export interface RestaurantTarget {
  /** `POST` here places an order. */
  ordersUrl: string;
  token: string;
  /** The PlaceOrder body every request sends. */
  body: string;
  /** One real answer to that body, which the bare Express route answers too. */
  sample: PlaceOrderAnswer;
  close(): Promise<void>;
}

async function call<T>(url: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${url} answered ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

const ITEMS = [
  { name: 'Phở bò tái', priceMinor: 65_000, taxRateBps: 800, station: 'kitchen' },
  { name: 'Gỏi cuốn', priceMinor: 45_000, taxRateBps: 800, station: 'cold' },
  { name: 'Cà phê sữa đá', priceMinor: 30_000, taxRateBps: 1000, station: 'bar' },
];

/**
 * The real server in this process (embedded SQLite under `dataDir`, all projections running, logs
 * silent), a RESTAURANT signed up over HTTP, its owner logged in, and three catalog items with stations.
 */
export async function startRestaurantTarget(dataDir: string): Promise<RestaurantTarget> {
  const { server, baseUrl } = await startBenchServer(dataDir);
  try {
    const subdomain = `bench-${randomUUID().slice(0, 8)}`;
    const email = `owner@${subdomain}.example`;
    const password = 'correct horse battery staple';
    const owner = { email, password, name: 'Chủ quán' };
    await call(`${baseUrl}/api/tenants`, { name: 'Quán Phở Bench', subdomain, businessType: 'RESTAURANT', currency: 'VND', timezone: 'Asia/Ho_Chi_Minh', owner });
    const { accessToken } = await call<{ accessToken: string }>(`${baseUrl}/api/auth/login`, { subdomain, email, password });
    const itemIds: string[] = [];
    for (const item of ITEMS) itemIds.push((await call<{ itemId: string }>(`${baseUrl}/api/catalog/items`, item, accessToken)).itemId);
    const order = { table: '5', items: itemIds.map((itemId) => ({ itemId, quantity: 2 })) };
    const ordersUrl = `${baseUrl}/api/restaurant/orders`;
    const sample = await call<PlaceOrderAnswer>(ordersUrl, order, accessToken);
    return { ordersUrl, token: accessToken, body: JSON.stringify(order), sample, close: () => server.close() };
  } catch (error) {
    await server.close();
    throw error;
  }
}

/** A bare Express 5 app (only `express.json()`) whose one POST route answers `answer` with 201. */
export async function startBareExpress(answer: unknown): Promise<{ url: string; close(): Promise<void> }> {
  const app = express();
  app.use(express.json());
  app.post('/orders', (_req, res) => {
    res.status(201).json(answer);
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/orders`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
