import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { openSqliteDatabase } from '../../src/eventstore/sqlite-database';
import { createSqliteEventStore } from '../../src/eventstore/sqlite-event-store';
import { catalogItems, catalogProjection } from '../../src/projections/catalog-items';
import { createProjectionRunner } from '../../src/projections/projection-runner';
import { createSqliteReadStore } from '../../src/projections/sqlite-read-store';
import { spawnServer } from '../helpers/spawn-server';
import { client, OWNER_PASSWORD, signUpBody, uniqueSubdomain } from '../helpers/test-server';

const env = (dataDir: string) => ({ DATA_DIR: dataDir, JWT_SECRET: 'y'.repeat(40), LOG_LEVEL: 'info' });

describe('read models across kill -9', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'pos-crash-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('a server killed while projecting restarts to exactly the read model a fresh rebuild gives', async () => {
    const first = await spawnServer(env(dataDir));
    const subdomain = uniqueSubdomain();
    const signUp = await client(first.url).post('/api/tenants', signUpBody(subdomain));
    const login = await client(first.url).post('/api/auth/login', { subdomain, email: `owner@${subdomain}.example`, password: OWNER_PASSWORD });
    const api = client(first.url, login.body.accessToken);
    // Writers keep going while the process is killed mid-stream; some requests fail, which is fine.
    let stop = false;
    const writers = Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; !stop; i++) {
        const created = await api.post('/api/catalog/items', { name: `Món ${w}-${i}`, sku: `W${w}-${i}`, priceMinor: 1000 + i, taxRateBps: 800 }).catch(() => undefined);
        if (created?.status === 201) await api.call('PATCH', `/api/catalog/items/${created.body.itemId}`, { priceMinor: 2000 + i }).catch(() => undefined);
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 700));
    first.child.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    await first.exited;

    const second = await spawnServer(env(dataDir));
    const head = (await client(second.url).get('/ready')).body.eventStore.headPosition as string;
    const caughtUp = await client(second.url, login.body.accessToken).get(`/api/catalog/items?limit=1&minPosition=${head}`);
    expect(caughtUp.status).toBe(200);
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);

    const store = createSqliteEventStore({ file: join(dataDir, 'pos.sqlite') });
    const live = createSqliteReadStore(store.db);
    const freshDb = openSqliteDatabase(join(dataDir, 'fresh.sqlite'));
    const fresh = createSqliteReadStore(freshDb);
    const rebuild = createProjectionRunner({ store, readStore: fresh, projections: [catalogProjection], log: pino({ level: 'silent' }) });
    await rebuild.start();
    expect(await rebuild.whenProcessed('catalog', await store.headPosition())).toBe(true);
    await rebuild.stop();
    const tenantId = signUp.body.tenantId as string;
    const liveItems = await live.find(catalogItems, tenantId, { limit: 100_000 });
    expect(liveItems.length).toBeGreaterThan(10);
    expect(liveItems).toEqual(await fresh.find(catalogItems, tenantId, { limit: 100_000 }));
    freshDb.close();
    await store.close();
  });
});
