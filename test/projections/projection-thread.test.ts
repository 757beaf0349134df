import type { ProjectionThread } from '../../src/projections/projection-thread';
import { client, ownerSession, startTestServer, type TestServer } from '../helpers/test-server';

/** The `all` role runs the projections on a worker thread; these look at that thread through the API. */
describe('projections on their own thread', () => {
  let t: TestServer;
  beforeEach(async () => (t = await startTestServer()));
  afterEach(() => t.stop());

  const states = async (): Promise<string[]> => ((await client(t.url).get('/ready')).body.projections as { state: string }[]).map((p) => p.state);
  async function until(check: () => Promise<boolean>, ms = 5000): Promise<void> {
    for (const deadline = Date.now() + ms; !(await check()); ) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('runs every projection off the API thread; a thread that dies is reported, and started again from the checkpoints', async () => {
    const projections = t.server.projections as ProjectionThread;
    const owner = await ownerSession(t.url);
    const first = await owner.api.post('/api/catalog/items', { name: 'Trà đá', priceMinor: 5000, taxRateBps: 0 });
    const read = await owner.api.get(`/api/catalog/items?minPosition=${first.body.position}`);
    expect(read.status).toBe(200);
    expect(read.body.map((i: { itemId: string }) => i.itemId)).toContain(first.body.itemId);
    await until(async () => (await states()).every((s) => s === 'running'));

    const thread = projections.thread()!;
    expect(thread.threadId).toBeGreaterThan(0);
    await thread.terminate();
    await until(async () => (await states()).every((s) => s === 'failed'));
    expect((await client(t.url).get('/ready')).body.status).toBe('degraded');

    // Written while no thread runs: applied once the new thread has caught up from the checkpoints.
    const second = await owner.api.post('/api/catalog/items', { name: 'Cà phê', priceMinor: 20000, taxRateBps: 0 });
    // Meanwhile a read waiting for it answers at once that the read model is behind (not after its ~2 s bound).
    const asked = Date.now();
    const behind = await owner.api.get(`/api/catalog/items?minPosition=${second.body.position}`);
    expect([behind.status, behind.body.code]).toEqual([503, 'PROJECTION_BEHIND']);
    expect(Date.now() - asked).toBeLessThan(900);
    await until(async () => (await states()).every((s) => s === 'running'));
    expect(projections.thread()).not.toBe(thread);
    const after = await owner.api.get(`/api/catalog/items?minPosition=${second.body.position}`);
    expect(after.status).toBe(200);
    expect(after.body.map((i: { itemId: string }) => i.itemId).sort()).toEqual([first.body.itemId, second.body.itemId].sort());
  });
});
