import { Long, MongoBulkWriteError, type BulkWriteResult, type WriteError } from 'mongodb';
import { position } from '../../src/eventstore/types';
import {
  collectionName,
  escapeRegExp,
  findFilter,
  findSort,
  indexKeys,
  olderThan,
  positionFromStored,
  storedDoc,
  storedId,
  toLong,
} from '../../src/projections/mongo-filters';
import { checkpointIs } from '../../src/projections/mongo-checkpoints';
import { duplicateKeyIndexes, guardedOperations } from '../../src/projections/mongo-guarded-writes';
import type { CollectionSpec } from '../../src/projections/read-store';

const items: CollectionSpec = { name: 'items', indexes: [['name'], ['category', 'sku']], searchField: 'search' };
const plain: CollectionSpec = { name: 'plain' };

describe('MongoDB read store: positions', () => {
  it('stores every position as an int64 and reads back numbers, Longs and bigints', () => {
    expect(toLong(position(7))).toEqual(Long.fromNumber(7));
    const big = 2n ** 62n + 5n;
    expect(toLong(position(big)).toBigInt()).toBe(big);
    expect(positionFromStored(7)).toBe(7n);
    expect(positionFromStored(Long.fromBigInt(big))).toBe(big);
    expect(positionFromStored(9n)).toBe(9n);
    expect(() => positionFromStored(1.5)).toThrow('Not a stored position');
    expect(() => positionFromStored('7')).toThrow('Not a stored position');
  });
});

describe('MongoDB read store: layout', () => {
  it('names collections rm_{name} and ids tenant first', () => {
    expect(collectionName(items)).toBe('rm_items');
    expect(() => collectionName({ name: 'a.b' })).toThrow('Invalid collection name');
    expect(storedId('t_1', 'x')).toBe('t_1\u0000x');
  });

  it('stores the doc as put, the position, and the search tokens once each as strings', () => {
    const doc = { name: 'Tea', search: ['tea', 'tea', 3, 'green'] };
    expect(storedDoc(items, 't_1', 'x', doc, position(4))).toEqual({ tenantId: 't_1', id: 'x', doc, _position: Long.fromNumber(4), _search: ['tea', 'green'] });
    expect(storedDoc(items, 't_1', 'x', { name: 'No tokens' }, position(4))._search).toEqual([]);
    expect(storedDoc(plain, 't_1', 'x', { search: ['a'] }, position(4))).not.toHaveProperty('_search');
  });

  it('indexes (tenant, id) uniquely, each spec index after the tenant, and the search tokens', () => {
    expect(indexKeys(items)).toEqual([
      { key: { tenantId: 1, id: 1 }, unique: true },
      { key: { tenantId: 1, 'doc.name': 1, id: 1 } },
      { key: { tenantId: 1, 'doc.category': 1, 'doc.sku': 1, id: 1 } },
      { key: { tenantId: 1, _search: 1 } },
    ]);
    expect(Object.keys(indexKeys(items)[2]!.key)).toEqual(['tenantId', 'doc.category', 'doc.sku', 'id']);
    expect(indexKeys(plain)).toEqual([{ key: { tenantId: 1, id: 1 }, unique: true }]);
    expect(() => indexKeys({ name: 'bad', indexes: [['a.b']] })).toThrow('Invalid field name');
    expect(() => indexKeys({ name: 'bad', searchField: '$s' })).toThrow('Invalid field name');
  });
});

