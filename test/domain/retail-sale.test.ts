import type { PricingTerms } from '../../src/domain/restaurant/order-messages';
import { receiptLabel } from '../../src/domain/retail/sale-messages';
import { ROLES, type Role } from '../../src/domain/tenant/role';
import { actor, completed, given, managerApproval, pen, saleLine, sell, soap } from './retail-fixtures';

describe('SellItems: lines and totals', () => {
  it('a sale is priced by the catalog and completed with its receipt number', () => given([]).when(sell()).then([completed]));

  it('the same item scanned twice becomes one line with both quantities, in the order first scanned', () =>
    given([])
      .when(
        sell({
          lines: [
            { item: pen, quantity: 1 },
            { item: soap, quantity: 3 },
            { item: pen, quantity: 1 },
          ],
        }),
      )
      .then([{ ...completed, data: { ...completed.data, lines: [saleLine('L1', pen, 2), saleLine('L2', soap, 3)] } }]));

  it('with tax-inclusive prices the tax is carved out of the price, rounded half up per line', () => {
    const inclusive: PricingTerms = { currency: 'VND', taxInclusive: true };
    const coffee = { itemId: 'i_cf', sku: null, name: 'Cà phê', station: null, unitPriceMinor: 25_000, taxRateBps: 800 };
    // 3 × 25,000 = 75,000 incl. 8 %: tax = 75,000 × 800 / 10,800 = 5,555.5… → 5,556
    given([])
      .when(sell({ terms: inclusive, lines: [{ item: coffee, quantity: 3 }], payments: [{ method: 'CASH', amountMinor: 100_000 }] }))
      .then([
        {
          type: 'SaleCompleted',
          data: {
            ...completed.data,
            terms: inclusive,
            lines: [{ lineId: 'L1', itemId: 'i_cf', sku: null, name: 'Cà phê', quantity: 3, unitPriceMinor: 25_000, taxRateBps: 800, netMinor: 69_444, taxMinor: 5_556, totalMinor: 75_000 }],
            subtotalMinor: 69_444,
            taxMinor: 5_556,
            totalMinor: 75_000,
            payments: [{ method: 'CASH', amountMinor: 75_000, tenderedMinor: 100_000 }],
            changeMinor: 25_000,
          },
        },
      ]);
  });

  it('no lines: NO_ITEMS', () => given([]).when(sell({ lines: [] })).thenThrows('NO_ITEMS'));
  it.each([0, -1, 1.5, 10_000, Number.NaN])('quantity %p: INVALID_QUANTITY', (quantity) => given([]).when(sell({ lines: [{ item: soap, quantity }] })).thenThrows('INVALID_QUANTITY'));
  it('two scans that together exceed the largest quantity: INVALID_QUANTITY', () =>
    given([])
      .when(
        sell({
          lines: [
            { item: pen, quantity: 9_999 },
            { item: pen, quantity: 1 },
          ],
        }),
      )
      .thenThrows('INVALID_QUANTITY'));
  it('a total beyond exact integers: AMOUNT_TOO_LARGE', () =>
    given([])
      .when(sell({ lines: [{ item: { ...pen, unitPriceMinor: Number.MAX_SAFE_INTEGER }, quantity: 2 }], payments: [{ method: 'CASH', amountMinor: 1 }] }))
      .thenThrows('AMOUNT_TOO_LARGE'));
  it('a sale is recorded once: SALE_EXISTS', () => given([completed]).when(sell()).thenThrows('SALE_EXISTS'));
  it.each([0, -3, 1.5])('receipt number %p: INVALID_RECEIPT_NUMBER', (receiptNo) => {
    const command = sell();
    given([]).when({ ...command, data: { ...(command.data as any), receiptNo } }).thenThrows('INVALID_RECEIPT_NUMBER');
  });
  it('the receipt label is R- and six digits, growing past them', () => {
    expect(receiptLabel(123)).toBe('R-000123');
    expect(receiptLabel(1_234_567)).toBe('R-1234567');
  });
});

