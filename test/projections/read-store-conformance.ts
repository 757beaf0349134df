import { randomUUID } from 'node:crypto';
import { position } from '../../src/eventstore/types';
import type { CollectionSpec, ReadStore } from '../../src/projections/read-store';

export type ReadStoreFactory = () => Promise<{ readStore: ReadStore; cleanup: () => Promise<void> }>;

const items: CollectionSpec = { name: 'conformance_items', indexes: [['name'], ['sku'], ['low']], searchField: 'search' };
const timeline: CollectionSpec = { name: 'conformance_timeline', indexes: [['at'], ['n'], ['open', 'at']] };
/** The same documents, with the search order kept beside the tokens. */
const ordered: CollectionSpec = { name: 'conformance_ordered', indexes: [['name']], searchField: 'search', searchOrder: 'name' };

/** One suite for every ReadStore adapter; each test uses fresh random tenants and projection names. */
export function runReadStoreConformance(adapterName: string, factory: ReadStoreFactory): void {
  describe(`ReadStore conformance: ${adapterName}`, () => {
    let readStore: ReadStore;
    let cleanup: () => Promise<void>;
    let tenant: string;
    let other: string;
    let projection: string;
    const put = (tenantId: string, id: string, doc: Record<string, unknown>) => ({ key: { collection: items, tenantId, id }, doc });

    beforeEach(async () => {
      ({ readStore, cleanup } = await factory());
      await readStore.prepare([items]);
      tenant = `t_${randomUUID().slice(0, 8)}`;
      other = `t_${randomUUID().slice(0, 8)}`;
      projection = `p_${randomUUID().slice(0, 8)}`;
    });
    afterEach(async () => {
      await readStore.close();
      await cleanup();
    });

    it('commits documents with the checkpoint and reads them back by id', async () => {
      expect(await readStore.checkpoint(projection)).toBeUndefined();
      await readStore.commit(projection, position(7), [put(tenant, 'a', { name: 'Apple', n: 1 })]);
      expect(await readStore.checkpoint(projection)).toBe(7n);
      expect(await readStore.get(items, tenant, 'a')).toEqual({ name: 'Apple', n: 1 });
      expect(await readStore.get(items, tenant, 'missing')).toBeUndefined();
    });

    it('a replayed batch (same or older position) changes nothing', async () => {
      expect(await readStore.commit(projection, position(7), [put(tenant, 'a', { name: 'Apple', n: 1 })])).toBe(true);
      expect(await readStore.commit(projection, position(7), [put(tenant, 'a', { name: 'Apple', n: 2 }), put(tenant, 'b', { name: 'B' })])).toBe(false);
      expect(await readStore.commit(projection, position(3), [put(tenant, 'a', { name: 'Apple', n: 3 })])).toBe(false);
      expect(await readStore.get(items, tenant, 'a')).toEqual({ name: 'Apple', n: 1 });
      expect(await readStore.get(items, tenant, 'b')).toBeUndefined();
      expect(await readStore.checkpoint(projection)).toBe(7n);
    });

    it('with an expected checkpoint, writes only if the checkpoint has not moved', async () => {
      expect(await readStore.commit(projection, position(5), [put(tenant, 'a', { v: 1 })], { expectedCheckpoint: null })).toBe(true);
      expect(await readStore.commit(projection, position(9), [put(tenant, 'a', { v: 2 })], { expectedCheckpoint: position(4) })).toBe(false);
      expect(await readStore.commit(projection, position(9), [put(tenant, 'a', { v: 3 })], { expectedCheckpoint: null })).toBe(false);
      expect(await readStore.get(items, tenant, 'a')).toEqual({ v: 1 });
      expect(await readStore.commit(projection, position(9), [put(tenant, 'a', { v: 4 })], { expectedCheckpoint: position(5) })).toBe(true);
      expect(await readStore.get(items, tenant, 'a')).toEqual({ v: 4 });
      expect(await readStore.checkpoint(projection)).toBe(9n);
    });

    it('loads the documents a batch needs', async () => {
      await readStore.commit(projection, position(1), [put(tenant, 'a', { name: 'A' }), put(other, 'a', { name: 'Other A' })]);
      const loaded = await readStore.load([
        { collection: items, tenantId: tenant, id: 'a' },
        { collection: items, tenantId: tenant, id: 'nope' },
      ]);
      expect([...loaded.values()]).toEqual([{ name: 'A' }]);
    });

    it('finds by field equality (strings, numbers, booleans, null), ordered and limited, within one tenant', async () => {
      await readStore.commit(projection, position(1), [
        put(tenant, '1', { name: 'Banana', sku: 'B-1', low: true }),
        put(tenant, '2', { name: 'Apple', sku: null, low: false }),
        put(tenant, '3', { name: 'Cherry', sku: 'C-1', low: true }),
        put(other, '4', { name: 'Avocado', sku: 'B-1', low: true }),
      ]);
      const names = (docs: Record<string, unknown>[]) => docs.map((d) => d.name);
      expect(names(await readStore.find(items, tenant, { orderBy: { field: 'name' } }))).toEqual(['Apple', 'Banana', 'Cherry']);
      expect(names(await readStore.find(items, tenant, { orderBy: { field: 'name', direction: 'desc' }, limit: 2 }))).toEqual(['Cherry', 'Banana']);
      expect(names(await readStore.find(items, tenant, { where: { sku: 'B-1' } }))).toEqual(['Banana']);
      expect(names(await readStore.find(items, tenant, { where: { sku: null } }))).toEqual(['Apple']);
      expect(names(await readStore.find(items, tenant, { where: { low: true }, orderBy: { field: 'name' } }))).toEqual(['Banana', 'Cherry']);
      expect(names(await readStore.find(items, other, {}))).toEqual(['Avocado']);
    });

    it('searches tokens by prefix; every query token must match', async () => {
      await readStore.commit(projection, position(1), [
        put(tenant, '1', { name: 'Phở bò', search: ['pho', 'bo'] }),
        put(tenant, '2', { name: 'Cà phê sữa đá', search: ['ca', 'phe', 'sua', 'da'] }),
        put(other, '3', { name: 'Phở gà', search: ['pho', 'ga'] }),
      ]);
      const names = async (search: string[]) => (await readStore.find(items, tenant, { search, orderBy: { field: 'name' } })).map((d) => d.name);
      expect(await names(['ph'])).toEqual(['Cà phê sữa đá', 'Phở bò']);
      expect(await names(['pho'])).toEqual(['Phở bò']);
      expect(await names(['ca', 'phe'])).toEqual(['Cà phê sữa đá']);
      expect(await names(['ca', 'bo'])).toEqual([]);
      expect(await names(['ga'])).toEqual([]);
    });

    it('replacing or deleting a document replaces or removes its search tokens', async () => {
      await readStore.commit(projection, position(1), [put(tenant, '1', { name: 'Tea', search: ['tea'] }), put(tenant, '2', { name: 'Milk', search: ['milk'] })]);
      await readStore.commit(projection, position(2), [put(tenant, '1', { name: 'Coffee', search: ['coffee'] }), { key: { collection: items, tenantId: tenant, id: '2' }, doc: undefined }]);
      expect(await readStore.find(items, tenant, { search: ['tea'] })).toEqual([]);
      expect(await readStore.find(items, tenant, { search: ['milk'] })).toEqual([]);
      expect((await readStore.find(items, tenant, { search: ['cof'] })).map((d) => d.name)).toEqual(['Coffee']);
      expect(await readStore.get(items, tenant, '2')).toBeUndefined();
    });

    it('a search ordered by the collection’s search order answers as one ordered by the documents', async () => {
      await readStore.prepare([ordered]);
      const words = ['cafe', 'canh', 'ca', 'pho', 'bo', 'da', 'dau', 'dua'];
      const docs = Array.from({ length: 60 }, (_, i) => ({ id: String(i), doc: { name: `${words[i % 8]} ${String.fromCharCode(90 - (i % 26))}${i}`, search: [words[i % 8]!, words[(i * 3) % 8]!] } }));
      const into = (collection: CollectionSpec) => docs.map(({ id, doc }) => ({ key: { collection, tenantId: tenant, id }, doc }));
      await readStore.commit(projection, position(1), [...into(items), ...into(ordered)]);
      const both = async (search: string[], direction: 'asc' | 'desc', limit: number) => {
        const options = { search, orderBy: { field: 'name', direction }, limit };
        const [plain, kept] = await Promise.all([readStore.find(items, tenant, options), readStore.find(ordered, tenant, options)]);
        return { plain: plain.map((d) => d.name), kept: kept.map((d) => d.name) };
      };
      for (const [search, direction, limit] of [
        [['ca'], 'asc', 10],
        [['ca'], 'desc', 7],
        [['d'], 'asc', 100],
        [['da', 'ca'], 'asc', 50],
        [['pho', 'bo'], 'desc', 3],
        [['zz'], 'asc', 5],
      ] as const) {
        const { plain, kept } = await both([...search], direction, limit);
        expect(kept).toEqual(plain);
      }
      // A new name with the same tokens moves the document in the order.
      await readStore.commit(projection, position(2), [
        { key: { collection: ordered, tenantId: tenant, id: '0' }, doc: { ...docs[0]!.doc, name: 'aaa first' } },
        { key: { collection: items, tenantId: tenant, id: '0' }, doc: { ...docs[0]!.doc, name: 'aaa first' } },
      ]);
      const { plain, kept } = await both(['ca'], 'asc', 3);
      expect(kept[0]).toBe('aaa first');
      expect(kept).toEqual(plain);
    });

    describe('scan', () => {
      const at = (minute: number) => `2026-11-01T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00.000Z`;
      const entry = (tenantId: string, id: string, doc: Record<string, unknown>) => ({ key: { collection: timeline, tenantId, id }, doc });
      async function collect(pages: AsyncIterable<Record<string, unknown>[]>): Promise<{ ids: unknown[]; sizes: number[] }> {
        const ids: unknown[] = [];
        const sizes: number[] = [];
        for await (const page of pages) {
          sizes.push(page.length);
          ids.push(...page.map((d) => d.id));
        }
        return { ids, sizes };
      }
      beforeEach(() => readStore.prepare([timeline]));

      it('walks one tenant in (field, id) order, page by page, within [from, to), skipping documents without the field', async () => {
        await readStore.commit(projection, position(1), [
          entry(tenant, 'e', { id: 'e', at: at(3) }),
          entry(tenant, 'b', { id: 'b', at: at(1) }),
          entry(tenant, 'd', { id: 'd', at: at(2) }),
          entry(tenant, 'c', { id: 'c', at: at(2) }),
          entry(tenant, 'a', { id: 'a', at: at(0) }),
          entry(tenant, 'f', { id: 'f', at: at(4) }),
          entry(tenant, 'z', { id: 'z', at: null }),
          entry(tenant, 'y', { id: 'y' }),
          entry(other, 'c2', { id: 'c2', at: at(2) }),
        ]);
        expect(await collect(readStore.scan(timeline, tenant, { orderBy: 'at', batchSize: 2 }))).toEqual({ ids: ['a', 'b', 'c', 'd', 'e', 'f'], sizes: [2, 2, 2] });
        expect((await collect(readStore.scan(timeline, tenant, { orderBy: 'at', from: at(1), to: at(3), batchSize: 2 }))).ids).toEqual(['b', 'c', 'd']);
        expect((await collect(readStore.scan(timeline, tenant, { orderBy: 'at', from: at(2), batchSize: 5 }))).ids).toEqual(['c', 'd', 'e', 'f']);
        expect((await collect(readStore.scan(timeline, other, { orderBy: 'at' }))).ids).toEqual(['c2']);
        expect(await collect(readStore.scan(timeline, tenant, { orderBy: 'at', from: at(10) }))).toEqual({ ids: [], sizes: [] });
      });

      it('orders numbers as numbers, and by id without orderBy (the range then bounds the id)', async () => {
        await readStore.commit(projection, position(1), [
          entry(tenant, 'p', { id: 'p', n: 10 }),
          entry(tenant, 'q', { id: 'q', n: 9 }),
          entry(tenant, 'r', { id: 'r', n: 100 }),
          entry(tenant, 's', { id: 's', n: -1 }),
        ]);
        expect((await collect(readStore.scan(timeline, tenant, { orderBy: 'n', batchSize: 3 }))).ids).toEqual(['s', 'q', 'p', 'r']);
        expect((await collect(readStore.scan(timeline, tenant, { orderBy: 'n', from: 9, to: 100 }))).ids).toEqual(['q', 'p']);
        expect((await collect(readStore.scan(timeline, tenant, { batchSize: 1 }))).ids).toEqual(['p', 'q', 'r', 's']);
        expect((await collect(readStore.scan(timeline, tenant, { from: 'q', to: 's' }))).ids).toEqual(['q', 'r']);
      });

      it('reads each page anew after the last document: writes between pages do not block and are seen only ahead of it', async () => {
        await readStore.commit(projection, position(1), [1, 3, 5, 7].map((m) => entry(tenant, `m${m}`, { id: `m${m}`, at: at(m) })));
        const seen: unknown[] = [];
        let written = false;
        for await (const page of readStore.scan(timeline, tenant, { orderBy: 'at', batchSize: 2 })) {
          seen.push(...page.map((d) => d.id));
          if (!written) {
            written = true;
            // A projection batch lands mid-scan: one document behind the cursor, one ahead of it, one moved ahead.
            expect(await readStore.commit(projection, position(2), [entry(tenant, 'm0', { id: 'm0', at: at(0) }), entry(tenant, 'm4', { id: 'm4', at: at(4) }), entry(tenant, 'm1', { id: 'm1', at: at(6) })])).toBe(true);
          }
        }
        expect(seen).toEqual(['m1', 'm3', 'm4', 'm5', 'm1', 'm7']);
      });

      it('refuses a field without an index of its own and a bad page size', async () => {
        const refused = async (options: Parameters<ReadStore['scan']>[2]) => {
          try {
            for await (const page of readStore.scan(timeline, tenant, options)) void page;
            return 'scanned';
          } catch (error) {
            return (error as Error).message;
          }
        };
        expect(await refused({ orderBy: 'open' })).toMatch(/no index on open/);
        expect(await refused({ orderBy: 'missing' })).toMatch(/no index on missing/);
        expect(await refused({ orderBy: 'at', batchSize: 0 })).toMatch(/batch size/);
      });
    });
  });
}
