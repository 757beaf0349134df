import { assertNever, type Decider } from '../decider';
import { conflict, notFound } from '../errors';
import { requireRole } from '../tenant/role';
import { checkNote, checkReason } from '../text';
import { priceLines, totalOf, totalWith } from './order-lines';
import type { OrderCommand, OrderEvent, OrderState } from './order-messages';
import { decidePayment } from './order-payment';
import {
  checkMove,
  closeIfPaid,
  FRONT_OF_HOUSE,
  isClosed,
  kitchenStarted,
  MANAGERS,
  placedOrder,
  STATUS_MOVERS,
  type PlacedOrder,
} from './order-policy';
import { withFields } from '../with-fields';

type Data<T extends OrderCommand['type']> = Extract<OrderCommand, { type: T }>['data'];

/*
 * Checks run in one order for every command: the order exists (404); the role may ever give the
 * command (403); the order's state allows it (409); a role rule that depends on that state (403);
 * the request itself (422); then the money (409/422).
 */

function requireOpen(order: PlacedOrder): void {
  if (isClosed(order.status)) throw conflict('ORDER_CLOSED', `The order is ${order.status}`);
}

function addItems({ lines, actor }: Data<'AddItems'>, order: PlacedOrder): OrderEvent[] {
  requireRole(actor, FRONT_OF_HOUSE);
  requireOpen(order);
  const added = priceLines(lines, order.terms, order.lines.length);
  totalWith(order.totalMinor, added);
  const events: OrderEvent[] = [{ type: 'OrderItemsAdded', data: { orderId: order.orderId, lines: added } }];
  // Items added once the kitchen has finished (READY or SERVED) still have to be cooked: the order
  // goes back to CONFIRMED so it reappears in the kitchen queue. PREPARING stays: the kitchen is on it.
  if (order.status === 'READY' || order.status === 'SERVED') {
    events.push({ type: 'OrderStatusChanged', data: { orderId: order.orderId, from: order.status, to: 'CONFIRMED' } });
  }
  return events;
}

function voidItem({ lineId, reason, actor }: Data<'VoidItem'>, order: PlacedOrder): OrderEvent[] {
  requireRole(actor, FRONT_OF_HOUSE);
  requireOpen(order);
  const line = order.lines.find((l) => l.lineId === lineId);
  if (!line) throw notFound('LINE_NOT_FOUND', `The order has no line ${lineId}`);
  if (order.voided.includes(lineId)) throw conflict('LINE_ALREADY_VOIDED', `The line ${lineId} is already voided`);
  if (kitchenStarted(order.status)) requireRole(actor, MANAGERS, 'VOID_NEEDS_MANAGER');
  const checkedReason = checkReason(reason);
  const totalMinor = order.totalMinor - line.totalMinor;
  if (order.paidMinor > totalMinor) throw conflict('VOID_WOULD_OVERPAY', 'Voiding this line would leave more paid than the order costs');
  return [
    { type: 'OrderItemVoided', data: { orderId: order.orderId, lineId, reason: checkedReason, voidedBy: actor } },
    // A void that leaves a served order exactly paid closes it, as the last payment would have.
    ...closeIfPaid(order, order.status, order.paidMinor, totalMinor),
  ];
}

function advance({ to, actor }: Data<'AdvanceOrderStatus'>, order: PlacedOrder): OrderEvent[] {
  requireRole(actor, STATUS_MOVERS);
  checkMove(order.status, to, actor);
  if (to === 'PAID' && order.paidMinor < order.totalMinor) throw conflict('ORDER_NOT_PAID', `${order.totalMinor - order.paidMinor} is still due`);
  return [
    { type: 'OrderStatusChanged', data: { orderId: order.orderId, from: order.status, to } },
    // Paid before it was served (counter service): serving it is the last step.
    ...closeIfPaid(order, to, order.paidMinor, order.totalMinor),
  ];
}

function cancel({ reason, actor }: Data<'CancelOrder'>, order: PlacedOrder): OrderEvent[] {
  requireRole(actor, FRONT_OF_HOUSE);
  const { status } = order;
  if (status !== 'PENDING' && status !== 'CONFIRMED' && status !== 'PREPARING') {
    throw conflict('INVALID_TRANSITION', `An order cannot be cancelled once ${status}`);
  }
  if (kitchenStarted(status)) requireRole(actor, MANAGERS, 'CANCEL_NEEDS_MANAGER');
  // Payments are never undone by a cancel: they have to be refunded first, which is its own story.
  if (order.paymentIds.length > 0) throw conflict('ORDER_HAS_PAYMENTS', 'An order with payments cannot be cancelled');
  return [{ type: 'OrderCancelled', data: { orderId: order.orderId, from: status, reason: checkReason(reason) } }];
}

function place(command: Data<'PlaceOrder'>, state: OrderState): OrderEvent[] {
  const { orderId, table, note, lines, terms, actor, at } = command;
  if (state.status !== undefined) throw conflict('ORDER_EXISTS', `The order ${orderId} already exists`);
  requireRole(actor, FRONT_OF_HOUSE);
  const checkedNote = checkNote(note);
  const priced = priceLines(lines, terms, 0);
  totalWith(0, priced);
  return [{ type: 'OrderPlaced', data: { orderId, table, note: checkedNote, lines: priced, terms, placedAt: at } }];
}

/** A restaurant order from placing to paid (or cancelled): lines, kitchen progress and payments. */
export const orderDecider: Decider<OrderState, OrderCommand, OrderEvent> = {
  initialState: () => ({ table: null, lines: [], voided: [], totalMinor: 0, paidMinor: 0, paymentIds: [] }),

  decide(command, state) {
    switch (command.type) {
      case 'PlaceOrder':
        return place(command.data, state);
      case 'AddItems':
        return addItems(command.data, placedOrder(state));
      case 'VoidItem':
        return voidItem(command.data, placedOrder(state));
      case 'AdvanceOrderStatus':
        return advance(command.data, placedOrder(state));
      case 'CancelOrder':
        return cancel(command.data, placedOrder(state));
      case 'RecordPayment':
        return decidePayment(command.data, placedOrder(state));
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'OrderPlaced': {
        const { orderId, table, lines, terms, placedAt } = event.data;
        return withFields(state, { orderId, table, terms, placedAt, status: 'PENDING' as const, lines, totalMinor: totalOf(lines, state.voided) });
      }
      case 'OrderItemsAdded': {
        const lines = [...state.lines, ...event.data.lines];
        return { ...state, lines, totalMinor: totalOf(lines, state.voided) };
      }
      case 'OrderItemVoided': {
        const voided = [...state.voided, event.data.lineId];
        return { ...state, voided, totalMinor: totalOf(state.lines, voided) };
      }
      case 'OrderStatusChanged':
        return { ...state, status: event.data.to };
      case 'OrderCancelled':
        return { ...state, status: 'CANCELLED' };
      case 'PaymentRecorded':
        return { ...state, paidMinor: state.paidMinor + event.data.amountMinor, paymentIds: [...state.paymentIds, event.data.paymentId] };
      default:
        return assertNever(event);
    }
  },
};