describe('MongoDB read store: find', () => {
  it('filters by tenant first, then equality on doc fields (null included)', () => {
    expect(findFilter(items, 't_1', {})).toEqual({ tenantId: 't_1' });
    expect(findFilter(items, 't_1', { where: { sku: 'B-1', low: true, n: 2, gone: null } })).toEqual({
      tenantId: 't_1',
      'doc.sku': 'B-1',
      'doc.low': true,
      'doc.n': 2,
      'doc.gone': null,
    });
    expect(Object.keys(findFilter(items, 't_1', { where: { sku: 'x' } }))[0]).toBe('tenantId');
  });

  it('rejects field names that could reach outside doc or into operators', () => {
    for (const name of ['a.b', '$where', 'a$', '1a', '', 'a b']) {
      expect(() => findFilter(items, 't', { where: { [name]: 1 } })).toThrow('Invalid field name');
      expect(() => findSort({ orderBy: { field: name } })).toThrow('Invalid field name');
    }
  });

  it('searches with one anchored, escaped prefix regex per token, all required', () => {
    const filter = findFilter(items, 't_1', { search: ['ph', 'a.b*'] });
    const regexes = filter._search.$all as RegExp[];
    expect(regexes.map((r) => r.source)).toEqual(['^ph', '^a\\.b\\*']);
    expect(regexes.map((r) => r.flags)).toEqual(['', '']);
    expect(regexes[1]!.test('a.b*c')).toBe(true);
    expect(regexes[1]!.test('axbbc')).toBe(false);
    expect(findFilter(items, 't_1', { search: [] })).toEqual({ tenantId: 't_1' });
    expect(() => findFilter(plain, 't_1', { search: ['x'] })).toThrow('plain has no search field');
  });

  it('escapes every regex metacharacter', () => {
    const text = '.*+?^${}()|[]\\';
    expect(new RegExp(`^${escapeRegExp(text)}$`).test(text)).toBe(true);
  });

  it('sorts by the field then id ascending, or by id', () => {
    expect(findSort({})).toEqual({ id: 1 });
    expect(findSort({ orderBy: { field: 'name' } })).toEqual({ 'doc.name': 1, id: 1 });
    expect(findSort({ orderBy: { field: 'name', direction: 'desc' } })).toEqual({ 'doc.name': -1, id: 1 });
    expect(Object.keys(findSort({ orderBy: { field: 'name' } }))).toEqual(['doc.name', 'id']);
  });
});

describe('MongoDB read store: guarded writes', () => {
  it('guards puts and deletes by position; puts upsert', () => {
    const at = position(12);
    const guard = { _id: 't_1\u0000a', $or: [{ _position: { $lt: Long.fromNumber(12) } }, { _position: { $exists: false } }] };
    expect(olderThan('t_1', 'a', at)).toEqual(guard);
    const ops = guardedOperations(
      [
        { key: { collection: items, tenantId: 't_1', id: 'a' }, doc: { name: 'A', search: ['a'] } },
        { key: { collection: items, tenantId: 't_1', id: 'a' }, doc: undefined },
      ],
      at,
    );
    expect(ops).toEqual([
      {
        replaceOne: {
          filter: guard,
          replacement: { tenantId: 't_1', id: 'a', doc: { name: 'A', search: ['a'] }, _position: Long.fromNumber(12), _search: ['a'] },
          upsert: true,
        },
      },
      { deleteOne: { filter: guard } },
    ]);
  });

  const result = (writeConcernError?: unknown) => ({ getWriteConcernError: () => writeConcernError }) as unknown as BulkWriteResult;
  // WriteError is exported as a type only; the fields read are code and index.
  const writeError = (index: number, code: number) => ({ index, code, errmsg: `E${code}` }) as unknown as WriteError;
  const bulkError = (errors: WriteError[], writeConcernError?: unknown) =>
    new MongoBulkWriteError({ message: 'bulk', code: errors[0]?.code ?? 64, writeErrors: errors }, result(writeConcernError));

  it('ignores exactly duplicate-key write errors, and tells which operations they were', () => {
    expect(duplicateKeyIndexes(bulkError([writeError(0, 11000), writeError(3, 11000)]))).toEqual(new Set([0, 3]));
    expect(duplicateKeyIndexes(bulkError([writeError(0, 11000), writeError(1, 121)]))).toBeUndefined();
    expect(duplicateKeyIndexes(bulkError([]))).toBeUndefined();
    expect(duplicateKeyIndexes(bulkError([writeError(0, 11000)], { code: 64 }))).toBeUndefined();
    expect(duplicateKeyIndexes(Object.assign(new Error('E11000'), { code: 11000 }))).toBeUndefined();
    expect(duplicateKeyIndexes(undefined)).toBeUndefined();
  });
});

describe('MongoDB read store: expected checkpoint', () => {
  it('matches none (null) only when there is none, and a position only when equal', () => {
    expect(checkpointIs(undefined, null)).toBe(true);
    expect(checkpointIs(undefined, position(4))).toBe(false);
    expect(checkpointIs(position(4), null)).toBe(false);
    expect(checkpointIs(position(4), position(4))).toBe(true);
    expect(checkpointIs(position(5), position(4))).toBe(false);
  });
});
