import { stockLevels, type StockLevel } from '../projections/stock-levels';
import { fieldsOf } from './doc-fields';
import type { ExportDefinition } from './export-definition';

const { field } = fieldsOf<StockLevel>();

/** The stock on hand now of every item whose stock is tracked (as GET /api/retail/stock lists), in item id order; it takes no days. */
export const stockExport: ExportDefinition = {
  kind: 'stock',
  sheetName: 'Stock',
  collection: stockLevels,
  projection: 'stock-levels',
  include: (item) => item.trackStock === true,
  columns: [
    { header: 'SKU', type: 'text', value: field('sku'), width: 16 },
    { header: 'Name', type: 'text', value: field('name'), width: 30 },
    { header: 'On hand', type: 'integer', value: field('onHand') },
    { header: 'Low-stock threshold', type: 'integer', value: field('lowStockThreshold'), width: 20 },
    { header: 'Low', type: 'text', value: (i) => (i.low === true ? 'yes' : i.low === false ? 'no' : null) },
    { header: 'Item', type: 'text', value: field('itemId'), width: 30 },
  ],
};
