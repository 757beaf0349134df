import type http from 'node:http';
import pino from 'pino';
import type { Socket } from 'socket.io-client';
import { createAccessTokens, type AccessClaims } from '../../src/auth/access-tokens';
import type { Push } from '../../src/realtime/publisher';
import { attachRealtime, type Realtime } from '../../src/realtime/realtime-server';
import { SECRET, clientPool, closeServer, connected, listeningServer, nextEvent, recorder, refused, signRaw } from './socket-helpers';

const accessTokens = createAccessTokens({ secret: SECRET, ttlSeconds: 900 });
const A = 't_tenantA';
const B = 't_tenantB';
const claims = (tenantId: string, role: AccessClaims['role'] = 'kitchen'): AccessClaims => ({ tenantId, role, userId: `u_${tenantId}`, sessionId: `s_${tenantId}` });
const tokenA = accessTokens.sign(claims(A));
const tokenB = accessTokens.sign(claims(B));

let httpServer: http.Server;
let url: string;
let realtime: Realtime;
const clients = clientPool();

beforeAll(async () => {
  ({ httpServer, url } = await listeningServer());
  realtime = await attachRealtime({ httpServer, accessTokens, log: pino({ level: 'silent' }) });
});
afterEach(() => clients.closeAll());
afterAll(async () => {
  await realtime.close();
  await closeServer(httpServer);
});

const restaurant = (auth: Record<string, unknown>) => clients.open(`${url}/restaurant`, auth);
const connectRestaurant = (token: string, extra: Record<string, unknown> = {}) => connected(restaurant({ token, ...extra }));

let positions = 0;
function push(tenantId: string, event: string, extra: Partial<Push> = {}): Push {
  positions += 1;
  return { namespace: '/restaurant', tenantId, event, payload: { position: String(positions), tenantId }, ...extra };
}
/** Publishes, and returns what every listener must receive. */
function publish(p: Push) {
  realtime.publisher.publish(p);
  return { event: p.event, payload: p.payload };
}

