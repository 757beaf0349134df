import { assertNever, type Decider } from '../decider';
import { conflict, notFound } from '../errors';
import { DETAIL_FIELDS, type CatalogCommand, type CatalogEvent, type CatalogItem, type CatalogItemDetails, type CatalogItemState } from './catalog-messages';
import { checkFields, checkItem } from './catalog-rules';

/** The details a change asks for that differ from the item's: only those are recorded. */
function changedDetails(wanted: Partial<CatalogItemDetails>, item: CatalogItem): Partial<CatalogItemDetails> {
  const changes: Partial<CatalogItemDetails> = {};
  for (const field of DETAIL_FIELDS) {
    if (wanted[field] !== undefined && wanted[field] !== item[field]) Object.assign(changes, { [field]: wanted[field] });
  }
  return changes;
}

/** One sellable item of a tenant's catalog; SKU and barcode uniqueness is kept by the code reservations. */
export const catalogItemDecider: Decider<CatalogItemState, CatalogCommand, CatalogEvent> = {
  initialState: () => ({}),

  decide(command, state) {
    switch (command.type) {
      case 'AddCatalogItem':
        if (state.item) throw conflict('ITEM_EXISTS', `The item ${command.data.itemId} already exists`);
        return [{ type: 'CatalogItemAdded', data: checkItem(command.data) }];
      case 'ChangeCatalogItem': {
        const { item } = state;
        if (!item) throw notFound('ITEM_NOT_FOUND', `No item ${command.data.itemId}`);
        const { priceMinor, ...details } = checkFields(command.data);
        const events: CatalogEvent[] = [];
        if (priceMinor !== undefined && priceMinor !== item.priceMinor) {
          events.push({ type: 'CatalogItemPriceChanged', data: { itemId: item.itemId, priceMinor, previousPriceMinor: item.priceMinor } });
        }
        const changes = changedDetails(details, item);
        if (Object.keys(changes).length > 0) events.push({ type: 'CatalogItemDetailsChanged', data: { itemId: item.itemId, changes } });
        return events;
      }
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'CatalogItemAdded':
        return { item: event.data };
      case 'CatalogItemPriceChanged':
        return { item: { ...state.item!, priceMinor: event.data.priceMinor } };
      case 'CatalogItemDetailsChanged':
        return { item: { ...state.item!, ...event.data.changes } };
      default:
        return assertNever(event);
    }
  },
};
