import type http from 'node:http';
import pino from 'pino';
import { createAccessTokens } from '../../src/auth/access-tokens';
import { REALTIME_NAMESPACES } from '../../src/realtime/publisher';
import { attachRealtime, type Realtime } from '../../src/realtime/realtime-server';
import { SECRET, clientPool, closeServer, connected, listeningServer } from '../realtime/socket-helpers';

/**
 * Every event a client may send over Socket.IO, and why it changes nothing. Socket.IO carries
 * pushes out; a client→server event that writes would have to refuse auditors like the HTTP
 * routes do. A new handler fails this test until it is listed here with its reason.
 */
const CLIENT_EVENTS: Record<string, string> = {
  'kitchen:subscribe': 'joins a station room: narrows what this socket hears, records nothing',
  error: "Socket.IO's own no-op listener (it reports middleware errors locally)",
};

describe('an auditor over Socket.IO', () => {
  const accessTokens = createAccessTokens({ secret: SECRET, ttlSeconds: 900 });
  const auditor = accessTokens.sign({ tenantId: 't_audited', userId: 'u_auditor', role: 'auditor', sessionId: 's_1' });
  const clients = clientPool();
  let httpServer: http.Server;
  let url: string;
  let realtime: Realtime;

  beforeAll(async () => {
    ({ httpServer, url } = await listeningServer());
    realtime = await attachRealtime({ httpServer, accessTokens, log: pino({ level: 'silent' }) });
  });
  afterAll(async () => {
    clients.closeAll();
    await realtime.close();
    await closeServer(httpServer);
  });

  it.each(REALTIME_NAMESPACES)('%s: the server listens for no client event but the read-only ones', async (namespace) => {
    const socket = await connected(clients.open(`${url}${namespace}`, { token: auditor }));
    const onServer = [...realtime.io.of(namespace).sockets.values()].find((s) => s.id === socket.id);
    expect(onServer?.data.claims.role).toBe('auditor');
    expect(onServer!.listenersAny()).toEqual([]); // a catch-all handler would take any event at all
    for (const event of onServer!.eventNames()) expect([namespace, String(event), CLIENT_EVENTS[String(event)]]).toEqual([namespace, String(event), expect.any(String)]);
  });

  it('an auditor may still narrow a kitchen display (a read)', async () => {
    const socket = await connected(clients.open(`${url}/restaurant`, { token: auditor }));
    const answer = await new Promise((resolve) => socket.emit('kitchen:subscribe', { station: 'grill' }, resolve));
    expect(answer).toEqual({ ok: true, station: 'grill' });
  });
});