describe('handshake authentication', () => {
  const now = () => Math.floor(Date.now() / 1000);

  it('refuses a connection without a token', async () => {
    const error = await refused(restaurant({}));
    expect(error.message).toMatch(/token missing/);
    expect(error.data).toEqual({ code: 'UNAUTHENTICATED' });
  });

  it('refuses a garbage token', async () => {
    const error = await refused(restaurant({ token: 'not.a.jwt' }));
    expect(error.message).toBe('access token invalid or expired');
    expect(error.data?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a token that is not a string', async () => {
    const error = await refused(restaurant({ token: { tid: A } }));
    expect(error.message).toBe('access token invalid or expired');
    expect(error.data?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a token signed with another secret', async () => {
    const forged = createAccessTokens({ secret: 'y'.repeat(40), ttlSeconds: 900 }).sign(claims(A));
    const error = await refused(restaurant({ token: forged }));
    expect(error.message).toBe('access token invalid or expired');
    expect(error.data?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an expired token, and takes the same token laid out with a future expiry', async () => {
    const error = await refused(restaurant({ token: signRaw(claims(A), { secret: SECRET, exp: now() - 60 }) }));
    expect(error.message).toBe('access token invalid or expired');
    expect(error.data?.code).toBe('UNAUTHENTICATED');

    await connected(restaurant({ token: signRaw(claims(A), { secret: SECRET, exp: now() + 60 }) }));
  });

  it('guards /retail the same way', async () => {
    const error = await refused(clients.open(`${url}/retail`, {}));
    expect(error.data?.code).toBe('UNAUTHENTICATED');
  });
});

describe('tenant rooms', () => {
  it('delivers a push to its tenant with payload and position', async () => {
    const a = await connectRestaurant(tokenA);
    const received = nextEvent(a, 'order.placed');
    const sent = publish(push(A, 'order.placed', { payload: { position: '42', order: { id: 'o1', lines: [] } } }));
    await expect(received).resolves.toEqual({ position: '42', order: { id: 'o1', lines: [] } });
    expect(sent.payload.position).toBe('42');
  });

  it('never delivers one tenant’s push to another tenant', async () => {
    const a = await connectRestaurant(tokenA);
    const b = await connectRestaurant(tokenB);
    const heardByA = recorder(a);
    const heardByB = recorder(b);

    const forA = publish(push(A, 'order.placed'));
    const kitchenForA = publish(push(A, 'kitchen.updated', { station: 'grill' }));
    const forB = publish(push(B, 'order.updated'));
    await nextEvent(b, 'order.updated');
    const barrierA = publish(push(A, 'order.updated'));
    await nextEvent(a, 'order.updated');

    expect(heardByB).toEqual([forB]);
    expect(heardByA).toEqual([forA, kitchenForA, barrierA]);
  });

  it('joins rooms from the token, whatever tenant the client names', async () => {
    const spoofer = await connectRestaurant(tokenA, { tenantId: B });
    const b = await connectRestaurant(tokenB);
    const heardBySpoofer = recorder(spoofer);
    spoofer.emit('join', `t:${B}`);
    spoofer.emit('subscribe', { tenantId: B });
    await expect(spoofer.timeout(3000).emitWithAck('kitchen:subscribe', { station: 'grill', tenantId: B })).resolves.toEqual({ ok: true, station: 'grill' });

    const heardByB = recorder(b);
    const toB = [publish(push(B, 'order.placed')), publish(push(B, 'kitchen.updated', { station: 'grill' }))];
    await nextEvent(b, 'kitchen.updated');
    const barrier = publish(push(A, 'kitchen.updated', { station: 'grill' }));
    await nextEvent(spoofer, 'kitchen.updated');

    expect(heardByB).toEqual(toB);
    expect(heardBySpoofer).toEqual([barrier]);
  });

  it('keeps /retail pushes in /retail', async () => {
    const retail = await connected(clients.open(`${url}/retail`, { token: accessTokens.sign(claims(A, 'auditor')) }));
    const kitchen = await connectRestaurant(tokenA);
    const heardByKitchen = recorder(kitchen);

    const stock = publish(push(A, 'stock.changed', { namespace: '/retail', payload: { position: '7', items: [{ itemId: 'i1', onHand: 3, low: false }] } }));
    await expect(nextEvent(retail, 'stock.changed')).resolves.toEqual(stock.payload);
    const barrier = publish(push(A, 'order.placed'));
    await nextEvent(kitchen, 'order.placed');
    expect(heardByKitchen).toEqual([barrier]);
  });
});

describe('kitchen:subscribe', () => {
  async function display(station?: string): Promise<Socket> {
    const socket = await connectRestaurant(tokenA);
    if (station) await expect(socket.timeout(3000).emitWithAck('kitchen:subscribe', { station })).resolves.toEqual({ ok: true, station });
    return socket;
  }

  it('narrows a display to its station; one that did not narrow gets every station', async () => {
    const grill = await display('grill');
    const everything = await display();
    const heardByGrill = recorder(grill);
    const heardByEverything = recorder(everything);

    const bar = publish(push(A, 'kitchen.updated', { station: 'bar' }));
    const grillTicket = publish(push(A, 'kitchen.updated', { station: 'grill' }));
    const order = publish(push(A, 'order.placed'));
    await Promise.all([nextEvent(grill, 'order.placed'), nextEvent(everything, 'order.placed')]);

    expect(heardByGrill).toEqual([grillTicket, order]);
    expect(heardByEverything).toEqual([bar, grillTicket, order]);
  });

  it('moves a display from one station to another', async () => {
    const socket = await display('grill');
    await expect(socket.timeout(3000).emitWithAck('kitchen:subscribe', { station: 'bar' })).resolves.toEqual({ ok: true, station: 'bar' });
    const heard = recorder(socket);

    publish(push(A, 'kitchen.updated', { station: 'grill' }));
    const bar = publish(push(A, 'kitchen.updated', { station: 'bar' }));
    await nextEvent(socket, 'kitchen.updated');
    expect(heard).toEqual([bar]);
  });

  it("widens a narrowed display back to every station with station 'all'", async () => {
    const socket = await display('grill');
    await expect(socket.timeout(3000).emitWithAck('kitchen:subscribe', { station: 'all' })).resolves.toEqual({ ok: true, station: 'all' });
    const heard = recorder(socket);

    const bar = publish(push(A, 'kitchen.updated', { station: 'bar' }));
    const grillTicket = publish(push(A, 'kitchen.updated', { station: 'grill' }));
    const order = publish(push(A, 'order.placed'));
    await nextEvent(socket, 'order.placed');
    expect(heard).toEqual([bar, grillTicket, order]);
  });

  it('answers a request that carries only an ack with an error', async () => {
    const socket = await display();
    await expect(socket.timeout(3000).emitWithAck('kitchen:subscribe')).resolves.toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  it.each([[{ station: '' }], [{ station: 'x'.repeat(41) }], [{ station: 5 }], [{}], ['grill']])('answers %j with an error and keeps the display as it was', async (body) => {
    const socket = await display('grill');
    await expect(socket.timeout(3000).emitWithAck('kitchen:subscribe', body)).resolves.toEqual({
      ok: false,
      error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('station') },
    });
    const heard = recorder(socket);
    publish(push(A, 'kitchen.updated', { station: 'bar' }));
    const grillTicket = publish(push(A, 'kitchen.updated', { station: 'grill' }));
    await nextEvent(socket, 'kitchen.updated');
    expect(heard).toEqual([grillTicket]);
  });

  it('emits kitchen:error for an invalid request sent without an ack', async () => {
    const socket = await display();
    const error = nextEvent(socket, 'kitchen:error');
    socket.emit('kitchen:subscribe', { station: '' });
    await expect(error).resolves.toEqual({ code: 'VALIDATION_FAILED', message: expect.any(String) });
  });
});
