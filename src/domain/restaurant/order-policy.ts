import { conflict, notFound } from '../errors';
import { requireRole, type Role } from '../tenant/role';
import type { OrderActor, OrderEvent, OrderState, OrderStatus, PricingTerms } from './order-messages';

/** Who takes orders and payments at the table or the till. */
export const FRONT_OF_HOUSE: readonly Role[] = ['waiter', 'cashier', 'manager', 'owner'];
/** Who cooks: moves an order through the kitchen. */
export const KITCHEN_STAFF: readonly Role[] = ['kitchen', 'manager', 'owner'];
/** Who may undo work the kitchen has already started. */
export const MANAGERS: readonly Role[] = ['manager', 'owner'];

/** The one forward path of an order, and who may take each step. Cancelling has its own command. */
const NEXT_STEP: Partial<Record<OrderStatus, { to: OrderStatus; roles: readonly Role[] }>> = {
  PENDING: { to: 'CONFIRMED', roles: FRONT_OF_HOUSE },
  CONFIRMED: { to: 'PREPARING', roles: KITCHEN_STAFF },
  PREPARING: { to: 'READY', roles: KITCHEN_STAFF },
  READY: { to: 'SERVED', roles: FRONT_OF_HOUSE },
  SERVED: { to: 'PAID', roles: FRONT_OF_HOUSE },
};

/** Every role that may advance some step: anyone else (an auditor) is refused whatever the move. */
export const STATUS_MOVERS: readonly Role[] = [...new Set([...FRONT_OF_HOUSE, ...KITCHEN_STAFF])];

export const isClosed = (status: OrderStatus) => status === 'PAID' || status === 'CANCELLED';

/** From PREPARING on the kitchen has started the order: undoing any of it needs a manager. */
export const kitchenStarted = (status: OrderStatus) => status === 'PREPARING' || status === 'READY' || status === 'SERVED';

/** Refuses any move but the next step on the path, then a role not allowed to take that step. */
export function checkMove(from: OrderStatus, to: OrderStatus, actor: OrderActor): void {
  const step = NEXT_STEP[from];
  if (!step || step.to !== to) throw conflict('INVALID_TRANSITION', `An order cannot move from ${from} to ${to}`);
  requireRole(actor, step.roles);
}

/** An order that has been placed: the state every command but PlaceOrder needs. */
export type PlacedOrder = OrderState & { orderId: string; status: OrderStatus; terms: PricingTerms };

export function placedOrder(state: OrderState): PlacedOrder {
  const { orderId, status, terms } = state;
  if (orderId === undefined || status === undefined || terms === undefined) throw notFound('ORDER_NOT_FOUND', 'No such order');
  return { ...state, orderId, status, terms };
}

/**
 * A served order that is paid in full is done: it moves on to PAID by itself, whether the last
 * payment came after serving or the guest paid first (counter service). An empty order is not "paid".
 */
export function closeIfPaid(order: PlacedOrder, status: OrderStatus, paidMinor: number, totalMinor: number): OrderEvent[] {
  if (status !== 'SERVED' || totalMinor <= 0 || paidMinor < totalMinor) return [];
  return [{ type: 'OrderStatusChanged', data: { orderId: order.orderId, from: 'SERVED', to: 'PAID' } }];
}