describe('SellItems: payments', () => {
  const paidWith = (payments: { method: 'CASH' | 'CARD' | 'OTHER'; amountMinor: number }[]) => sell({ payments });
  const withPayments = (payments: unknown[], changeMinor: number) => [{ ...completed, data: { ...completed.data, payments, changeMinor } } as typeof completed];

  it('split across card and cash, cash for the rest', () =>
    given([])
      .when(
        paidWith([
          { method: 'CARD', amountMinor: 1_000 },
          { method: 'CASH', amountMinor: 190 },
        ]),
      )
      .then(
        withPayments(
          [
            { method: 'CARD', amountMinor: 1_000, tenderedMinor: null },
            { method: 'CASH', amountMinor: 190, tenderedMinor: 190 },
          ],
          0,
        ),
      ));

  it('cash over the total gives change; the cash recorded is what stayed in the till', () =>
    given([])
      .when(paidWith([{ method: 'CASH', amountMinor: 2_000 }]))
      .then(withPayments([{ method: 'CASH', amountMinor: 1_190, tenderedMinor: 2_000 }], 810)));

  it('card then a note: change comes off the cash, not the card', () =>
    given([])
      .when(
        paidWith([
          { method: 'CARD', amountMinor: 1_000 },
          { method: 'CASH', amountMinor: 500 },
        ]),
      )
      .then(
        withPayments(
          [
            { method: 'CARD', amountMinor: 1_000, tenderedMinor: null },
            { method: 'CASH', amountMinor: 190, tenderedMinor: 500 },
          ],
          310,
        ),
      ));

  it('two notes: the change comes off the last one first', () =>
    given([])
      .when(
        paidWith([
          { method: 'CASH', amountMinor: 1_000 },
          { method: 'CASH', amountMinor: 500 },
        ]),
      )
      .then(
        withPayments(
          [
            { method: 'CASH', amountMinor: 1_000, tenderedMinor: 1_000 },
            { method: 'CASH', amountMinor: 190, tenderedMinor: 500 },
          ],
          310,
        ),
      ));

  it('underpaid: UNDERPAID', () => given([]).when(paidWith([{ method: 'CASH', amountMinor: 1_189 }])).thenThrows('UNDERPAID'));
  it('no payment for a sale that costs something: UNDERPAID', () => given([]).when(paidWith([])).thenThrows('UNDERPAID'));
  it.each(['CARD', 'OTHER'] as const)('%s over the total: OVERPAYMENT (a card is charged exactly)', (method) =>
    given([]).when(paidWith([{ method, amountMinor: 1_191 }])).thenThrows('OVERPAYMENT'));
  it('card and other together over the total: OVERPAYMENT', () =>
    given([])
      .when(
        paidWith([
          { method: 'CARD', amountMinor: 1_000 },
          { method: 'OTHER', amountMinor: 191 },
        ]),
      )
      .thenThrows('OVERPAYMENT'));
  it.each([0, -100, 1.5])('a payment of %p: INVALID_AMOUNT', (amountMinor) => given([]).when(paidWith([{ method: 'CASH', amountMinor }])).thenThrows('INVALID_AMOUNT'));
  it('a free sale needs no payment', () => {
    const freebie = { ...pen, unitPriceMinor: 0 };
    given([])
      .when(sell({ lines: [{ item: freebie, quantity: 1 }], payments: [] }))
      .then([
        {
          type: 'SaleCompleted',
          data: { ...completed.data, lines: [saleLine('L1', freebie, 1)], subtotalMinor: 0, taxMinor: 0, totalMinor: 0, payments: [], changeMinor: 0 },
        },
      ]);
  });
});

describe('SellItems: who may sell, and the cashier limit', () => {
  it.each<Role>(['cashier', 'manager', 'owner'])('a %s sells', (role) =>
    given([])
      .when(sell({ role }))
      .then([{ ...completed, data: { ...completed.data, soldBy: actor(role) } }]));

  it.each(ROLES.filter((r) => !['cashier', 'manager', 'owner'].includes(r)))('a %s may not sell: FORBIDDEN_ROLE', (role) => given([]).when(sell({ role })).thenThrows('FORBIDDEN_ROLE'));

  const limits = { saleLimitMinor: 1_000, returnLimitMinor: null };
  it('a cashier over the limit without approval: APPROVAL_REQUIRED', () => given([]).when(sell({ limits })).thenThrows('APPROVAL_REQUIRED'));
  it('a cashier over the limit with a manager’s approval: the approval is recorded', () =>
    given([])
      .when(sell({ limits, approval: managerApproval }))
      .then([{ ...completed, data: { ...completed.data, approvedBy: managerApproval } }]));
  it('an approval by someone who is not a manager or owner: APPROVER_NOT_MANAGER', () =>
    given([])
      .when(sell({ limits, approval: { userId: 'u_x', role: 'cashier' } }))
      .thenThrows('APPROVER_NOT_MANAGER'));
  it('exactly at the limit needs no approval', () => given([]).when(sell({ limits: { saleLimitMinor: 1_190, returnLimitMinor: null } })).then([completed]));
  it('an approval that was not needed is not recorded', () => given([]).when(sell({ approval: managerApproval })).then([completed]));
  it('a manager is not held to the cashier limit', () =>
    given([])
      .when(sell({ limits, role: 'manager' }))
      .then([{ ...completed, data: { ...completed.data, soldBy: actor('manager') } }]));
});

describe('SellItems: the order of checks', () => {
  it('the role is checked before the request', () => given([]).when(sell({ role: 'kitchen', lines: [] })).thenThrows('FORBIDDEN_ROLE'));
  it('the money is checked before the limit', () =>
    given([])
      .when(sell({ limits: { saleLimitMinor: 1, returnLimitMinor: null }, payments: [] }))
      .thenThrows('UNDERPAID'));
});
