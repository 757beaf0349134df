import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import pino from 'pino';
import { createAccessTokens, type AccessClaims } from '../../src/auth/access-tokens';
import type { Publisher, Push } from '../../src/realtime/publisher';
import { attachRealtime, type Realtime } from '../../src/realtime/realtime-server';
import { createRedisPublisher } from '../../src/realtime/redis-publisher';
import { SECRET, clientPool, closeServer, connected, listeningServer, nextEvent, recorder } from './socket-helpers';

const REDIS_URL = 'redis://127.0.0.1:6379';
const log = pino({ level: 'silent' });
const accessTokens = createAccessTokens({ secret: SECRET, ttlSeconds: 900 });

interface Node {
  httpServer: http.Server;
  url: string;
  realtime: Realtime;
}

async function startNode(): Promise<Node> {
  const { httpServer, url } = await listeningServer();
  return { httpServer, url, realtime: await attachRealtime({ httpServer, accessTokens, redisUrl: REDIS_URL, log }) };
}

let node1: Node;
let node2: Node;
let emitter: Publisher;
const clients = clientPool();

beforeAll(async () => {
  [node1, node2] = await Promise.all([startNode(), startNode()]);
  emitter = createRedisPublisher({ redisUrl: REDIS_URL, log });
});
afterEach(() => clients.closeAll());
afterAll(async () => {
  await emitter?.close();
  for (const node of [node1, node2]) {
    if (!node) continue;
    await node.realtime.close();
    await closeServer(node.httpServer);
  }
});

// Other test files may share this Redis: every test talks about tenants of its own.
const newTenant = () => `t_${randomUUID().replaceAll('-', '')}`;
const tokenFor = (tenantId: string): string => {
  const claims: AccessClaims = { tenantId, role: 'kitchen', userId: 'u_1', sessionId: 's_1' };
  return accessTokens.sign(claims);
};
const display = (node: Node, tenantId: string) => connected(clients.open(`${node.url}/restaurant`, { token: tokenFor(tenantId) }));

let positions = 0;
function push(tenantId: string, event: string, extra: Partial<Push> = {}): Push {
  positions += 1;
  return { namespace: '/restaurant', tenantId, event, payload: { position: String(positions) }, ...extra };
}

describe('realtime across processes through Redis', () => {
  it('delivers a push published on server 1 to a client of server 2', async () => {
    const tenant = newTenant();
    const onServer2 = await display(node2, tenant);
    const onServer1 = await display(node1, tenant);

    const p = push(tenant, 'order.placed', { payload: { position: '10', order: { id: 'o1' } } });
    const received = Promise.all([nextEvent(onServer2, 'order.placed'), nextEvent(onServer1, 'order.placed')]);
    node1.realtime.publisher.publish(p);
    await expect(received).resolves.toEqual([p.payload, p.payload]);
  });

  it('routes kitchen pushes by station on the other server too', async () => {
    const tenant = newTenant();
    const grill = await display(node2, tenant);
    await expect(grill.timeout(3000).emitWithAck('kitchen:subscribe', { station: 'grill' })).resolves.toEqual({ ok: true, station: 'grill' });
    const everything = await display(node2, tenant);
    const heardByGrill = recorder(grill);
    const heardByEverything = recorder(everything);

    const bar = push(tenant, 'kitchen.updated', { station: 'bar' });
    const grillTicket = push(tenant, 'kitchen.updated', { station: 'grill' });
    const order = push(tenant, 'order.placed');
    for (const p of [bar, grillTicket, order]) node1.realtime.publisher.publish(p);
    await Promise.all([nextEvent(grill, 'order.placed'), nextEvent(everything, 'order.placed')]);

    const heard = (p: Push) => ({ event: p.event, payload: p.payload });
    expect(heardByGrill).toEqual([heard(grillTicket), heard(order)]);
    expect(heardByEverything).toEqual([heard(bar), heard(grillTicket), heard(order)]);
  });

  it('delivers a push from the Redis publisher (a projector without Socket.IO) to clients of either server, and to no other tenant', async () => {
    const tenant = newTenant();
    const other = newTenant();
    const onServer1 = await display(node1, tenant);
    const onServer2 = await display(node2, tenant);
    const otherTenant = await display(node2, other);
    const heardByOther = recorder(otherTenant);

    const p = push(tenant, 'order.placed', { payload: { position: '11', order: { id: 'o2' } } });
    const received = Promise.all([nextEvent(onServer1, 'order.placed'), nextEvent(onServer2, 'order.placed')]);
    emitter.publish(p);
    await expect(received).resolves.toEqual([p.payload, p.payload]);

    const barrier = push(other, 'order.updated');
    emitter.publish(barrier);
    await nextEvent(otherTenant, 'order.updated');
    expect(heardByOther).toEqual([{ event: barrier.event, payload: barrier.payload }]);
  });

  it('routes kitchen pushes of the Redis publisher by station', async () => {
    const tenant = newTenant();
    const grill = await display(node1, tenant);
    await expect(grill.timeout(3000).emitWithAck('kitchen:subscribe', { station: 'grill' })).resolves.toEqual({ ok: true, station: 'grill' });
    const heard = recorder(grill);

    emitter.publish(push(tenant, 'kitchen.updated', { station: 'bar' }));
    const grillTicket = push(tenant, 'kitchen.updated', { station: 'grill' });
    emitter.publish(grillTicket);
    await nextEvent(grill, 'kitchen.updated');
    expect(heard).toEqual([{ event: grillTicket.event, payload: grillTicket.payload }]);
  });
});
