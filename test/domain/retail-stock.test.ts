import { receiptCounterDecider } from '../../src/domain/retail/receipt-counter';
import { stockItemDecider, stockReceiptDecider } from '../../src/domain/retail/stock';
import type { StockItemCommand, StockItemEvent } from '../../src/domain/retail/stock-messages';
import { ROLES, type Role } from '../../src/domain/tenant/role';
import { tenantDecider } from '../../src/domain/tenant/tenant';
import type { TenantEvent } from '../../src/domain/tenant/tenant-messages';
import { specFor } from './given';
import { actor, AT } from './retail-fixtures';

const STOCK_KEEPERS: Role[] = ['manager', 'owner'];
const others = ROLES.filter((r) => !STOCK_KEEPERS.includes(r));

describe('ReceiveStock', () => {
  const given = specFor(stockReceiptDecider);
  const receive = (lines: { itemId: string; quantity: number }[], { role = 'manager' as Role, supplier = 'Unilever' as string | null } = {}) => ({
    type: 'ReceiveStock' as const,
    data: { receiptId: 'sr_1', lines, supplier, actor: actor(role), at: AT },
  });
  const received = (lines: { itemId: string; quantity: number }[], supplier: string | null = 'Unilever', role: Role = 'manager') => ({
    type: 'StockReceived' as const,
    data: { receiptId: 'sr_1', lines, supplier, receivedBy: actor(role), receivedAt: AT },
  });

  it('records the delivery, naming one item twice adds up', () =>
    given([])
      .when(
        receive([
          { itemId: 'i_soap', quantity: 10 },
          { itemId: 'i_pen', quantity: 5 },
          { itemId: 'i_soap', quantity: 2 },
        ]),
      )
      .then([
        received([
          { itemId: 'i_soap', quantity: 12 },
          { itemId: 'i_pen', quantity: 5 },
        ]),
      ]));
  it('the supplier is optional and trimmed', () =>
    given([])
      .when(receive([{ itemId: 'i_pen', quantity: 1 }], { supplier: '   ' }))
      .then([received([{ itemId: 'i_pen', quantity: 1 }], null)]));
  it.each(STOCK_KEEPERS)('a %s receives stock', (role) =>
    given([])
      .when(receive([{ itemId: 'i_pen', quantity: 1 }], { role }))
      .then([received([{ itemId: 'i_pen', quantity: 1 }], 'Unilever', role)]));
  it.each(others)('a %s may not: FORBIDDEN_ROLE', (role) => given([]).when(receive([{ itemId: 'i_pen', quantity: 1 }], { role })).thenThrows('FORBIDDEN_ROLE'));
  it('no lines: NO_ITEMS', () => given([]).when(receive([])).thenThrows('NO_ITEMS'));
  it.each([0, -1, 1.5, 1_000_001])('quantity %p: INVALID_QUANTITY', (quantity) => given([]).when(receive([{ itemId: 'i_pen', quantity }])).thenThrows('INVALID_QUANTITY'));
  it('a receipt is recorded once: RECEIPT_EXISTS', () => given([received([{ itemId: 'i_pen', quantity: 1 }])]).when(receive([{ itemId: 'i_pen', quantity: 1 }])).thenThrows('RECEIPT_EXISTS'));
});

