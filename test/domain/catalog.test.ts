import { catalogItemDecider } from '../../src/domain/catalog/catalog-item';
import type { CatalogCommand, CatalogEvent, CatalogItem } from '../../src/domain/catalog/catalog-messages';
import { specFor } from './given';

const given = specFor(catalogItemDecider);
const pho: CatalogItem = {
  itemId: 'i_1',
  name: 'Phở bò',
  sku: 'PHO-1',
  barcode: '8934567890123',
  priceMinor: 65_000,
  taxRateBps: 800,
  station: 'kitchen',
  trackStock: false,
  lowStockThreshold: null,
};
const added: CatalogEvent = { type: 'CatalogItemAdded', data: pho };
const add = (data: Partial<CatalogItem> = {}): CatalogCommand => ({ type: 'AddCatalogItem', data: { ...pho, ...data } });
const change = (data: Omit<Extract<CatalogCommand, { type: 'ChangeCatalogItem' }>['data'], 'itemId'>): CatalogCommand => ({
  type: 'ChangeCatalogItem',
  data: { itemId: 'i_1', ...data },
});

describe('Catalog item', () => {
  it('adding an item records it', () => given([]).when(add()).then([added]));

  it('names, SKUs, barcodes and stations are trimmed; a SKU is stored upper case', () =>
    given([])
      .when(add({ name: '  Phở bò ', sku: ' pho-1 ', barcode: ' 8934567890123 ', station: ' kitchen ' }))
      .then([added]));

  it('an item is added once', () => given([added]).when(add({ name: 'Again' })).thenThrows('ITEM_EXISTS'));

  it('a new price is its own event, carrying the previous price', () =>
    given([added])
      .when(change({ priceMinor: 70_000 }))
      .then([{ type: 'CatalogItemPriceChanged', data: { itemId: 'i_1', priceMinor: 70_000, previousPriceMinor: 65_000 } }]));

  it('changed details record only the fields that differ', () =>
    given([added])
      .when(change({ name: 'Phở bò tái', taxRateBps: 800, station: null, trackStock: true }))
      .then([{ type: 'CatalogItemDetailsChanged', data: { itemId: 'i_1', changes: { name: 'Phở bò tái', station: null, trackStock: true } } }]));

  it('a change of price and details records both', () =>
    given([added])
      .when(change({ priceMinor: 60_000, sku: 'pho-2', lowStockThreshold: 5 }))
      .then([
        { type: 'CatalogItemPriceChanged', data: { itemId: 'i_1', priceMinor: 60_000, previousPriceMinor: 65_000 } },
        { type: 'CatalogItemDetailsChanged', data: { itemId: 'i_1', changes: { sku: 'PHO-2', lowStockThreshold: 5 } } },
      ]));

  it('a change to what the item already is records nothing', () =>
    given([added]).when(change({ name: ' Phở bò', sku: 'pho-1', priceMinor: 65_000, lowStockThreshold: null })).then([]));

  it('changes fold onto the item: the price compared is the latest', () =>
    given([added, { type: 'CatalogItemPriceChanged', data: { itemId: 'i_1', priceMinor: 70_000, previousPriceMinor: 65_000 } }])
      .when(change({ priceMinor: 65_000 }))
      .then([{ type: 'CatalogItemPriceChanged', data: { itemId: 'i_1', priceMinor: 65_000, previousPriceMinor: 70_000 } }]));

  it('a SKU can be cleared', () =>
    given([added, { type: 'CatalogItemDetailsChanged', data: { itemId: 'i_1', changes: { sku: 'PHO-2' } } }])
      .when(change({ sku: null }))
      .then([{ type: 'CatalogItemDetailsChanged', data: { itemId: 'i_1', changes: { sku: null } } }]));

  it('an unknown item cannot change', () => given([]).when(change({ priceMinor: 1 })).thenThrows('ITEM_NOT_FOUND'));

  describe('money and field rules', () => {
    it.each([
      [{ priceMinor: -1 }, 'INVALID_PRICE'],
      [{ priceMinor: 1.5 }, 'INVALID_PRICE'],
      [{ priceMinor: Number.MAX_SAFE_INTEGER + 1 }, 'INVALID_PRICE'],
      [{ taxRateBps: 10_001 }, 'INVALID_TAX_RATE'],
      [{ taxRateBps: -1 }, 'INVALID_TAX_RATE'],
      [{ taxRateBps: 7.5 }, 'INVALID_TAX_RATE'],
      [{ lowStockThreshold: -1 }, 'INVALID_LOW_STOCK_THRESHOLD'],
      [{ lowStockThreshold: 0.5 }, 'INVALID_LOW_STOCK_THRESHOLD'],
      [{ name: '   ' }, 'INVALID_NAME'],
      [{ name: 'x'.repeat(121) }, 'INVALID_NAME'],
      [{ sku: 'has space' }, 'INVALID_SKU'],
      [{ sku: 'x'.repeat(65) }, 'INVALID_SKU'],
      [{ sku: '' }, 'INVALID_SKU'],
      [{ barcode: '123-456' }, 'INVALID_BARCODE'],
      [{ station: 'x'.repeat(41) }, 'INVALID_STATION'],
    ] as const)('adding with %j is refused: %s', (fields, code) => given([]).when(add(fields)).thenThrows(code));

    it('the same rules hold for a change', () => given([added]).when(change({ priceMinor: -5 })).thenThrows('INVALID_PRICE'));

    it('the bounds themselves are fine', () =>
      given([])
        .when(add({ priceMinor: 0, taxRateBps: 10_000, lowStockThreshold: 0, sku: 'a.b_c-9', barcode: 'ABC123' }))
        .then([{ type: 'CatalogItemAdded', data: { ...pho, priceMinor: 0, taxRateBps: 10_000, lowStockThreshold: 0, sku: 'A.B_C-9', barcode: 'ABC123' } }]));
  });
});
