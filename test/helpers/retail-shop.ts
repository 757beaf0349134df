import { io, type Socket } from 'socket.io-client';
import { client, ownerSession } from './test-server';

export const STAFF_PASSWORD = 'long enough password';

/** A USD retail tenant (tax on top) with its owner signed in, and a way to add staff. */
export async function retailShop(baseUrl: string) {
  const owner = await ownerSession(baseUrl, undefined, { name: 'Corner Shop', businessType: 'RETAIL', currency: 'USD', timezone: 'America/New_York' });
  const item = async (body: Record<string, unknown>) => {
    const added = await owner.api.post('/api/catalog/items', { taxRateBps: 0, trackStock: true, ...body });
    if (added.status !== 201) throw new Error(`catalog: ${JSON.stringify(added.body)}`);
    return added.body.itemId as string;
  };
  const staff = async (role: string) => {
    const email = `${role}-${Math.random().toString(36).slice(2)}@shop.example`;
    const added = await owner.api.post('/api/staff', { email, password: STAFF_PASSWORD, name: role, role });
    if (added.status !== 201) throw new Error(`staff: ${JSON.stringify(added.body)}`);
    const login = await client(baseUrl).post('/api/auth/login', { subdomain: owner.subdomain, email, password: STAFF_PASSWORD });
    return { email, api: client(baseUrl, login.body.accessToken), token: login.body.accessToken as string };
  };
  return { owner, item, staff };
}

export function connectRetail(baseUrl: string, token: string): Promise<Socket> {
  const socket = io(`${baseUrl}/retail`, { auth: { token }, transports: ['websocket'], forceNew: true });
  return new Promise<Socket>((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Everything a socket hears, in order. */
export function recordPushes(socket: Socket): { event: string; payload: any }[] {
  const heard: { event: string; payload: any }[] = [];
  socket.onAny((event: string, payload: unknown) => heard.push({ event, payload }));
  return heard;
}

export async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
