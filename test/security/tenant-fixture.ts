import { client, ownerSession } from '../helpers/test-server';

export const STAFF_PASSWORD = 'long enough password';
export const OPEN_LIMITS = { SIGNUP_RATE_LIMIT_PER_IP: '100000', LOGIN_RATE_LIMIT_PER_IP: '100000', LOGIN_RATE_LIMIT_PER_ACCOUNT: '100000' };

type Api = ReturnType<typeof client>;

async function ok(answer: Promise<{ status: number; body: any }>, what: string, status = [200, 201, 202]) {
  const got = await answer;
  if (!status.includes(got.status)) throw new Error(`${what}: ${got.status} ${JSON.stringify(got.body)}`);
  return got.body;
}

/**
 * A tenant with something in every read model: catalog items (one on the grill station, one
 * stock-tracked with SKU and barcode), a confirmed order, a sale with a return, a stock receipt,
 * an export job, an auditor and a cashier. `marker` is written into every name, so an answer
 * that leaks any of it to another tenant is recognisable.
 */
export async function tenantWithHistory(baseUrl: string, marker: string) {
  const owner = await ownerSession(baseUrl, undefined, { name: `${marker} shop` });
  const { api } = owner;
  const grillStation = `${marker}-grill`.toLowerCase();
  const dish = await ok(api.post('/api/catalog/items', { name: `${marker} dish`, priceMinor: 45000, taxRateBps: 800, station: grillStation }), 'dish');
  const sku = `${marker}-SOAP`.toUpperCase();
  const barcode = `${marker}0001`.replace(/[^A-Za-z0-9]/g, '');
  const soap = await ok(api.post('/api/catalog/items', { name: `${marker} soap`, sku, barcode, priceMinor: 1200, taxRateBps: 1000, trackStock: true, lowStockThreshold: 2 }), 'soap');
  const order = await ok(api.post('/api/restaurant/orders', { table: `${marker}-7`, items: [{ itemId: dish.itemId, quantity: 1, note: `${marker} note` }] }), 'order');
  await ok(api.post(`/api/restaurant/orders/${order.orderId}/status`, { status: 'CONFIRMED' }), 'confirm');
  const receipt = await ok(api.post('/api/retail/stock/receipts', { items: [{ itemId: soap.itemId, quantity: 10 }], supplier: `${marker} supplier` }), 'receipt');
  const sale = await ok(api.post('/api/retail/sales', { items: [{ itemId: soap.itemId, quantity: 2 }], payments: [{ method: 'CASH', amountMinor: 100000 }] }), 'sale');
  await ok(api.post(`/api/retail/sales/${sale.saleId}/returns`, { items: [{ itemId: soap.itemId, quantity: 1 }], reason: `${marker} broken` }), 'return');
  const job = await ok(api.post('/api/exports/jobs', { kind: 'sales', format: 'csv', from: '2020-01-01', to: '2020-01-31' }), 'export job');
  const staff = async (role: string) => {
    const email = `${role}-${marker}@x.example`.toLowerCase();
    const added = await ok(api.post('/api/staff', { email, password: STAFF_PASSWORD, name: `${marker} ${role}`, role }), role);
    const login = await ok(client(baseUrl).post('/api/auth/login', { subdomain: owner.subdomain, email, password: STAFF_PASSWORD }), `${role} login`);
    return { email, userId: added.userId as string, token: login.accessToken as string, refreshToken: login.refreshToken as string, api: client(baseUrl, login.accessToken) };
  };
  const auditor = await staff('auditor');
  const cashier = await staff('cashier');
  const ids = {
    tenantId: owner.tenantId,
    itemId: dish.itemId as string,
    soapId: soap.itemId as string,
    orderId: order.orderId as string,
    lineId: 'L1',
    saleId: sale.saleId as string,
    receiptId: receipt.receiptId as string,
    jobId: job.jobId as string,
    stream: `${owner.tenantId}.order-${order.orderId}`,
    file: 'sales.csv',
    sku,
    barcode,
    receiptNo: sale.receiptNo as string,
    station: grillStation,
  };
  return { owner, api: api as Api, token: owner.tokens.accessToken as string, auditor, cashier, ids, marker };
}

export type Tenant = Awaited<ReturnType<typeof tenantWithHistory>>;

/** A request each route would take from its tenant's owner, naming `ids` (its own, or another tenant's). */
export function validRequest(route: string, ids: Tenant['ids']): { body?: unknown; query?: string } {
  const lines = [{ itemId: ids.itemId, quantity: 1 }];
  const bodies: Record<string, { body?: unknown; query?: string }> = {
    'POST /api/staff': { body: { email: `new-${Math.random().toString(36).slice(2)}@x.example`, password: STAFF_PASSWORD, name: 'New', role: 'cashier' } },
    'POST /api/catalog/items': { body: { name: 'Bánh mì', priceMinor: 30000, taxRateBps: 800 } },
    'PATCH /api/catalog/items/:itemId': { body: { priceMinor: 1 } },
    'GET /api/catalog/items': { query: `q=${encodeURIComponent(ids.sku)}` },
    'POST /api/restaurant/orders': { body: { items: lines } },
    'POST /api/restaurant/orders/:orderId/items': { body: { items: lines } },
    'POST /api/restaurant/orders/:orderId/items/:lineId/void': { body: { reason: 'test' } },
    'POST /api/restaurant/orders/:orderId/status': { body: { status: 'PREPARING' } },
    'POST /api/restaurant/orders/:orderId/cancel': { body: { reason: 'test' } },
    'POST /api/restaurant/orders/:orderId/payments': { body: { method: 'CASH', amountMinor: 1000 } },
    'GET /api/restaurant/kitchen-queue': { query: `station=${encodeURIComponent(ids.station)}` },
    'POST /api/retail/sales': { body: { items: [{ sku: ids.sku, quantity: 1 }], payments: [{ method: 'CASH', amountMinor: 100000 }] } },
    'POST /api/retail/sales/:saleId/returns': { body: { items: [{ itemId: ids.soapId, quantity: 1 }], reason: 'test' } },
    'GET /api/retail/sales': { query: `receiptNo=${ids.receiptNo}` },
    'POST /api/retail/stock/receipts': { body: { items: [{ itemId: ids.soapId, quantity: 1 }] } },
    'POST /api/retail/stock/adjustments': { body: { itemId: ids.soapId, delta: -1, reason: 'DAMAGE' } },
    'POST /api/retail/stock/counts': { body: { itemId: ids.soapId, countedQuantity: 3 } },
    'PUT /api/retail/settings/cashier-limits': { body: { saleLimitMinor: 1, returnLimitMinor: 1 } },
    'GET /api/reports/daily': { query: 'date=2025-01-01' },
    'POST /api/reports/z': { body: {} },
    'PUT /api/reports/settings': { body: { dayCloseTime: '04:00' } },
    'POST /api/exports/jobs': { body: { kind: 'sales', format: 'csv', from: '2020-01-01', to: '2020-01-31' } },
    'GET /api/exports/:file': { query: 'from=2020-01-01&to=2020-01-31' },
    'GET /api/audit/replay': { query: `asOf=${encodeURIComponent(new Date().toISOString())}` },
    'POST /api/auth/refresh': { body: { refreshToken: `${ids.tenantId}.s_1.xxxxxxxx` } },
    'POST /api/auth/logout': { body: { refreshToken: `${ids.tenantId}.s_1.xxxxxxxx` } },
  };
  return bodies[route] ?? { body: {} };
}
