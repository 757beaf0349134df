import { catalogProjection } from './catalog-items';
import { dailyReportsProjection } from './daily-reports';
import { kitchenQueueProjection } from './kitchen-queue';
import type { Projection } from './projection';
import { restaurantOrdersProjection } from './restaurant-orders';
import { retailSalesProjection } from './retail-sales';
import { stockLevelsProjection } from './stock-levels';

/** Every read model the system keeps, by name. */
export const allProjections: readonly Projection[] = [
  catalogProjection,
  restaurantOrdersProjection,
  kitchenQueueProjection,
  retailSalesProjection,
  stockLevelsProjection,
  dailyReportsProjection,
];
