import { bucketId, emptyFigures, ITEM_BUCKETS, reportDayItems, reportDays, type ItemFigures, type ReportDay } from './daily-reports';
import type { ReadStore } from './read-store';

const TOP = 10;

export type TopItem = ItemFigures & { itemId: string };

export type DailyReport = ReportDay & {
  topItems: { byQuantity: TopItem[]; byRevenue: TopItem[] };
};

/** One business day's figures (X while open, Z once closed) with its top items by quantity and by revenue. */
export async function dailyReport(readStore: ReadStore, tenantId: string, date: string, lastClosed: string | null): Promise<DailyReport> {
  const [day, ...buckets] = await Promise.all([
    readStore.get(reportDays, tenantId, date),
    ...Array.from({ length: ITEM_BUCKETS }, (_, b) => readStore.get(reportDayItems, tenantId, bucketId(date, b))),
  ]);
  const items: TopItem[] = buckets.flatMap((bucket) => Object.entries((bucket?.items ?? {}) as Record<string, ItemFigures>).map(([itemId, f]) => ({ itemId, ...f })));
  const sold = items.filter((i) => i.quantity > 0 || i.revenueMinor > 0);
  const top = (by: (a: TopItem, b: TopItem) => number) => [...sold].sort((a, b) => by(a, b) || a.name.localeCompare(b.name) || a.itemId.localeCompare(b.itemId)).slice(0, TOP);
  const report = (day as ReportDay | undefined) ?? {
    date,
    // A day nobody traded on is closed once a later day is.
    status: lastClosed !== null && date <= lastClosed ? 'CLOSED' : 'OPEN',
    zNumber: null,
    closedAt: null,
    currency: null,
    ...emptyFigures(),
    position: '0',
  };
  return {
    ...report,
    topItems: {
      byQuantity: top((a, b) => b.quantity - a.quantity || b.revenueMinor - a.revenueMinor),
      byRevenue: top((a, b) => b.revenueMinor - a.revenueMinor || b.quantity - a.quantity),
    },
  };
}
