import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pino from 'pino';
import { createRemoteProjections } from '../../src/api/remote-projections';
import { createSqliteEventStore } from '../../src/eventstore/sqlite-event-store';
import { position } from '../../src/eventstore/types';
import { catalogProjection } from '../../src/projections/catalog-items';
import { createProjectionRunner } from '../../src/projections/projection-runner';
import { createSqliteReadStore } from '../../src/projections/sqlite-read-store';
import { createProjectionBoard } from '../../src/roles/projection-board';
import { addCatalogItemEvent } from '../helpers/catalog-item-events';
import { uniquePrefix } from './role-processes';

const log = pino({ level: 'silent' });

// The API side and the projector side each with a connection of their own to one file, as two
// processes would have.
let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'pos-remote-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('projections read from their checkpoints (the api role)', () => {
  it('waits for a position until a runner elsewhere passes it, bounded; checkpointOf and status follow the file', async () => {
    const file = join(dir, 'pos.sqlite');
    const apiStore = createSqliteEventStore({ file });
    const remote = createRemoteProjections({ store: apiStore, readStore: createSqliteReadStore(apiStore.db), projections: [catalogProjection] });
    await remote.start();

    const appended = await addCatalogItemEvent(apiStore, 't_1', 1);
    // No projector yet: the wait is bounded and answers false.
    const t0 = Date.now();
    expect(await remote.whenProcessed('catalog', appended.position, 300)).toBe(false);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    expect((await remote.status())[0]).toMatchObject({ name: 'catalog', state: 'stopped', checkpoint: '0', lag: { events: 1 } });

    const projectorStore = createSqliteEventStore({ file });
    const runner = createProjectionRunner({ store: projectorStore, readStore: createSqliteReadStore(projectorStore.db), projections: [catalogProjection], log });
    const waiting = remote.whenProcessed('catalog', appended.position, 5_000);
    await runner.start();
    expect(await waiting).toBe(true);
    expect(await remote.checkpointOf('catalog')).toBe(appended.position);
    expect((await remote.status())[0]).toMatchObject({ checkpoint: appended.position.toString(), lag: { events: 0, ms: 0 } });
    // A position beyond the head is never passed.
    expect(await remote.whenProcessed('catalog', position(appended.position + 10n), 100)).toBe(false);

    await runner.stop();
    await projectorStore.close();
    await apiStore.close();
  });

  it("status shows what the projector reports on the board: state, failure and holder", async () => {
    const store = createSqliteEventStore({ file: join(dir, 'pos.sqlite') });
    const redis = new Redis('redis://127.0.0.1:6379');
    try {
      const board = createProjectionBoard({ redis, prefix: uniquePrefix('board') });
      const remote = createRemoteProjections({ store, readStore: createSqliteReadStore(store.db), projections: [catalogProjection], states: board.read });
      await board.report('catalog', { state: 'failed', failure: { position: '7', error: 'boom' }, holder: 'host:42' }, 60_000);
      expect((await remote.status())[0]).toMatchObject({ state: 'failed', failure: { position: '7', error: 'boom' }, holder: 'host:42' });
      await board.clear('catalog');
      expect((await remote.status())[0]!.state).toBe('stopped');
    } finally {
      redis.disconnect();
      await store.close();
    }
  });
});
