import { io, type Socket } from 'socket.io-client';
import { client, ownerSession, startTestServer, type TestServer } from '../helpers/test-server';

const item = (name: string, extra: Record<string, unknown> = {}) => ({ name, priceMinor: 45000, taxRateBps: 800, ...extra });

function nextEvent<T = any>(socket: Socket, event: string, timeoutMs = 2000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

describe('catalog reads over HTTP and pushes over Socket.IO', () => {
  let t: TestServer;
  const sockets: Socket[] = [];
  beforeAll(async () => (t = await startTestServer({ SIGNUP_RATE_LIMIT_PER_IP: '1000', LOGIN_RATE_LIMIT_PER_IP: '1000' })));
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(() => t.stop());

  const connect = (token: string, namespace = '/retail') => {
    const socket = io(`${t.url}${namespace}`, { auth: { token }, transports: ['websocket'], forceNew: true });
    sockets.push(socket);
    return new Promise<Socket>((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  };

  it('finds items case- and diacritic-insensitively by name, SKU and barcode, reading its own writes', async () => {
    const { api } = await ownerSession(t.url);
    await api.post('/api/catalog/items', item('Phở bò', { sku: 'PHO-01', station: 'kitchen' }));
    await api.post('/api/catalog/items', item('Cà phê sữa đá', { barcode: '8934563138165' }));
    const last = await api.post('/api/catalog/items', item('Bánh mì'));
    const at = `minPosition=${last.body.position}`;
    const names = async (q: string) => (await api.get(`/api/catalog/items?q=${encodeURIComponent(q)}&${at}`)).body.map((i: { name: string }) => i.name);
    expect(await names('pho')).toEqual(['Phở bò']);
    expect(await names('PHỞ')).toEqual(['Phở bò']);
    expect(await names('ca phe')).toEqual(['Cà phê sữa đá']);
    expect(await names('pho-0')).toEqual(['Phở bò']);
    expect(await names('893456')).toEqual(['Cà phê sữa đá']);
    expect(await names('banh')).toEqual(['Bánh mì']);
    expect(await names('zzz')).toEqual([]);
    const all = await api.get(`/api/catalog/items?${at}`);
    expect(all.body.map((i: { name: string }) => i.name)).toEqual(['Bánh mì', 'Cà phê sữa đá', 'Phở bò']);
    expect(all.body[2]).toMatchObject({ itemId: expect.any(String), sku: 'PHO-01', priceMinor: 45000, taxRateBps: 800, station: 'kitchen', trackStock: false });
    expect(all.body[2].search).toBeUndefined();
  });

  it('a price change is visible at once with minPosition and pushed to the tenant only', async () => {
    const a = await ownerSession(t.url);
    const b = await ownerSession(t.url);
    const created = await a.api.post('/api/catalog/items', item('Trà đá'));
    const aSocket = await connect(a.tokens.accessToken);
    const bSocket = await connect(b.tokens.accessToken, '/restaurant');
    const bHeard: unknown[] = [];
    bSocket.on('catalog.changed', (p) => bHeard.push(p));
    const pushed = nextEvent(aSocket, 'catalog.changed');
    const changed = await a.api.call('PATCH', `/api/catalog/items/${created.body.itemId}`, { priceMinor: 5000 });
    expect(changed.status).toBe(200);
    const push = await pushed;
    expect(push).toMatchObject({ position: changed.body.position, item: { itemId: created.body.itemId, priceMinor: 5000 } });
    const read = await a.api.get(`/api/catalog/items?q=tra&minPosition=${changed.body.position}`);
    expect(read.body[0].priceMinor).toBe(5000);
    // B's own change is the barrier: by the time B hears it, any leak of A's would have arrived.
    const bOwn = nextEvent(bSocket, 'catalog.changed');
    await b.api.post('/api/catalog/items', item('B only'));
    await bOwn;
    expect(bHeard).toHaveLength(1);
    expect((await b.api.get('/api/catalog/items?q=tra')).body).toEqual([]);
  });

  it('minPosition beyond the head answers 503 with the current position; a bad one is 400', async () => {
    const { api } = await ownerSession(t.url);
    const ahead = await api.get('/api/catalog/items?minPosition=999999999');
    expect(ahead.status).toBe(503);
    expect(ahead.body).toMatchObject({ code: 'PROJECTION_BEHIND', position: expect.stringMatching(/^\d+$/) });
    const bad = await api.get('/api/catalog/items?minPosition=soon');
    expect([bad.status, bad.body.errors[0].field]).toEqual([400, 'minPosition']);
  });

  it('every role reads the catalog; the token is required', async () => {
    expect((await client(t.url).get('/api/catalog/items')).status).toBe(401);
  });

  it('/ready lists each projection with its checkpoint and lag', async () => {
    const ready = await client(t.url).get('/ready');
    expect(ready.body.projections).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'catalog', state: 'running', checkpoint: expect.stringMatching(/^\d+$/), lag: expect.objectContaining({ events: 0 }) })]));
  });
});
