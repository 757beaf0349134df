import type { ReadStore } from './read-store';
import { retailSales, type SaleView } from './retail-sales';
import { stockLevels, type StockLevel } from './stock-levels';

const MAX_STOCK_ITEMS = 5_000;

export async function findSale(readStore: ReadStore, tenantId: string, saleId: string): Promise<SaleView | undefined> {
  return (await readStore.get(retailSales, tenantId, saleId)) as SaleView | undefined;
}

export async function findSaleByReceipt(readStore: ReadStore, tenantId: string, receiptSeq: number): Promise<SaleView | undefined> {
  const [sale] = await readStore.find(retailSales, tenantId, { where: { receiptSeq }, limit: 1 });
  return sale as SaleView | undefined;
}

export async function stockLevel(readStore: ReadStore, tenantId: string, itemId: string): Promise<StockLevel | undefined> {
  return (await readStore.get(stockLevels, tenantId, itemId)) as StockLevel | undefined;
}

/** The tracked items by name, or only those at or under their threshold. */
export async function stockList(readStore: ReadStore, tenantId: string, lowOnly: boolean): Promise<StockLevel[]> {
  const where: Record<string, boolean> = lowOnly ? { trackStock: true, low: true } : { trackStock: true };
  return (await readStore.find(stockLevels, tenantId, { where, orderBy: { field: 'name' }, limit: MAX_STOCK_ITEMS })) as StockLevel[];
}