describe('AdjustStock and CountStock', () => {
  const given = specFor(stockItemDecider);
  const adjust = (delta: number, { reason = 'DAMAGE' as any, role = 'manager' as Role, adjustmentId = 'sa_1', note = null as string | null } = {}): StockItemCommand => ({
    type: 'AdjustStock',
    data: { adjustmentId, itemId: 'i_soap', delta, reason, note, actor: actor(role), at: AT },
  });
  const adjusted = (delta: number, reason: string, extra: Partial<Extract<StockItemEvent, { type: 'StockAdjusted' }>['data']> = {}): StockItemEvent => ({
    type: 'StockAdjusted',
    data: { adjustmentId: 'sa_1', itemId: 'i_soap', delta, reason: reason as any, note: null, count: null, adjustedBy: actor('manager'), adjustedAt: AT, ...extra },
  });
  const count = (countedQuantity: number, onHand: number): StockItemCommand => ({
    type: 'CountStock',
    data: { adjustmentId: 'sa_1', itemId: 'i_soap', countedQuantity, onHand, asOfPosition: '77', note: null, actor: actor('manager'), at: AT },
  });

  it.each(['DAMAGE', 'THEFT', 'COUNT', 'OTHER'])('an adjustment for %s is recorded with its delta', (reason) => given([]).when(adjust(-2, { reason })).then([adjusted(-2, reason)]));
  it('an upward adjustment with a note', () => given([]).when(adjust(3, { reason: 'OTHER', note: ' found in the back ' })).then([adjusted(3, 'OTHER', { note: 'found in the back' })]));
  it('an unknown reason: INVALID_REASON', () => given([]).when(adjust(1, { reason: 'LOST' })).thenThrows('INVALID_REASON'));
  it.each([0, 1.5, 1_000_001, -1_000_001, Number.NaN])('delta %p: INVALID_DELTA', (delta) => given([]).when(adjust(delta)).thenThrows('INVALID_DELTA'));
  it.each(others)('a %s may not adjust: FORBIDDEN_ROLE', (role) => given([]).when(adjust(1, { role })).thenThrows('FORBIDDEN_ROLE'));
  it('the same adjustment id twice: ADJUSTMENT_EXISTS', () => given([adjusted(-2, 'DAMAGE')]).when(adjust(-2)).thenThrows('ADJUSTMENT_EXISTS'));
  it('a second adjustment of the same item is its own event', () =>
    given([adjusted(-2, 'DAMAGE')])
      .when(adjust(-1, { adjustmentId: 'sa_2', reason: 'THEFT' }))
      .then([adjusted(-1, 'THEFT', { adjustmentId: 'sa_2' })]));

  it('a count sets the counted quantity: the difference becomes a COUNT adjustment', () =>
    given([])
      .when(count(7, 10))
      .then([adjusted(-3, 'COUNT', { count: { countedQuantity: 7, previousOnHand: 10, asOfPosition: '77' } })]));
  it('a count of negative stock brings it back up', () =>
    given([])
      .when(count(0, -4))
      .then([adjusted(4, 'COUNT', { count: { countedQuantity: 0, previousOnHand: -4, asOfPosition: '77' } })]));
  it('a count that confirms the stock is still recorded, with delta 0', () =>
    given([])
      .when(count(10, 10))
      .then([adjusted(0, 'COUNT', { count: { countedQuantity: 10, previousOnHand: 10, asOfPosition: '77' } })]));
  it.each([-1, 2.5])('a counted quantity of %p: INVALID_COUNT', (counted) => given([]).when(count(counted, 10)).thenThrows('INVALID_COUNT'));
});

describe('Receipt numbers', () => {
  const given = specFor(receiptCounterDecider);
  const issue = (...saleIds: string[]) => ({ type: 'IssueReceiptNumbers' as const, data: { saleIds } });
  const issued = (first: number, ...saleIds: string[]) => ({ type: 'ReceiptNumbersIssued' as const, data: { first, saleIds } });
  it('the first sale of a tenant gets number 1', () => given([]).when(issue('s_a')).then([issued(1, 's_a')]));
  it('sales that ask together get the next numbers in order', () => given([issued(1, 's_a'), issued(2, 's_b', 's_c')]).when(issue('s_d', 's_e')).then([issued(4, 's_d', 's_e')]));
  it('asking for none: NO_SALES', () => given([]).when(issue()).thenThrows('NO_SALES'));
});

describe('Cashier limits (tenant settings)', () => {
  const given = specFor(tenantDecider);
  const registered: TenantEvent = {
    type: 'TenantRegistered',
    data: { tenantId: 't_1', name: 'Shop', subdomain: 'shop', businessType: 'RETAIL', currency: 'USD', timezone: 'UTC', taxInclusive: false },
  };
  const setLimits = (saleLimitMinor: number | null, returnLimitMinor: number | null, role: Role = 'owner') => ({
    type: 'SetCashierLimits' as const,
    data: { saleLimitMinor, returnLimitMinor, setBy: actor(role) },
  });
  it('the owner sets them', () =>
    given([registered])
      .when(setLimits(50_000, 2_000))
      .then([{ type: 'CashierLimitsSet', data: { saleLimitMinor: 50_000, returnLimitMinor: 2_000, setBy: actor('owner') } }]));
  it('null lifts a limit', () =>
    given([registered])
      .when(setLimits(null, 0))
      .then([{ type: 'CashierLimitsSet', data: { saleLimitMinor: null, returnLimitMinor: 0, setBy: actor('owner') } }]));
  it.each(ROLES.filter((r) => r !== 'owner'))('a %s may not: OWNER_ONLY', (role) => given([registered]).when(setLimits(1, 1, role)).thenThrows('OWNER_ONLY'));
  it.each([-1, 1.5])('a limit of %p: INVALID_LIMIT', (limit) => given([registered]).when(setLimits(limit, null)).thenThrows('INVALID_LIMIT'));
  it('the state holds the latest limits', () => {
    const state = [registered, { type: 'CashierLimitsSet', data: { saleLimitMinor: 5, returnLimitMinor: null, setBy: actor('owner') } } as TenantEvent].reduce(
      tenantDecider.evolve,
      tenantDecider.initialState(),
    );
    expect(state.cashierLimits).toEqual({ saleLimitMinor: 5, returnLimitMinor: null });
  });
});
