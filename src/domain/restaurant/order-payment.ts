import { conflict, rejected } from '../errors';
import type { OrderCommand, OrderEvent } from './order-messages';
import { requireRole } from '../tenant/role';
import { closeIfPaid, FRONT_OF_HOUSE, isClosed, type PlacedOrder } from './order-policy';

type RecordPayment = Extract<OrderCommand, { type: 'RecordPayment' }>['data'];

const isPositiveAmount = (value: number) => Number.isSafeInteger(value) && value > 0;

/** What a payment applies to the order, what was handed over, and what goes back to the guest. */
function settle(command: RecordPayment, dueMinor: number): { appliedMinor: number; tenderedMinor: number | null; changeMinor: number } {
  const { method, amountMinor } = command;
  if (method !== 'CASH') {
    // A card (or voucher, transfer, …) is charged exactly what it is given: never more than is due.
    if (amountMinor > dueMinor) throw rejected('OVERPAYMENT', `Only ${dueMinor} is due; a ${method} payment cannot exceed it`);
    return { appliedMinor: amountMinor, tenderedMinor: null, changeMinor: 0 };
  }
  const tenderedMinor = command.tenderedMinor ?? amountMinor;
  if (!isPositiveAmount(tenderedMinor)) throw rejected('INVALID_AMOUNT', 'The amount tendered must be a positive whole number of minor units');
  if (tenderedMinor < amountMinor) throw rejected('INSUFFICIENT_TENDER', 'Less cash was tendered than the amount paid');
  // Cash beyond what is due is handed back as change rather than refused.
  const appliedMinor = Math.min(amountMinor, dueMinor);
  return { appliedMinor, tenderedMinor, changeMinor: tenderedMinor - appliedMinor };
}

export function decidePayment(command: RecordPayment, order: PlacedOrder): OrderEvent[] {
  const { paymentId, method, amountMinor, actor } = command;
  requireRole(actor, FRONT_OF_HOUSE);
  // Checked before ORDER_CLOSED: a retried last payment should hear "already recorded", not "closed".
  if (order.paymentIds.includes(paymentId)) throw conflict('PAYMENT_EXISTS', `The payment ${paymentId} is already recorded`);
  if (isClosed(order.status)) throw conflict('ORDER_CLOSED', `The order is ${order.status}`);
  if (!isPositiveAmount(amountMinor)) throw rejected('INVALID_AMOUNT', 'The amount must be a positive whole number of minor units');
  const dueMinor = order.totalMinor - order.paidMinor;
  if (dueMinor <= 0) throw conflict('NOTHING_DUE', 'Nothing is due on this order');
  const { appliedMinor, tenderedMinor, changeMinor } = settle(command, dueMinor);
  return [
    { type: 'PaymentRecorded', data: { orderId: order.orderId, paymentId, method, amountMinor: appliedMinor, tenderedMinor, changeMinor } },
    ...closeIfPaid(order, order.status, order.paidMinor + appliedMinor, order.totalMinor),
  ];
}
