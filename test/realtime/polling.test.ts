import { io } from 'socket.io-client';
import { ownerSession, startTestServer, type TestServer } from '../helpers/test-server';

describe('Socket.IO long-polling on the real server', () => {
  let t: TestServer;
  beforeAll(async () => (t = await startTestServer()));
  afterAll(() => t.stop());

  it('connects over HTTP long-polling (the fallback when WebSockets are blocked) and hears pushes', async () => {
    const { tokens, api } = await ownerSession(t.url);
    const socket = io(`${t.url}/retail`, { auth: { token: tokens.accessToken }, transports: ['polling'], forceNew: true });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      const pushed = new Promise((resolve) => socket.once('catalog.changed', resolve));
      await api.post('/api/catalog/items', { name: 'Polled', priceMinor: 100, taxRateBps: 0 });
      expect(await pushed).toMatchObject({ item: { name: 'Polled' } });
    } finally {
      socket.close();
    }
  });
});
