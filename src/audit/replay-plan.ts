import type { Projection } from '../projections/projection';
import type { CollectionSpec, Doc } from '../projections/read-store';
import { restaurantOrders, restaurantOrdersProjection, type OrderView } from '../projections/restaurant-orders';
import { retailSales, retailSalesProjection } from '../projections/retail-sales';
import { stockLevels, stockLevelsProjection } from '../projections/stock-levels';
import type { ReplayPlan, ReplayedModels } from './replay';

/** A read model the replay can run, with the collection its documents land in. */
export interface ReplayedReadModel {
  projection: Projection;
  collection: CollectionSpec;
}

/** The retail stock read model: one document per item `{ itemId, sku, name, trackStock, onHand, lowStockThreshold, low }`. */
export const STOCK_READ_MODEL: ReplayedReadModel = { projection: stockLevelsProjection, collection: stockLevels };

/** The retail sales read model: one document per sale `{ saleId, receiptNo, totalMinor, taxMinor, refundedMinor, … }`. */
export const RETAIL_SALES_READ_MODEL: ReplayedReadModel = { projection: retailSalesProjection, collection: retailSales };

export interface StockLevel {
  itemId: string;
  sku: string | null;
  name: string;
  onHand: number;
  lowStockThreshold: number | null;
  low: boolean;
}

export interface ReplaySummary {
  stock: StockLevel[];
  sales: {
    /** Restaurant orders: those PAID, with their totals, and how many were still open. */
    orders: { paid: number; totalMinor: number; paidMinor: number; open: number };
    /** Retail sales and what was refunded on them (net = total − refunded); null without a retail read model. */
    retail: { sales: number; totalMinor: number; taxMinor: number; refundedMinor: number; netMinor: number } | null;
  };
}

const sum = (docs: readonly Doc[], field: string): number => docs.reduce((total, doc) => total + (typeof doc[field] === 'number' ? (doc[field] as number) : 0), 0);

function stockOf(models: ReplayedModels, model: ReplayedReadModel | undefined): StockLevel[] {
  if (!model) return [];
  // As GET /api/retail/stock: the items whose stock is tracked.
  return models
    .docs(model.collection)
    .filter((d) => d.trackStock !== false)
    .map((d) => ({ itemId: d.itemId as string, sku: (d.sku as string | null) ?? null, name: d.name as string, onHand: d.onHand as number, lowStockThreshold: (d.lowStockThreshold as number | null) ?? null, low: Boolean(d.low) }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.itemId.localeCompare(b.itemId));
}

function ordersOf(models: ReplayedModels): ReplaySummary['sales']['orders'] {
  const orders = models.docs(restaurantOrders) as OrderView[];
  const paid = orders.filter((o) => o.status === 'PAID');
  return { paid: paid.length, totalMinor: paid.reduce((t, o) => t + o.totalMinor, 0), paidMinor: paid.reduce((t, o) => t + o.paidMinor, 0), open: orders.filter((o) => o.open).length };
}

function retailOf(models: ReplayedModels, model: ReplayedReadModel | undefined): ReplaySummary['sales']['retail'] {
  if (!model) return null;
  const sales = models.docs(model.collection);
  const totalMinor = sum(sales, 'totalMinor');
  const refundedMinor = sum(sales, 'refundedMinor');
  return { sales: sales.length, totalMinor, taxMinor: sum(sales, 'taxMinor'), refundedMinor, netMinor: totalMinor - refundedMinor };
}

/** Builds the plan of `GET /api/audit/replay` from the read models at hand. */
export function replayPlan(stock = STOCK_READ_MODEL, retailSales = RETAIL_SALES_READ_MODEL): ReplayPlan<ReplaySummary> {
  const plugged = [stock, retailSales].filter((m): m is ReplayedReadModel => m !== undefined);
  return {
    projections: [restaurantOrdersProjection, ...plugged.map((m) => m.projection)],
    summarise: (models) => ({ stock: stockOf(models, stock), sales: { orders: ordersOf(models), retail: retailOf(models, retailSales) } }),
  };
}
