import { saleDecider } from '../../src/domain/retail/sale';
import type { SaleEvent, SaleLineRequest } from '../../src/domain/retail/sale-messages';
import { ROLES, type Role } from '../../src/domain/tenant/role';
import { actor, AT, completed, given, managerApproval, NO_LIMITS, returnOf, saleLine } from './retail-fixtures';

const returned = (
  lines: { lineId: string; itemId: string; quantity: number; taxMinor: number; refundMinor: number }[],
  { returnId = 'r_1', role = 'cashier' as Role, approvedBy = null as typeof managerApproval | null, reason = 'Damaged' } = {},
): SaleEvent => ({
  type: 'SaleItemsReturned',
  data: {
    saleId: 's_1',
    returnId,
    lines,
    refundMinor: lines.reduce((s, l) => s + l.refundMinor, 0),
    taxMinor: lines.reduce((s, l) => s + l.taxMinor, 0),
    reason,
    returnedBy: actor(role),
    approvedBy,
    returnedAt: AT,
  },
});

describe('ReturnItems', () => {
  it('refunds returned units at the price paid, tax included', () =>
    given([completed])
      .when(returnOf([{ itemId: 'i_soap', quantity: 1 }]))
      .then([returned([{ lineId: 'L1', itemId: 'i_soap', quantity: 1, taxMinor: 30, refundMinor: 330 }])]));

  it('returns several items at once, naming one item twice adds up', () =>
    given([completed])
      .when(
        returnOf([
          { itemId: 'i_pen', quantity: 1 },
          { itemId: 'i_soap', quantity: 2 },
          { itemId: 'i_pen', quantity: 1 },
        ]),
      )
      .then([
        returned([
          { lineId: 'L2', itemId: 'i_pen', quantity: 2, taxMinor: 0, refundMinor: 200 },
          { lineId: 'L1', itemId: 'i_soap', quantity: 2, taxMinor: 60, refundMinor: 660 },
        ]),
      ]));

  it('never more than was sold: RETURN_EXCEEDS_SOLD', () => given([completed]).when(returnOf([{ itemId: 'i_soap', quantity: 4 }])).thenThrows('RETURN_EXCEEDS_SOLD'));

  it('never more than was sold minus earlier returns', () =>
    given([completed, returned([{ lineId: 'L1', itemId: 'i_soap', quantity: 2, taxMinor: 60, refundMinor: 660 }])])
      .when(returnOf([{ itemId: 'i_soap', quantity: 2 }], { returnId: 'r_2' }))
      .thenThrows('RETURN_EXCEEDS_SOLD'));

  it('the rest after an earlier return is fine', () =>
    given([completed, returned([{ lineId: 'L1', itemId: 'i_soap', quantity: 2, taxMinor: 60, refundMinor: 660 }])])
      .when(returnOf([{ itemId: 'i_soap', quantity: 1 }], { returnId: 'r_2' }))
      .then([returned([{ lineId: 'L1', itemId: 'i_soap', quantity: 1, taxMinor: 30, refundMinor: 330 }], { returnId: 'r_2' })]));

  it('a unit-by-unit return of an unevenly divided line refunds exactly what was paid, no cent more', () => {
    // 3 × $0.33 at 10 % tax on top: line total 109 (tax 10), which 3 does not divide.
    const gum: SaleLineRequest['item'] = { itemId: 'i_gum', sku: null, name: 'Gum', station: null, unitPriceMinor: 33, taxRateBps: 1_000 };
    const line = { ...saleLine('L1', gum, 3), taxMinor: 10, totalMinor: 109 };
    const sale: SaleEvent = { ...completed, data: { ...completed.data, lines: [line], subtotalMinor: 99, taxMinor: 10, totalMinor: 109 } };
    let state = [sale].reduce(saleDecider.evolve, saleDecider.initialState());
    const refunds: number[] = [];
    const taxes: number[] = [];
    for (let i = 1; i <= 3; i++) {
      const [event] = saleDecider.decide(returnOf([{ itemId: 'i_gum', quantity: 1 }], { returnId: `r_${i}` }), state);
      if (event?.type !== 'SaleItemsReturned') throw new Error('expected a return');
      refunds.push(event.data.refundMinor);
      taxes.push(event.data.taxMinor);
      state = saleDecider.evolve(state, event);
    }
    expect(refunds).toEqual([36, 37, 36]);
    expect(refunds.reduce((a, b) => a + b)).toBe(109);
    expect(taxes.reduce((a, b) => a + b)).toBe(10);
    expect(() => saleDecider.decide(returnOf([{ itemId: 'i_gum', quantity: 1 }], { returnId: 'r_4' }), state)).toThrow('can still be returned');
  });

  it('an item the sale did not have: ITEM_NOT_IN_SALE', () => given([completed]).when(returnOf([{ itemId: 'i_other', quantity: 1 }])).thenThrows('ITEM_NOT_IN_SALE'));
  it('no such sale: SALE_NOT_FOUND', () => given([]).when(returnOf([{ itemId: 'i_soap', quantity: 1 }])).thenThrows('SALE_NOT_FOUND'));
  it('no lines: NO_ITEMS', () => given([completed]).when(returnOf([])).thenThrows('NO_ITEMS'));
  it.each([0, -1, 2.5])('quantity %p: INVALID_QUANTITY', (quantity) => given([completed]).when(returnOf([{ itemId: 'i_soap', quantity }])).thenThrows('INVALID_QUANTITY'));
  it.each(['', '   '])('a blank reason %p: REASON_REQUIRED', (reason) => given([completed]).when(returnOf([{ itemId: 'i_soap', quantity: 1 }], { reason })).thenThrows('REASON_REQUIRED'));
  it('the reason is recorded trimmed', () =>
    given([completed])
      .when(returnOf([{ itemId: 'i_pen', quantity: 1 }], { reason: '  Wrong colour ' }))
      .then([returned([{ lineId: 'L2', itemId: 'i_pen', quantity: 1, taxMinor: 0, refundMinor: 100 }], { reason: 'Wrong colour' })]));
  it('the same return id twice: RETURN_EXISTS', () =>
    given([completed, returned([{ lineId: 'L2', itemId: 'i_pen', quantity: 1, taxMinor: 0, refundMinor: 100 }])])
      .when(returnOf([{ itemId: 'i_pen', quantity: 1 }]))
      .thenThrows('RETURN_EXISTS'));

  it.each(ROLES.filter((r) => !['cashier', 'manager', 'owner'].includes(r)))('a %s may not take a return: FORBIDDEN_ROLE', (role) =>
    given([completed]).when(returnOf([{ itemId: 'i_pen', quantity: 1 }], { role })).thenThrows('FORBIDDEN_ROLE'));

  describe('the cashier refund limit', () => {
    const limits = { ...NO_LIMITS, returnLimitMinor: 300 };
    it('a refund over the limit needs a manager: APPROVAL_REQUIRED', () =>
      given([completed]).when(returnOf([{ itemId: 'i_soap', quantity: 1 }], { limits })).thenThrows('APPROVAL_REQUIRED'));
    it('with the approval, it is recorded in the event', () =>
      given([completed])
        .when(returnOf([{ itemId: 'i_soap', quantity: 1 }], { limits, approval: managerApproval }))
        .then([returned([{ lineId: 'L1', itemId: 'i_soap', quantity: 1, taxMinor: 30, refundMinor: 330 }], { approvedBy: managerApproval })]));
    it('under the limit a cashier needs no one', () =>
      given([completed])
        .when(returnOf([{ itemId: 'i_pen', quantity: 3 - 1 }], { limits }))
        .then([returned([{ lineId: 'L2', itemId: 'i_pen', quantity: 2, taxMinor: 0, refundMinor: 200 }])]));
    it('a manager is not held to it', () =>
      given([completed])
        .when(returnOf([{ itemId: 'i_soap', quantity: 3 }], { limits, role: 'manager' }))
        .then([returned([{ lineId: 'L1', itemId: 'i_soap', quantity: 3, taxMinor: 90, refundMinor: 990 }], { role: 'manager' })]));
  });
});
