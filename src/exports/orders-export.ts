import { restaurantOrders } from '../projections/restaurant-orders';
import { field, list } from './doc-fields';
import type { ExportDefinition } from './export-definition';

/** One row per restaurant order placed in the days asked for, in the order they were placed. */
export const ordersExport: ExportDefinition = {
  kind: 'orders',
  sheetName: 'Orders',
  collection: restaurantOrders,
  projection: 'restaurant-orders',
  rangeField: 'placedAt',
  columns: [
    { header: 'Order', type: 'text', value: (o) => field(o, 'orderId'), width: 30 },
    { header: 'Table', type: 'text', value: (o) => field(o, 'table') },
    { header: 'Status', type: 'text', value: (o) => field(o, 'status') },
    { header: 'Placed at', type: 'datetime', value: (o) => field(o, 'placedAt'), width: 20 },
    // Items on the order, voided lines left out.
    { header: 'Items', type: 'integer', value: (o) => list(o, 'items').reduce((sum, line) => sum + (line.voided === true ? 0 : Number(line.quantity) || 0), 0) },
    { header: 'Total', type: 'money', value: (o) => field(o, 'totalMinor'), width: 16 },
    { header: 'Paid', type: 'money', value: (o) => field(o, 'paidMinor'), width: 16 },
  ],
};
