import type { Socket } from 'socket.io-client';
import { connectRetail, recordPushes, retailShop, STAFF_PASSWORD, until } from '../helpers/retail-shop';
import { startTestServer, type TestServer } from '../helpers/test-server';

describe('retail over HTTP and Socket.IO', () => {
  let t: TestServer;
  const sockets: Socket[] = [];
  beforeAll(async () => (t = await startTestServer({ SIGNUP_RATE_LIMIT_PER_IP: '1000', LOGIN_RATE_LIMIT_PER_IP: '1000', LOGIN_RATE_LIMIT_PER_ACCOUNT: '1000' })));
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(() => t.stop());

  const listen = async (token: string) => {
    const socket = await connectRetail(t.url, token);
    sockets.push(socket);
    return recordPushes(socket);
  };

  /** A shop with soap ($3.00 + 10 % tax, SKU SOAP-1, barcode 8930000000011) and a pen ($1.00, no tax). */
  async function shop() {
    const s = await retailShop(t.url);
    const soap = await s.item({ name: 'Xà phòng thơm', sku: 'soap-1', barcode: '8930000000011', priceMinor: 300, taxRateBps: 1000, lowStockThreshold: 5 });
    const pen = await s.item({ name: 'Pen', priceMinor: 100 });
    return { ...s, soap, pen };
  }

  it('rings up a sale by id, SKU and barcode, priced by the catalog, and reads it back by id and receipt number', async () => {
    const { owner, soap, pen } = await shop();
    const sold = await owner.api.post('/api/retail/sales', {
      items: [
        { sku: 'SOAP-1', quantity: 1, priceMinor: 1 },
        { barcode: '8930000000011', quantity: 2 },
        { itemId: pen, quantity: 2 },
      ],
      payments: [
        { method: 'CARD', amountMinor: 1000 },
        { method: 'CASH', amountMinor: 500 },
      ],
    });
    expect(sold.status).toBe(201);
    // 3 × soap = 900 + 90 tax, 2 × pen = 200: 1,190 due; 1,500 given, 310 back from the cash.
    expect(sold.body).toMatchObject({ saleId: expect.any(String), receiptNo: 'R-000001', receiptSeq: 1, subtotalMinor: 1100, taxMinor: 90, totalMinor: 1190, changeMinor: 310, revision: '0' });
    const byId = await owner.api.get(`/api/retail/sales/${sold.body.saleId}?minPosition=${sold.body.position}`);
    expect(byId.status).toBe(200);
    expect(byId.body).toMatchObject({ saleId: sold.body.saleId, receiptNo: 'R-000001', currency: 'USD', totalMinor: 1190, refundedMinor: 0 });
    expect(byId.body.lines).toEqual([
      expect.objectContaining({ lineId: 'L1', itemId: soap, sku: 'SOAP-1', quantity: 3, unitPriceMinor: 300, netMinor: 900, taxMinor: 90, totalMinor: 990, returnedQuantity: 0 }),
      expect.objectContaining({ lineId: 'L2', itemId: pen, quantity: 2, totalMinor: 200 }),
    ]);
    expect(byId.body.payments).toEqual([
      { method: 'CARD', amountMinor: 1000, tenderedMinor: null },
      { method: 'CASH', amountMinor: 190, tenderedMinor: 500 },
    ]);
    for (const receipt of ['R-000001', '1', 'r-1']) {
      const byReceipt = await owner.api.get(`/api/retail/sales?receiptNo=${receipt}`);
      expect([byReceipt.status, byReceipt.body.saleId]).toEqual([200, sold.body.saleId]);
    }
    expect((await owner.api.get('/api/retail/sales?receiptNo=R-000002')).status).toBe(404);
  });

  it('refuses an underpaid sale, an unknown item and bad bodies with problem+json naming the field, and records nothing', async () => {
    const { owner, soap } = await shop();
    const head = await t.server.store.headPosition();
    const underpaid = await owner.api.post('/api/retail/sales', { items: [{ itemId: soap, quantity: 1 }], payments: [{ method: 'CASH', amountMinor: 329 }] });
    expect([underpaid.status, underpaid.body.code]).toEqual([422, 'UNDERPAID']);
    expect(underpaid.headers.get('content-type')).toContain('application/problem+json');
    const overCard = await owner.api.post('/api/retail/sales', { items: [{ itemId: soap, quantity: 1 }], payments: [{ method: 'CARD', amountMinor: 331 }] });
    expect([overCard.status, overCard.body.code]).toEqual([422, 'OVERPAYMENT']);
    const unknown = await owner.api.post('/api/retail/sales', { items: [{ barcode: '000', quantity: 1 }], payments: [] });
    expect([unknown.status, unknown.body.code, unknown.body.detail]).toEqual([422, 'UNKNOWN_ITEM', 'Not in the catalog: barcode 000']);
    const twoRefs = await owner.api.post('/api/retail/sales', { items: [{ itemId: soap, sku: 'SOAP-1', quantity: 1 }], payments: [] });
    expect([twoRefs.status, twoRefs.body.errors[0].field]).toEqual([400, 'items.0.itemId']);
    const floatMoney = await owner.api.post('/api/retail/sales', { items: [{ itemId: soap, quantity: 1 }], payments: [{ method: 'CASH', amountMinor: 3.3 }] });
    expect([floatMoney.status, floatMoney.body.errors[0].field]).toEqual([400, 'payments.0.amountMinor']);
    const badCount = await owner.api.post('/api/retail/stock/adjustments', { itemId: soap, delta: 0, reason: 'DAMAGE' });
    expect([badCount.status, badCount.body.errors[0].field]).toEqual([400, 'delta']);
    const badReason = await owner.api.post('/api/retail/stock/adjustments', { itemId: soap, delta: -1, reason: 'LOST' });
    expect([badReason.status, badReason.body.errors[0].field]).toEqual([400, 'reason']);
    expect(await t.server.store.headPosition()).toBe(head);
    // No receipt number was taken by the refused sales: the next sale is number 1.
    const sold = await owner.api.post('/api/retail/sales', { items: [{ itemId: soap, quantity: 1 }], payments: [{ method: 'CASH', amountMinor: 330 }] });
    expect(sold.body.receiptNo).toBe('R-000001');
  });

  it('gives concurrent sales unique, gapless receipt numbers, and a retried sale keeps its number', async () => {
    const { owner, pen, staff } = await shop();
    const tills = await Promise.all([staff('cashier'), staff('cashier'), staff('manager')]);
    const sales = await Promise.all(
      Array.from({ length: 30 }, (_, i) => tills[i % 3]!.api.post('/api/retail/sales', { items: [{ itemId: pen, quantity: 1 }], payments: [{ method: 'CASH', amountMinor: 100 }] })),
    );
    expect(sales.map((s) => s.status)).toEqual(Array(30).fill(201));
    expect(sales.map((s) => s.body.receiptSeq).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const body = { items: [{ itemId: pen, quantity: 1 }], payments: [{ method: 'CASH', amountMinor: 100 }] };
    const first = await owner.api.post('/api/retail/sales', body, { 'idempotency-key': 'till-1-sale-77' });
    const again = await owner.api.post('/api/retail/sales', body, { 'idempotency-key': 'till-1-sale-77' });
    expect([first.body.receiptNo, again.body.receiptNo, again.body.saleId]).toEqual(['R-000031', 'R-000031', first.body.saleId]);
    const next = await owner.api.post('/api/retail/sales', body);
    expect(next.body.receiptNo).toBe('R-000032');
    const reused = await owner.api.post('/api/retail/sales', { ...body, payments: [{ method: 'CASH', amountMinor: 200 }] }, { 'idempotency-key': 'till-1-sale-77' });
    expect([reused.status, reused.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    // A terminal's retries racing its first try: one sale, one number, the same answer for all.
    const raced = await Promise.all(Array.from({ length: 6 }, () => owner.api.post('/api/retail/sales', body, { 'idempotency-key': 'till-2-sale-1' })));
    expect(new Set(raced.map((r) => `${r.status} ${r.body.saleId} ${r.body.receiptNo} ${r.body.position}`)).size).toBe(1);
    expect(raced[0]!.status).toBe(201);
    const recorded = await t.server.store.readStream(`${owner.tenantId}.sale-${raced[0]!.body.saleId}`);
    expect(recorded.map((e) => [e.type, e.data.receiptLabel])).toEqual([['SaleCompleted', raced[0]!.body.receiptNo]]);
  });

  it('takes returns against the sale at the price paid, never more than sold minus earlier returns, also when two race', async () => {
    const { owner, soap, pen } = await shop();
    const sold = await owner.api.post('/api/retail/sales', {
      items: [
        { itemId: soap, quantity: 3 },
        { itemId: pen, quantity: 1 },
      ],
      payments: [{ method: 'CARD', amountMinor: 1090 }],
    });
    const returns = `/api/retail/sales/${sold.body.saleId}/returns`;
    const first = await owner.api.post(returns, { items: [{ itemId: soap, quantity: 1 }], reason: 'Damaged box' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ returnId: expect.any(String), refundMinor: 330, taxMinor: 30, position: expect.any(String) });
    const tooMany = await owner.api.post(returns, { items: [{ itemId: soap, quantity: 3 }], reason: 'Changed mind' });
    expect([tooMany.status, tooMany.body.code]).toEqual([422, 'RETURN_EXCEEDS_SOLD']);
    const notSold = await owner.api.post(returns, { items: [{ itemId: 'i_other', quantity: 1 }], reason: 'x' });
    expect([notSold.status, notSold.body.code]).toEqual([422, 'ITEM_NOT_IN_SALE']);
    const noReason = await owner.api.post(returns, { items: [{ itemId: pen, quantity: 1 }], reason: ' ' });
    expect([noReason.status, noReason.body.errors[0].field]).toEqual([400, 'reason']);
    const noSale = await owner.api.post('/api/retail/sales/sl_nope/returns', { items: [{ itemId: pen, quantity: 1 }], reason: 'x' });
    expect([noSale.status, noSale.body.code]).toEqual([404, 'SALE_NOT_FOUND']);
    // Two soaps left; five terminals each try to return two at once: exactly one wins.
    const raced = await Promise.all(Array.from({ length: 5 }, () => owner.api.post(returns, { items: [{ itemId: soap, quantity: 2 }], reason: 'Race' })));
    expect(raced.map((r) => r.status).sort()).toEqual([201, 422, 422, 422, 422]);
    const sale = await owner.api.get(`/api/retail/sales/${sold.body.saleId}?minPosition=${raced.find((r) => r.status === 201)!.body.position}`);
    expect(sale.body.lines[0].returnedQuantity).toBe(3);
    expect(sale.body.refundedMinor).toBe(990);
    expect(sale.body.returns.map((r: { reason: string }) => r.reason)).toEqual(['Damaged box', 'Race']);
  });

  it('moves stock with sales, returns, deliveries, adjustments and counts, and pushes stock.changed, stock.low once and sale.completed', async () => {
    const { owner, soap, pen, staff } = await shop();
    const manager = await staff('manager');
    const heard = await listen(manager.token);
    const received = await owner.api.post('/api/retail/stock/receipts', {
      items: [
        { itemId: soap, quantity: 10 },
        { itemId: pen, quantity: 50 },
      ],
      supplier: 'Unilever VN',
    });
    expect(received.status).toBe(201);
    expect(received.body).toMatchObject({ receiptId: expect.any(String), position: expect.any(String) });
    await until(() => heard.some((h) => h.event === 'stock.changed' && h.payload.position === received.body.position));
    expect(heard.find((h) => h.event === 'stock.changed')!.payload.items).toEqual([
      { itemId: soap, onHand: 10, low: false },
      { itemId: pen, onHand: 50, low: false },
    ]);
    // 10 → 4 crosses the threshold of 5: stock.low once.
    const sold = await owner.api.post('/api/retail/sales', { items: [{ itemId: soap, quantity: 6 }], payments: [{ method: 'CASH', amountMinor: 2000 }] });
    await until(() => heard.some((h) => h.event === 'stock.low'));
    expect(heard.filter((h) => h.event === 'stock.low').map((h) => h.payload)).toEqual([{ position: sold.body.position, itemId: soap, onHand: 4, lowStockThreshold: 5 }]);
    expect(heard.find((h) => h.event === 'sale.completed')!.payload).toEqual({ position: sold.body.position, saleId: sold.body.saleId, totalMinor: 1980, receiptNo: 'R-000001' });
    // Still low after another sale: no second stock.low. Back above with a return, then down again: a new one.
    await owner.api.post('/api/retail/sales', { items: [{ itemId: soap, quantity: 1 }], payments: [{ method: 'CASH', amountMinor: 330 }] });
    const back = await owner.api.post(`/api/retail/sales/${sold.body.saleId}/returns`, { items: [{ itemId: soap, quantity: 5 }], reason: 'Wrong scent' });
    const damaged = await manager.api.post('/api/retail/stock/adjustments', { itemId: soap, delta: -4, reason: 'DAMAGE', note: 'Leaked' });
    expect(damaged.status).toBe(201);
    await until(() => heard.filter((h) => h.event === 'stock.low').length === 2);
    expect(heard.filter((h) => h.event === 'stock.low').map((h) => h.payload.onHand)).toEqual([4, 4]);
    const soapChanges = heard.filter((h) => h.event === 'stock.changed').flatMap((h) => h.payload.items.filter((i: { itemId: string }) => i.itemId === soap).map((i: { onHand: number }) => i.onHand));
    expect(soapChanges).toEqual([10, 4, 3, 8, 4]);
    expect(back.body.refundMinor).toBe(1650);

    // A count sets what was found: 4 on record, 2 on the shelf → a COUNT adjustment of −2.
    const counted = await manager.api.post('/api/retail/stock/counts', { itemId: soap, countedQuantity: 2, note: 'Shelf count' });
    expect(counted.status).toBe(201);
    expect(counted.body).toMatchObject({ adjustmentId: expect.any(String), delta: -2, onHand: 2 });
    const stock = await manager.api.get(`/api/retail/stock?minPosition=${counted.body.position}`);
    expect(stock.body.position).toBe(counted.body.position);
    expect(stock.body.items).toEqual([
      { itemId: pen, sku: null, name: 'Pen', onHand: 50, lowStockThreshold: null, low: false, negative: false },
      { itemId: soap, sku: 'SOAP-1', name: 'Xà phòng thơm', onHand: 2, lowStockThreshold: 5, low: true, negative: false },
    ]);
    const lowOnly = await manager.api.get(`/api/retail/stock?lowOnly=true`);
    expect(lowOnly.body.items.map((i: { itemId: string }) => i.itemId)).toEqual([soap]);
  });

  it('never refuses a sale for stock: it goes negative and is flagged', async () => {
    const { owner, pen } = await shop();
    const sold = await owner.api.post('/api/retail/sales', { items: [{ itemId: pen, quantity: 3 }], payments: [{ method: 'CASH', amountMinor: 300 }] });
    expect(sold.status).toBe(201);
    const level = await owner.api.get(`/api/retail/stock/${pen}?minPosition=${sold.body.position}`);
    expect(level.body).toMatchObject({ itemId: pen, onHand: -3, negative: true });
  });

  it('roles: cashiers sell and return, managers keep stock, waiters and kitchen staff do neither, auditors only read', async () => {
    const { soap, staff } = await shop();
    const [cashier, waiter, kitchen, auditor] = await Promise.all(['cashier', 'waiter', 'kitchen', 'auditor'].map(staff));
    const sale = { items: [{ itemId: soap, quantity: 1 }], payments: [{ method: 'CASH', amountMinor: 330 }] };
    const head = await t.server.store.headPosition();
    for (const who of [waiter!, kitchen!, auditor!]) {
      expect((await who.api.post('/api/retail/sales', sale)).status).toBe(403);
      expect((await who.api.post('/api/retail/stock/receipts', { items: [{ itemId: soap, quantity: 1 }] })).status).toBe(403);
    }
    expect((await cashier!.api.post('/api/retail/stock/adjustments', { itemId: soap, delta: 1, reason: 'OTHER' })).status).toBe(403);
    expect((await cashier!.api.call('PUT', '/api/retail/settings/cashier-limits', { saleLimitMinor: 1, returnLimitMinor: 1 })).status).toBe(403);
    expect(await t.server.store.headPosition()).toBe(head);
    expect((await auditor!.api.get('/api/retail/stock')).status).toBe(200);
    expect((await cashier!.api.post('/api/retail/sales', sale)).status).toBe(201);
  });

  it('holds cashiers to the owner’s limits: above them a manager approves at the till, recorded in the event', async () => {
    const { owner, soap, staff } = await shop();
    const [cashier, manager, otherCashier] = await Promise.all([staff('cashier'), staff('manager'), staff('cashier')]);
    const set = await owner.api.call('PUT', '/api/retail/settings/cashier-limits', { saleLimitMinor: 500, returnLimitMinor: 300 });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ saleLimitMinor: 500, returnLimitMinor: 300 });
    expect((await manager.api.get('/api/retail/settings/cashier-limits')).body).toEqual({ saleLimitMinor: 500, returnLimitMinor: 300 });
    const big = { items: [{ itemId: soap, quantity: 2 }], payments: [{ method: 'CARD', amountMinor: 660 }] };
    const alone = await cashier.api.post('/api/retail/sales', big);
    expect([alone.status, alone.body.code]).toEqual([403, 'APPROVAL_REQUIRED']);
    const wrongPassword = await cashier.api.post('/api/retail/sales', { ...big, approval: { email: manager.email, password: 'not it' } });
    expect([wrongPassword.status, wrongPassword.body.code]).toEqual([403, 'APPROVAL_INVALID']);
    const byCashier = await cashier.api.post('/api/retail/sales', { ...big, approval: { email: otherCashier.email, password: STAFF_PASSWORD } });
    expect([byCashier.status, byCashier.body.code]).toEqual([403, 'APPROVER_NOT_MANAGER']);
    const approved = await cashier.api.post('/api/retail/sales', { ...big, approval: { email: manager.email, password: STAFF_PASSWORD } });
    expect(approved.status).toBe(201);
    const [event] = await t.server.store.readStream(`${owner.tenantId}.sale-${approved.body.saleId}`);
    expect(event!.data.approvedBy).toEqual({ userId: expect.stringMatching(/^u_/), role: 'manager' });
    const refund = await cashier.api.post(`/api/retail/sales/${approved.body.saleId}/returns`, { items: [{ itemId: soap, quantity: 1 }], reason: 'Broken' });
    expect([refund.status, refund.body.code]).toEqual([403, 'APPROVAL_REQUIRED']);
    const small = await cashier.api.post('/api/retail/sales', { items: [{ itemId: soap, quantity: 1 }], payments: [{ method: 'CARD', amountMinor: 330 }] });
    expect(small.status).toBe(201);
  });

  it('keeps tenants apart: sales, stock, returns and pushes', async () => {
    const a = await shop();
    const b = await shop();
    const bHeard = await listen(b.owner.tokens.accessToken);
    const sold = await a.owner.api.post('/api/retail/sales', { items: [{ itemId: a.soap, quantity: 1 }], payments: [{ method: 'CASH', amountMinor: 330 }] });
    expect((await b.owner.api.get(`/api/retail/sales/${sold.body.saleId}?minPosition=${sold.body.position}`)).status).toBe(404);
    expect((await b.owner.api.get('/api/retail/sales?receiptNo=R-000001')).status).toBe(404);
    const stolen = await b.owner.api.post(`/api/retail/sales/${sold.body.saleId}/returns`, { items: [{ itemId: a.soap, quantity: 1 }], reason: 'x' });
    expect([stolen.status, stolen.body.code]).toEqual([404, 'SALE_NOT_FOUND']);
    const foreignItem = await b.owner.api.post('/api/retail/sales', { items: [{ itemId: a.soap, quantity: 1 }], payments: [{ method: 'CASH', amountMinor: 330 }] });
    expect([foreignItem.status, foreignItem.body.code]).toEqual([422, 'UNKNOWN_ITEM']);
    expect((await b.owner.api.get(`/api/retail/stock/${a.soap}`)).status).toBe(404);
    const bStock = await b.owner.api.get(`/api/retail/stock?minPosition=${sold.body.position}`);
    expect(bStock.body.items.map((i: { itemId: string }) => i.itemId).sort()).toEqual([b.soap, b.pen].sort());
    // B's own sale gets B's first receipt number, and B's socket hears only B.
    const bSold = await b.owner.api.post('/api/retail/sales', { items: [{ itemId: b.pen, quantity: 1 }], payments: [{ method: 'CASH', amountMinor: 100 }] });
    expect(bSold.body.receiptNo).toBe('R-000001');
    await until(() => bHeard.some((h) => h.event === 'sale.completed'));
    expect(bHeard.filter((h) => h.event === 'sale.completed').map((h) => h.payload.saleId)).toEqual([bSold.body.saleId]);
    expect(JSON.stringify(bHeard)).not.toContain(a.soap);
  });
});
