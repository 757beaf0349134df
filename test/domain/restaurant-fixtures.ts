/** Shared fixtures for the restaurant order specs (test/domain/restaurant-order*.test.ts). */
import { orderDecider } from '../../src/domain/restaurant/order';
import type { OrderEvent, OrderLine, OrderStatus, PaymentMethod, PricedItem, PricingTerms } from '../../src/domain/restaurant/order-messages';
import { ROLES, type Role } from '../../src/domain/tenant/role';
import { specFor } from './given';

export const given = specFor(orderDecider);
export const stateAfter = (events: OrderEvent[]) => events.reduce(orderDecider.evolve, orderDecider.initialState());
export const AT = '2026-05-01T12:00:00.000Z';
export const usd: PricingTerms = { currency: 'USD', taxInclusive: false };
/** $10.00 and $2.00 with 10 % tax on top: every tax is exact, so expected lines read plainly. */
export const pho: PricedItem = { itemId: 'i_pho', name: 'Phở bò', station: 'kitchen', unitPriceMinor: 1_000, taxRateBps: 1_000 };
export const tea: PricedItem = { itemId: 'i_tea', name: 'Trà đá', station: 'bar', unitPriceMinor: 200, taxRateBps: 1_000 };
export const actor = (role: Role) => ({ userId: `u_${role}`, role });
/** The line as priced with 10 % tax on top (the terms of `placed`). */
export const line = (lineId: string, item: PricedItem, quantity: number, note: string | null = null): OrderLine => {
  const netMinor = item.unitPriceMinor * quantity;
  const { itemId, name, station, unitPriceMinor, taxRateBps } = item;
  return { lineId, itemId, name, station, quantity, note, unitPriceMinor, taxRateBps, netMinor, taxMinor: netMinor / 10, totalMinor: (netMinor * 11) / 10 };
};

// L1: 2 × phở (2,200) + L2: 1 × tea (220) = 2,420 due
/** Typed as the OrderPlaced member (not just OrderEvent) so that `placed.data.lines` etc. stay reachable from the importing specs. */
export const placed: Extract<OrderEvent, { type: 'OrderPlaced' }> = {
  type: 'OrderPlaced',
  data: { orderId: 'o_1', table: 'T4', note: null, lines: [line('L1', pho, 2), line('L2', tea, 1)], terms: usd, placedAt: AT },
};
export const changed = (from: OrderStatus, to: OrderStatus): OrderEvent => ({ type: 'OrderStatusChanged', data: { orderId: 'o_1', from, to } });
export const cancelled = (from: OrderStatus, reason = 'Guest left'): OrderEvent => ({ type: 'OrderCancelled', data: { orderId: 'o_1', from, reason } });
export const PATH: OrderStatus[] = ['PENDING', 'CONFIRMED', 'PREPARING', 'READY', 'SERVED', 'PAID'];
/** The order placed, then `before` (payments, voids), then moved along the path up to `status`. */
export const orderAt = (status: OrderStatus, before: OrderEvent[] = []): OrderEvent[] =>
  status === 'CANCELLED'
    ? [placed, ...before, cancelled('PENDING')]
    : [placed, ...before, ...PATH.slice(1, PATH.indexOf(status) + 1).map((to, i) => changed(PATH[i]!, to))];

export const recorded = (
  method: PaymentMethod,
  amountMinor: number,
  { paymentId = 'p_1', tenderedMinor = null, changeMinor = 0 }: { paymentId?: string; tenderedMinor?: number | null; changeMinor?: number } = {},
): OrderEvent => ({
  type: 'PaymentRecorded',
  data: { orderId: 'o_1', paymentId, method, amountMinor, tenderedMinor, changeMinor },
});
/** A card payment already recorded. */
export const paid = (amountMinor: number, paymentId = 'p_1'): OrderEvent => recorded('CARD', amountMinor, { paymentId });

export const REASON = 'Guest changed their mind';
export const voided = (lineId = 'L2', role: Role = 'waiter', reason = REASON): OrderEvent => ({
  type: 'OrderItemVoided',
  data: { orderId: 'o_1', lineId, reason, voidedBy: actor(role) },
});

export const FRONT_OF_HOUSE_ONLY: Partial<Record<Role, string>> = { kitchen: 'FORBIDDEN_ROLE', auditor: 'FORBIDDEN_ROLE' };
/** Every role with its expected outcome: the code it is refused with, else 'allowed'. */
export const byRole = (refused: Partial<Record<Role, string>>) => ROLES.map((role) => [role, refused[role] ?? 'allowed'] as const);
