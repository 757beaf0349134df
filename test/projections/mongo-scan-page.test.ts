import { scanCursor, scanPage } from '../../src/projections/mongo-filters';

describe('MongoDB scan pages (no server needed)', () => {
  it('the first page is the tenant range on the field, documents without it left out, in (field, id) order', () => {
    expect(scanPage('t1', { orderBy: 'placedAt', from: '2026-11-01', to: '2026-12-01' })).toEqual({
      filter: { tenantId: 't1', 'doc.placedAt': { $ne: null, $gte: '2026-11-01', $lt: '2026-12-01' } },
      sort: { 'doc.placedAt': 1, id: 1 },
    });
  });

  it('a later page starts after the last document: a greater key, or the same key and a greater id', () => {
    const after = scanCursor({ id: 'o7', doc: { placedAt: '2026-11-02T00:00:00.000Z' } }, { orderBy: 'placedAt' });
    expect(scanPage('t1', { orderBy: 'placedAt' }, after).filter).toEqual({
      tenantId: 't1',
      'doc.placedAt': { $ne: null },
      $or: [{ 'doc.placedAt': { $gt: '2026-11-02T00:00:00.000Z' } }, { 'doc.placedAt': '2026-11-02T00:00:00.000Z', id: { $gt: 'o7' } }],
    });
  });

  it('without orderBy it walks (tenantId, id), the range bounding the id', () => {
    const after = scanCursor({ id: 'b', doc: {} }, {});
    expect(scanPage('t1', { from: 'a', to: 'c' }, after)).toEqual({ filter: { tenantId: 't1', id: { $ne: null, $gte: 'a', $lt: 'c' }, $or: [{ id: { $gt: 'b' } }] }, sort: { id: 1 } });
  });

  it('refuses a field name that could reach outside the document', () => {
    expect(() => scanPage('t1', { orderBy: 'a.$b' })).toThrow(/Invalid field name/);
  });
});
