import { io, type Socket } from 'socket.io-client';
import { orderDecider } from '../../src/domain/restaurant/order';
import type { OrderEvent } from '../../src/domain/restaurant/order-messages';
import { client, ownerSession, startTestServer, type TestServer } from '../helpers/test-server';

function nextEvent<T = any>(socket: Socket, event: string, match: (payload: T) => boolean = () => true, timeoutMs = 3000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching ${event} within ${timeoutMs} ms`)), timeoutMs);
    const listener = (payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

describe('restaurant over HTTP and Socket.IO', () => {
  let t: TestServer;
  const sockets: Socket[] = [];
  beforeAll(async () => (t = await startTestServer({ SIGNUP_RATE_LIMIT_PER_IP: '1000', LOGIN_RATE_LIMIT_PER_IP: '1000', LOGIN_RATE_LIMIT_PER_ACCOUNT: '1000' })));
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(() => t.stop());

  async function restaurant(extra: Record<string, unknown> = {}) {
    const owner = await ownerSession(t.url);
    const pho = await owner.api.post('/api/catalog/items', { name: 'Phở bò', priceMinor: 45000, taxRateBps: 800, station: 'grill', ...extra });
    const tea = await owner.api.post('/api/catalog/items', { name: 'Trà đá', priceMinor: 5000, taxRateBps: 800, station: 'bar' });
    const staff = async (role: string) => {
      const email = `${role}-${Math.random().toString(36).slice(2)}@x.example`;
      await owner.api.post('/api/staff', { email, password: 'long enough password', name: role, role });
      const login = await client(t.url).post('/api/auth/login', { subdomain: owner.subdomain, email, password: 'long enough password' });
      return { api: client(t.url, login.body.accessToken), token: login.body.accessToken as string };
    };
    return { owner, phoId: pho.body.itemId as string, teaId: tea.body.itemId as string, staff };
  }

  const connect = (token: string) => {
    const socket = io(`${t.url}/restaurant`, { auth: { token }, transports: ['websocket'], forceNew: true });
    sockets.push(socket);
    return new Promise<Socket>((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  };

  it('places an order priced by the catalog (never the client) and reads it back', async () => {
    const { owner, phoId, teaId } = await restaurant();
    const placed = await owner.api.post('/api/restaurant/orders', { table: '7', items: [{ itemId: phoId, quantity: 2, note: 'no onions', priceMinor: 1 }, { itemId: teaId, quantity: 1 }] });
    expect(placed.status).toBe(201);
    // VND, tax-exclusive (the test tenant): 2 × 45,000 + 5,000 = 95,000 net, plus 8 % tax per line.
    expect(placed.body).toMatchObject({ orderId: expect.any(String), status: 'PENDING', totalMinor: 102600, revision: '0', position: expect.stringMatching(/^\d+$/) });
    const order = await owner.api.get(`/api/restaurant/orders/${placed.body.orderId}?minPosition=${placed.body.position}`);
    expect(order.body).toMatchObject({ orderId: placed.body.orderId, table: '7', status: 'PENDING', totalMinor: 102600, paidMinor: 0, revision: '0' });
    expect(order.body.items[0]).toMatchObject({ lineId: 'L1', itemId: phoId, name: 'Phở bò', quantity: 2, note: 'no onions', unitPriceMinor: 45000, netMinor: 90000, taxMinor: 7200, totalMinor: 97200 });
    const open = await owner.api.get(`/api/restaurant/orders?table=7&minPosition=${placed.body.position}`);
    expect(open.body.map((o: { orderId: string }) => o.orderId)).toEqual([placed.body.orderId]);
  });

  it('refuses unknown items and bad bodies, naming them, and records nothing', async () => {
    const { owner } = await restaurant();
    const head = await t.server.store.headPosition();
    const unknown = await owner.api.post('/api/restaurant/orders', { items: [{ itemId: 'i_nope', quantity: 1 }] });
    expect([unknown.status, unknown.body.code]).toEqual([422, 'UNKNOWN_ITEM']);
    expect(unknown.body.detail).toContain('i_nope');
    const bad = await owner.api.post('/api/restaurant/orders', { items: [{ itemId: 'x', quantity: 0 }] });
    expect([bad.status, bad.body.errors[0].field]).toEqual([400, 'items.0.quantity']);
    expect(await t.server.store.headPosition()).toBe(head);
  });

  it('moves through the kitchen by role, pushes the queue per station, and gets paid in parts', async () => {
    const { owner, phoId, teaId, staff } = await restaurant();
    const cook = await staff('kitchen');
    const waiter = await staff('waiter');
    const grill = await connect(cook.token);
    await new Promise((resolve) => grill.emit('kitchen:subscribe', { station: 'grill' }, resolve));
    const placed = await waiter.api.post('/api/restaurant/orders', { table: '3', items: [{ itemId: phoId, quantity: 1 }, { itemId: teaId, quantity: 2 }] });
    const orderId = placed.body.orderId;
    const status = (api: typeof owner.api, to: string) => api.post(`/api/restaurant/orders/${orderId}/status`, { status: to });

    expect((await status(cook.api, 'CONFIRMED')).status).toBe(403);
    const onGrill = nextEvent(grill, 'kitchen.updated');
    const confirmed = await status(waiter.api, 'CONFIRMED');
    expect(confirmed.body).toMatchObject({ status: 'CONFIRMED', revision: '1' });
    const push = await onGrill;
    expect(push).toMatchObject({ position: confirmed.body.position, previousPosition: '0', station: 'grill' });
    expect(push.orders[0]).toMatchObject({ orderId, table: '3', status: 'CONFIRMED', items: [{ name: 'Phở bò', quantity: 1, station: 'grill', voided: false }] });

    const queue = await cook.api.get(`/api/restaurant/kitchen-queue?station=grill&minPosition=${confirmed.body.position}`);
    expect(queue.body).toMatchObject({ position: confirmed.body.position, stationPositions: { grill: confirmed.body.position, bar: confirmed.body.position } });
    expect(queue.body.orders.map((o: { orderId: string }) => o.orderId)).toEqual([orderId]);
    expect(queue.body.orders[0].items).toHaveLength(1);
    expect(queue.body.orders[0].ageSeconds).toBeGreaterThanOrEqual(0);

    const next = nextEvent(grill, 'kitchen.updated');
    const preparing = await status(cook.api, 'PREPARING');
    expect((await next).previousPosition).toBe(confirmed.body.position);
    expect((await status(cook.api, 'SERVED')).body.code).toBe('INVALID_TRANSITION');
    expect((await status(cook.api, 'READY')).status).toBe(200);
    expect((await status(cook.api, 'SERVED')).status).toBe(403);
    const served = await status(waiter.api, 'SERVED');
    expect(served.body.status).toBe('SERVED');
    const gone = await cook.api.get(`/api/restaurant/kitchen-queue?station=grill&minPosition=${served.body.position}`);
    expect(gone.body.orders).toEqual([]);
    expect(preparing.body.position).not.toBe(served.body.position);

    // 45,000 + 2 × 5,000 = 55,000 VND + 8 % tax = 59,400: a card part, then cash with change.
    const pay = (body: object) => waiter.api.post(`/api/restaurant/orders/${orderId}/payments`, body);
    const overCard = await pay({ method: 'CARD', amountMinor: 60000 });
    expect([overCard.status, overCard.body.code]).toEqual([422, 'OVERPAYMENT']);
    expect((await pay({ method: 'CARD', amountMinor: 20000 })).body).toMatchObject({ paidMinor: 20000, dueMinor: 39400, changeMinor: 0, status: 'SERVED' });
    expect((await pay({ method: 'CASH', amountMinor: 39400, tenderedMinor: 50000 })).body).toMatchObject({ paidMinor: 59400, dueMinor: 0, changeMinor: 10600, status: 'PAID' });
    const closed = await owner.api.get(`/api/restaurant/orders?table=3&minPosition=${(await t.server.store.headPosition()).toString()}`);
    expect(closed.body).toEqual([]);
  });

  it('50 concurrent commands on one order leave a history the state machine allows', async () => {
    const { owner, phoId, staff } = await restaurant();
    const cook = await staff('kitchen');
    const placed = await owner.api.post('/api/restaurant/orders', { table: '9', items: [{ itemId: phoId, quantity: 1 }] });
    const orderId = placed.body.orderId;
    const statuses = ['CONFIRMED', 'PREPARING', 'READY', 'SERVED'];
    const commands = Array.from({ length: 50 }, (_, i) => {
      const kind = i % 5;
      if (kind === 0) return owner.api.post(`/api/restaurant/orders/${orderId}/items`, { items: [{ itemId: phoId, quantity: 1 }] });
      if (kind === 1) return owner.api.post(`/api/restaurant/orders/${orderId}/payments`, { method: 'CARD', amountMinor: 10000 });
      if (kind === 2) return cook.api.post(`/api/restaurant/orders/${orderId}/status`, { status: statuses[i % 4] });
      return owner.api.post(`/api/restaurant/orders/${orderId}/status`, { status: statuses[i % 4] });
    });
    const answers = await Promise.all(commands);
    for (const a of answers) expect([200, 403, 409, 422]).toContain(a.status);
    const history = await t.server.store.readStream(`${owner.tenantId}.order-${orderId}`);
    // Replaying the recorded events through the decider's own rules must be legal step by step.
    let state = orderDecider.initialState();
    for (const e of history) state = orderDecider.evolve(state, { type: e.type, data: e.data } as OrderEvent);
    expect(history.map((e) => e.revision)).toEqual(history.map((_, i) => BigInt(i)));
    const transitions = history.filter((e) => e.type === 'OrderStatusChanged').map((e) => `${e.data.from}>${e.data.to}`);
    const legal = new Set(['PENDING>CONFIRMED', 'CONFIRMED>PREPARING', 'PREPARING>READY', 'READY>SERVED', 'SERVED>PAID', 'READY>CONFIRMED', 'SERVED>CONFIRMED']);
    for (const move of transitions) expect(legal).toContain(move);
    expect(state.paidMinor).toBeLessThanOrEqual(state.totalMinor);
    const accepted = answers.filter((a) => a.status === 200).length;
    expect(history.length).toBeGreaterThanOrEqual(1 + accepted);
  });

  it('another tenant neither reads nor hears an order', async () => {
    const a = await restaurant();
    const b = await ownerSession(t.url);
    const bSocket = await connect(b.tokens.accessToken);
    const heard: unknown[] = [];
    bSocket.onAny((event, payload) => heard.push([event, payload]));
    const placed = await a.owner.api.post('/api/restaurant/orders', { items: [{ itemId: a.phoId, quantity: 1 }] });
    await a.owner.api.post(`/api/restaurant/orders/${placed.body.orderId}/status`, { status: 'CONFIRMED' });
    expect((await b.api.get(`/api/restaurant/orders/${placed.body.orderId}?minPosition=${placed.body.position}`)).status).toBe(404);
    expect((await b.api.post(`/api/restaurant/orders/${placed.body.orderId}/status`, { status: 'CONFIRMED' })).status).toBe(404);
    // Listening before the write: a push may arrive before the write's own answer.
    const barrier = nextEvent(bSocket, 'catalog.changed');
    const bItem = await b.api.post('/api/catalog/items', { name: 'B', priceMinor: 1, taxRateBps: 0 });
    expect(bItem.status).toBe(201);
    await barrier;
    expect(heard.map((h) => (h as [string])[0])).toEqual(['catalog.changed']);
  });
});
