import type { OrderCommand, OrderStatus, PaymentMethod } from '../../src/domain/restaurant/order-messages';
import { ROLES, type Role } from '../../src/domain/tenant/role';
import { actor, changed, given, orderAt, placed, recorded, stateAfter } from './restaurant-fixtures';

interface Payment {
  paymentId?: string;
  tenderedMinor?: number | null;
  role?: Role;
}
const pay = (method: PaymentMethod, amountMinor: number, { paymentId = 'p_1', tenderedMinor = null, role = 'cashier' }: Payment = {}): OrderCommand => ({
  type: 'RecordPayment',
  data: { paymentId, method, amountMinor, tenderedMinor, actor: actor(role) },
});

describe('Card (and other non-cash) payments', () => {
  it('a card pays part of the bill', () => given([placed]).when(pay('CARD', 1_000)).then([recorded('CARD', 1_000)]));

  it.each<PaymentMethod>(['CARD', 'OTHER'])('%s is never charged more than is due: OVERPAYMENT', (method) =>
    given([placed, recorded('CASH', 420, { paymentId: 'p_0', tenderedMinor: 420 })]).when(pay(method, 2_001)).thenThrows('OVERPAYMENT'));

  it('a card for exactly what is due is fine', () => given([placed]).when(pay('CARD', 2_420)).then([recorded('CARD', 2_420)]));

  it('a tendered amount means nothing for a card: none is recorded, no change', () =>
    given([placed]).when(pay('CARD', 1_000, { tenderedMinor: 5_000 })).then([recorded('CARD', 1_000)]));
});

describe('Cash payments', () => {
  it('the tendered amount defaults to the amount paid', () =>
    given([placed]).when(pay('CASH', 2_420)).then([recorded('CASH', 2_420, { tenderedMinor: 2_420, changeMinor: 0 })]));

  it('change is the tendered amount minus the amount paid', () =>
    given([placed]).when(pay('CASH', 2_420, { tenderedMinor: 5_000 })).then([recorded('CASH', 2_420, { tenderedMinor: 5_000, changeMinor: 2_580 })]));

  it('cash beyond what is due applies only what is due; the rest is change', () =>
    given([placed]).when(pay('CASH', 3_000, { tenderedMinor: 5_000 })).then([recorded('CASH', 2_420, { tenderedMinor: 5_000, changeMinor: 2_580 })]));

  it('handing over a note for the bill: amount = tendered = 5,000, change 2,580', () =>
    given([placed]).when(pay('CASH', 5_000)).then([recorded('CASH', 2_420, { tenderedMinor: 5_000, changeMinor: 2_580 })]));

  it('less cash tendered than the amount paid: INSUFFICIENT_TENDER', () =>
    given([placed]).when(pay('CASH', 2_420, { tenderedMinor: 2_000 })).thenThrows('INSUFFICIENT_TENDER'));
});

describe('Split payments', () => {
  it('card, then cash with change, settle the bill', () => {
    given([placed]).when(pay('CARD', 1_000)).then([recorded('CARD', 1_000)]);
    given([placed, recorded('CARD', 1_000)])
      .when(pay('CASH', 1_420, { paymentId: 'p_2', tenderedMinor: 2_000 }))
      .then([recorded('CASH', 1_420, { paymentId: 'p_2', tenderedMinor: 2_000, changeMinor: 580 })]);
    expect(stateAfter([placed, recorded('CARD', 1_000), recorded('CASH', 1_420, { paymentId: 'p_2', tenderedMinor: 2_000, changeMinor: 580 })])).toMatchObject({
      totalMinor: 2_420,
      paidMinor: 2_420,
      paymentIds: ['p_1', 'p_2'],
    });
  });

  it('the second card may not exceed what the first left due', () =>
    given([placed, recorded('CARD', 1_000)]).when(pay('CARD', 1_421, { paymentId: 'p_2' })).thenThrows('OVERPAYMENT'));

  it('the last of split payments on a served order closes it: SERVED → PAID', () =>
    given(orderAt('SERVED', [recorded('CARD', 1_000)]))
      .when(pay('CASH', 1_420, { paymentId: 'p_2' }))
      .then([recorded('CASH', 1_420, { paymentId: 'p_2', tenderedMinor: 1_420 }), changed('SERVED', 'PAID')]));
});

describe('Paying and the order status', () => {
  it('paying in full while SERVED moves it SERVED → PAID', () =>
    given(orderAt('SERVED')).when(pay('CARD', 2_420)).then([recorded('CARD', 2_420), changed('SERVED', 'PAID')]));

  it('paying part while SERVED leaves it SERVED', () => given(orderAt('SERVED')).when(pay('CARD', 2_000)).then([recorded('CARD', 2_000)]));

  it.each<OrderStatus>(['PENDING', 'CONFIRMED', 'PREPARING', 'READY'])('paying in full while %s (pay first) changes no status: PAID comes once served', (status) =>
    given(orderAt(status)).when(pay('CARD', 2_420)).then([recorded('CARD', 2_420)]));

  it.each<OrderStatus>(['PAID', 'CANCELLED'])('not once the order is %s: ORDER_CLOSED', (status) =>
    given(orderAt(status, status === 'PAID' ? [recorded('CARD', 2_420, { paymentId: 'p_0' })] : [])).when(pay('CASH', 100)).thenThrows('ORDER_CLOSED'));

  it('nothing due (paid first, in full): NOTHING_DUE', () => given([placed, recorded('CARD', 2_420)]).when(pay('CASH', 100, { paymentId: 'p_2' })).thenThrows('NOTHING_DUE'));
});

describe('What a payment must be', () => {
  it.each([0, -100, 12.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])('an amount of %s: INVALID_AMOUNT (a positive whole number of minor units)', (amountMinor) =>
    given([placed]).when(pay('CASH', amountMinor)).thenThrows('INVALID_AMOUNT'));

  it('a tendered amount of 2,500.5: INVALID_AMOUNT', () => given([placed]).when(pay('CASH', 2_420, { tenderedMinor: 2_500.5 })).thenThrows('INVALID_AMOUNT'));

  it('a payment is recorded once: PAYMENT_EXISTS', () => given([placed, recorded('CARD', 1_000)]).when(pay('CARD', 500)).thenThrows('PAYMENT_EXISTS'));

  it('the retried payment that closed the order hears PAYMENT_EXISTS, not ORDER_CLOSED', () =>
    given([...orderAt('SERVED'), recorded('CARD', 2_420), changed('SERVED', 'PAID')]).when(pay('CARD', 2_420)).thenThrows('PAYMENT_EXISTS'));

  it.each(ROLES.map((role) => [role, role === 'kitchen' || role === 'auditor' ? 'FORBIDDEN_ROLE' : 'allowed'] as const))(
    'a %s: %s (waiters, cashiers, managers and owners take payments)',
    (role, outcome) =>
      outcome === 'allowed' ? given([placed]).when(pay('CARD', 1_000, { role })).then([recorded('CARD', 1_000)]) : given([placed]).when(pay('CARD', 1_000, { role })).thenThrows(outcome),
  );
});
