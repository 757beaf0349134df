import { kitchenOrders, kitchenStations, positionOf, ticketFor, type KitchenOrder, type KitchenTicket } from './kitchen-queue';
import type { ReadStore } from './read-store';
import { restaurantOrders, type OrderView } from './restaurant-orders';
import { withFields } from '../domain/with-fields';

const MAX_OPEN = 500;

export async function findOrder(readStore: ReadStore, tenantId: string, orderId: string): Promise<OrderView | undefined> {
  return (await readStore.get(restaurantOrders, tenantId, orderId)) as OrderView | undefined;
}

/** Open orders (not paid, not cancelled), oldest first, of one table or of all. */
export async function openOrders(readStore: ReadStore, tenantId: string, table?: string): Promise<OrderView[]> {
  const where: Record<string, string | boolean> = table === undefined ? { open: true } : { open: true, table };
  return (await readStore.find(restaurantOrders, tenantId, { where, orderBy: { field: 'placedAt' }, limit: MAX_OPEN })) as OrderView[];
}

export interface KitchenQueue {
  position: string;
  stationPositions: Record<string, string>;
  orders: (KitchenTicket & { ageSeconds: number })[];
}

/** The tickets in the queue (CONFIRMED, PREPARING, READY), oldest first, for one station or all. */
export async function kitchenQueue(readStore: ReadStore, tenantId: string, station?: string, now = Date.now()): Promise<KitchenQueue> {
  const [docs, stations] = await Promise.all([
    readStore.find(kitchenOrders, tenantId, { where: { inQueue: true }, orderBy: { field: 'placedAt' }, limit: MAX_OPEN }),
    readStore.get(kitchenStations, tenantId, 'stations'),
  ]);
  const stationPositions = (stations?.positions ?? {}) as Record<string, string>;
  const positions = station ? [positionOf(stationPositions, station)] : Object.values(stationPositions);
  const orders = (docs as KitchenOrder[])
    .map((order) => ticketFor(order, station))
    .filter((ticket): ticket is KitchenTicket => ticket !== undefined)
    .map((ticket) => withFields(ticket, { ageSeconds: Math.max(0, Math.floor((now - Date.parse(ticket.placedAt)) / 1000)) }));
  return { position: positions.reduce((a, b) => (BigInt(b) > BigInt(a) ? b : a), '0'), stationPositions, orders };
}
