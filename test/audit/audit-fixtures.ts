import { client, ownerSession, type TestServer } from '../helpers/test-server';

export const LIMITS = { SIGNUP_RATE_LIMIT_PER_IP: '1000', LOGIN_RATE_LIMIT_PER_IP: '1000', LOGIN_RATE_LIMIT_PER_ACCOUNT: '1000' };

type Api = ReturnType<typeof client>;

/** Signs a member of staff up under the owner and logs them in. */
export async function staffMember(t: TestServer, owner: { api: Api; subdomain: string }, role: string) {
  const email = `${role}-${Math.random().toString(36).slice(2)}@x.example`;
  const added = await owner.api.post('/api/staff', { email, password: 'long enough password', name: role, role });
  if (added.status !== 201) throw new Error(`adding a ${role} failed: ${JSON.stringify(added.body)}`);
  const login = await client(t.url).post('/api/auth/login', { subdomain: owner.subdomain, email, password: 'long enough password' });
  return { userId: added.body.userId as string, token: login.body.accessToken as string, api: client(t.url, login.body.accessToken) };
}

/**
 * A restaurant with a little history: two items, an auditor, a waiter, one order placed,
 * a line voided, served and paid (PAID), and one order left open.
 */
export async function restaurantWithHistory(t: TestServer) {
  const owner = await ownerSession(t.url);
  const pho = await owner.api.post('/api/catalog/items', { name: 'Phở bò', priceMinor: 45000, taxRateBps: 800, station: 'grill' });
  const tea = await owner.api.post('/api/catalog/items', { name: 'Trà đá', priceMinor: 5000, taxRateBps: 800, station: 'bar' });
  const auditor = await staffMember(t, owner, 'auditor');
  const waiter = await staffMember(t, owner, 'waiter');
  const placed = await waiter.api.post('/api/restaurant/orders', { table: '7', items: [{ itemId: pho.body.itemId, quantity: 1 }, { itemId: tea.body.itemId, quantity: 2 }] });
  const orderId = placed.body.orderId as string;
  const voided = await waiter.api.post(`/api/restaurant/orders/${orderId}/items/L2/void`, { reason: 'guest changed their mind' }, { 'X-Terminal-Id': 'till-2' });
  if (voided.status !== 200) throw new Error(`void failed: ${JSON.stringify(voided.body)}`);
  for (const status of ['CONFIRMED', 'PREPARING', 'READY', 'SERVED']) {
    const moved = await owner.api.post(`/api/restaurant/orders/${orderId}/status`, { status });
    if (moved.status !== 200) throw new Error(`${status} failed: ${JSON.stringify(moved.body)}`);
  }
  const paid = await waiter.api.post(`/api/restaurant/orders/${orderId}/payments`, { method: 'CARD', amountMinor: voided.body.totalMinor });
  if (paid.body.status !== 'PAID') throw new Error(`payment failed: ${JSON.stringify(paid.body)}`);
  const open = await waiter.api.post('/api/restaurant/orders', { table: '9', items: [{ itemId: tea.body.itemId, quantity: 1 }] });
  return {
    owner,
    auditor,
    waiter,
    phoId: pho.body.itemId as string,
    teaId: tea.body.itemId as string,
    orderId,
    paidTotalMinor: voided.body.totalMinor as number,
    openOrderId: open.body.orderId as string,
  };
}
