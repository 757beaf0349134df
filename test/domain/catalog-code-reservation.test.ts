import { codeReservationDecider, type CodeReservationEvent } from '../../src/domain/catalog/code-reservation';
import { specFor } from './given';

const given = specFor(codeReservationDecider);
const assign = (itemId: string, kind: 'sku' | 'barcode' = 'sku') => ({ type: 'AssignCatalogCode' as const, data: { kind, code: 'ABC-1', itemId } });
const release = (itemId: string) => ({ type: 'ReleaseCatalogCode' as const, data: { code: 'ABC-1', itemId } });
const assigned = (itemId: string): CodeReservationEvent => ({ type: 'CatalogCodeAssigned', data: { code: 'ABC-1', itemId } });
const released = (itemId: string): CodeReservationEvent => ({ type: 'CatalogCodeReleased', data: { code: 'ABC-1', itemId } });

describe('Catalog code reservation (SKU or barcode)', () => {
  it('a free code is assigned to the item', () => given([]).when(assign('i_1')).then([assigned('i_1')]));
  it('a SKU held by another item is taken', () => given([assigned('i_1')]).when(assign('i_2')).thenThrows('SKU_TAKEN'));
  it('a barcode held by another item is taken', () => given([assigned('i_1')]).when(assign('i_2', 'barcode')).thenThrows('BARCODE_TAKEN'));
  it('assigning it again to its holder changes nothing', () => given([assigned('i_1')]).when(assign('i_1')).then([]));
  it('its holder gives it back', () => given([assigned('i_1')]).when(release('i_1')).then([released('i_1')]));
  it('another item cannot give it back', () => given([assigned('i_1')]).when(release('i_2')).then([]));
  it('releasing a free code changes nothing', () => given([]).when(release('i_1')).then([]));
  it('a released code is free for another item', () => given([assigned('i_1'), released('i_1')]).when(assign('i_2')).then([assigned('i_2')]));
});
