import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createSqliteEventStore } from '../../src/eventstore/sqlite-event-store';
import { addCatalogItemEvent } from '../helpers/catalog-item-events';
import { catalogItems, catalogProjection } from '../../src/projections/catalog-items';
import { createProjectionRunner } from '../../src/projections/projection-runner';
import { rebuildProjection } from '../../src/projections/rebuild';
import { createSqliteRebuildTarget } from '../../src/projections/sqlite-rebuild';
import { createSqliteReadStore } from '../../src/projections/sqlite-read-store';

const log = pino({ level: 'silent' });


describe('projection rebuild', () => {
  let dir: string;
  let store: ReturnType<typeof createSqliteEventStore>;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pos-rebuild-'));
    store = createSqliteEventStore({ file: join(dir, 'pos.sqlite') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rebuilds into fresh tables while the live model answers, swaps them in, and the live runner follows on', async () => {
    for (let n = 1; n <= 50; n++) await addCatalogItemEvent(store, 't_a', n);
    const live = createSqliteReadStore(store.db);
    const runner = createProjectionRunner({ store, readStore: live, projections: [catalogProjection], log });
    await runner.start();
    expect(await runner.whenProcessed('catalog', await store.headPosition())).toBe(true);
    // Damage the live read model behind the projection's back: the rebuild must repair it.
    store.db.exec(`DELETE FROM rm_catalog_items WHERE id = 'i_7'`);
    expect(await live.get(catalogItems, 't_a', 'i_7')).toBeUndefined();

    const target = createSqliteRebuildTarget(store.db, catalogProjection);
    for (let n = 51; n <= 60; n++) await addCatalogItemEvent(store, 't_a', n);
    expect((await live.find(catalogItems, 't_a', { limit: 1000 })).length).toBeLessThanOrEqual(59); // still the old tables
    await rebuildProjection({ store, projection: catalogProjection, target, log });

    expect(await live.get(catalogItems, 't_a', 'i_7')).toMatchObject({ name: 'Item 7', priceMinor: 700 });
    const after = await addCatalogItemEvent(store, 't_a', 61);
    expect(await runner.whenProcessed('catalog', after.position)).toBe(true);
    const items = await live.find(catalogItems, 't_a', { limit: 1000 });
    expect(items.map((d) => d.itemId).sort()).toEqual(Array.from({ length: 61 }, (_, i) => `i_${i + 1}`).sort());
    expect((await live.find(catalogItems, 't_a', { search: ['sku-61'] })).map((d) => d.itemId)).toEqual(['i_61']);
    await runner.stop();
    const tables = store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rm_catalog_items%'").pluck().all();
    expect(tables).toHaveLength(2); // the live generation and its search table; the old ones are gone
  });

  it('gives the same documents whether it writes out every few documents and forgets them, or holds them all', async () => {
    for (let n = 1; n <= 40; n++) await addCatalogItemEvent(store, 't_a', n);
    // Prices change again and again, so documents are touched by many batches.
    for (let round = 1; round <= 5; round++) {
      for (let n = 1; n <= 40; n += round) {
        await store.appendToStream(
          `t_a.catalogitem-i_${n}`,
          [{ id: randomUUID(), type: 'CatalogItemPriceChanged', data: { itemId: `i_${n}`, priceMinor: 1000 * round + n, previousPriceMinor: 0 }, metadata: {} }],
          { expectedRevision: 'any' },
        );
      }
    }
    const readModel = async () => (await createSqliteReadStore(store.db).find(catalogItems, 't_a', { limit: 1000, orderBy: { field: 'name' } })).map(({ revision, position, ...doc }) => doc);
    await rebuildProjection({ store, projection: catalogProjection, target: createSqliteRebuildTarget(store.db, catalogProjection), log });
    const held = await readModel();
    await rebuildProjection({ store, projection: catalogProjection, target: createSqliteRebuildTarget(store.db, catalogProjection), log, cache: { maxDirty: 3, maxDocs: 5 } });
    expect(await readModel()).toEqual(held);
    expect(held).toHaveLength(40);
  });
});
