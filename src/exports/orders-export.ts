import { restaurantOrders, type OrderView } from '../projections/restaurant-orders';
import { fieldsOf } from './doc-fields';
import type { ExportDefinition } from './export-definition';

const { field, list } = fieldsOf<OrderView>();

/** One row per restaurant order placed in the days asked for, in the order they were placed. */
export const ordersExport: ExportDefinition = {
  kind: 'orders',
  sheetName: 'Orders',
  collection: restaurantOrders,
  projection: 'restaurant-orders',
  rangeField: 'placedAt',
  columns: [
    { header: 'Order', type: 'text', value: field('orderId'), width: 30 },
    { header: 'Table', type: 'text', value: field('table') },
    { header: 'Status', type: 'text', value: field('status') },
    { header: 'Placed at', type: 'datetime', value: field('placedAt'), width: 20 },
    // Items on the order, voided lines left out.
    { header: 'Items', type: 'integer', value: (o) => list(o, 'items').reduce((sum, line) => sum + (line.voided === true ? 0 : Number(line.quantity) || 0), 0) },
    { header: 'Total', type: 'money', value: field('totalMinor'), width: 16 },
    { header: 'Paid', type: 'money', value: field('paidMinor'), width: 16 },
  ],
};
