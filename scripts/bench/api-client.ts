import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { itemFields } from './catalog-events';

/** What the catalog write routes answer. */
export interface WriteAnswer {
  itemId: string;
  revision: string;
  position: string;
}

export interface OwnerSession {
  tenantId: string;
  accessToken: string;
}

export async function call<T>(url: string, method: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** Signs a shop up over HTTP, as a client does, and logs its owner in. */
export async function signUpOwner(baseUrl: string): Promise<OwnerSession> {
  const subdomain = `bench-${randomUUID().slice(0, 8)}`;
  const email = `owner@${subdomain}.example`;
  const password = 'correct horse battery staple';
  const owner = { email, password, name: 'Chủ quán' };
  const shop = { name: 'Quán Phở Bench', subdomain, businessType: 'RETAIL', currency: 'VND', timezone: 'Asia/Ho_Chi_Minh', owner };
  const { tenantId } = await call<{ tenantId: string }>(`${baseUrl}/api/tenants`, 'POST', shop);
  const { accessToken } = await call<{ accessToken: string }>(`${baseUrl}/api/auth/login`, 'POST', { subdomain, email, password });
  return { tenantId, accessToken };
}

/** Creates `count` items (server-made ids, SKU and most with a barcode), `concurrency` requests at a time. */
export async function createItems(baseUrl: string, token: string, count: number, concurrency: number): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const fields = itemFields(next++);
      ids.push((await call<WriteAnswer>(`${baseUrl}/api/catalog/items`, 'POST', fields, token)).itemId);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return ids;
}

/** One PATCH of an item's price; answers the status and the parsed body (a write answer, or a problem with its code). */
export async function patchPrice(baseUrl: string, token: string, itemId: string, priceMinor: number): Promise<{ status: number; body: Partial<WriteAnswer> & { code?: unknown } }> {
  const res = await fetch(`${baseUrl}/api/catalog/items/${itemId}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ priceMinor }),
  });
  return { status: res.status, body: (await res.json()) as Partial<WriteAnswer> & { code?: unknown } };
}

/** A Socket.IO client on `/retail` with an access token, connected (websocket only, no reconnection). */
export async function connectRetailSocket(baseUrl: string, token: string): Promise<Socket> {
  const socket = io(`${baseUrl}/retail`, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}
