import ExcelJS from 'exceljs';
import { addDays, zone } from '../../src/domain/time-zone';
import { client, ownerSession, signUpBody, startTestServer, uniqueSubdomain, OWNER_PASSWORD, type TestServer } from '../helpers/test-server';
import { csvRows, download, readXlsx, seedOrders } from './export-helpers';

describe('orders export over HTTP', () => {
  let t: TestServer;
  beforeAll(async () => (t = await startTestServer({ SIGNUP_RATE_LIMIT_PER_IP: '1000', LOGIN_RATE_LIMIT_PER_IP: '1000', LOGIN_RATE_LIMIT_PER_ACCOUNT: '1000' })));
  afterAll(() => t.stop());

  /** A tenant in Asia/Ho_Chi_Minh with the currency asked for, its owner logged in. */
  async function tenant(currency = 'VND') {
    const subdomain = uniqueSubdomain('exp');
    const anon = client(t.url);
    const signUp = await anon.post('/api/tenants', signUpBody(subdomain, { currency }));
    expect(signUp.status).toBe(201);
    const login = await anon.post('/api/auth/login', { subdomain, email: `owner@${subdomain}.example`, password: OWNER_PASSWORD });
    const token = login.body.accessToken as string;
    const staff = async (role: string) => {
      const email = `${role}-${Math.random().toString(36).slice(2)}@x.example`;
      expect((await client(t.url, token).post('/api/staff', { email, password: 'long enough password', name: role, role })).status).toBe(201);
      return (await anon.post('/api/auth/login', { subdomain, email, password: 'long enough password' })).body.accessToken as string;
    };
    return { tenantId: signUp.body.tenantId as string, token, api: client(t.url, token), staff };
  }

  const get = (path: string, token: string) => download(`${t.url}${path}`, token);

  it('places real orders, then exports them as CSV: BOM, header, one row per order, Vietnamese text and quoting intact', async () => {
    const { api, token } = await tenant();
    const pho = await api.post('/api/catalog/items', { name: 'Phở bò', priceMinor: 45000, taxRateBps: 800, station: 'kitchen' });
    const first = await api.post('/api/restaurant/orders', { table: 'Sân vườn 3', items: [{ itemId: pho.body.itemId, quantity: 2 }] });
    const second = await api.post('/api/restaurant/orders', { table: 'Bàn "VIP", tầng 2', items: [{ itemId: pho.body.itemId, quantity: 1 }] });
    expect([first.status, second.status]).toEqual([201, 201]);
    await api.post(`/api/restaurant/orders/${first.body.orderId}/payments`, { method: 'CARD', amountMinor: 50000 });
    const position = (await t.server.store.headPosition()).toString();
    // Today in Ho Chi Minh City, give or take a day (so a run at midnight cannot miss it).
    const today = zone('Asia/Ho_Chi_Minh').today();
    const [from, to] = [addDays(today, -1), addDays(today, 1)];

    const res = await get(`/api/exports/orders.csv?from=${from}&to=${to}&minPosition=${position}`, token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="orders-${from}_${to}.csv"`);
    const rows = csvRows(res.body);
    expect(rows[0]).toEqual(['Order', 'Table', 'Status', 'Placed at', 'Items', 'Total', 'Paid']);
    // VND has no minor digits: 2 × 45,000 + 8 % = 97,200; 45,000 + 8 % = 48,600.
    expect(rows.slice(1)).toEqual([
      [first.body.orderId, 'Sân vườn 3', 'PENDING', expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/), '2', '97200', '50000'],
      [second.body.orderId, 'Bàn "VIP", tầng 2', 'PENDING', expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/), '1', '48600', '0'],
    ]);
  });

  it('from/to are inclusive days in the tenant zone (Asia/Ho_Chi_Minh): the first and last instants are in, their neighbours out', async () => {
    const { tenantId, token } = await tenant();
    await seedOrders(t.server.readStore, tenantId, [
      { orderId: 'o_before', placedAt: '2026-10-31T16:59:59.999Z' },
      { orderId: 'o_first', placedAt: '2026-10-31T17:00:00.000Z' },
      { orderId: 'o_mid', placedAt: '2026-11-01T05:00:00.000Z' },
      { orderId: 'o_last', placedAt: '2026-11-01T16:59:59.999Z' },
      { orderId: 'o_after', placedAt: '2026-11-01T17:00:00.000Z' },
    ]);
    const oneDay = csvRows((await get('/api/exports/orders.csv?from=2026-11-01&to=2026-11-01', token)).body);
    expect(oneDay.slice(1).map((r) => [r[0], r[3]])).toEqual([
      ['o_first', '2026-11-01 00:00:00'],
      ['o_mid', '2026-11-01 12:00:00'],
      ['o_last', '2026-11-01 23:59:59'],
    ]);
    const twoDays = csvRows((await get('/api/exports/orders.csv?from=2026-10-31&to=2026-11-02', token)).body);
    expect(twoDays.slice(1).map((r) => r[0])).toEqual(['o_before', 'o_first', 'o_mid', 'o_last', 'o_after']);
    expect(csvRows((await get('/api/exports/orders.csv?from=2026-11-03&to=2026-11-30', token)).body)).toEqual([['Order', 'Table', 'Status', 'Placed at', 'Items', 'Total', 'Paid']]);
  });

  it('money in the currency minor-unit exponent: USD 2 decimals, KWD 3, in CSV (exact decimals) and xlsx (numbers with a currency format)', async () => {
    for (const [currency, csv, cell, format] of [
      ['USD', '12.34', 12.34, '#,##0.00 "USD"'],
      ['KWD', '1.234', 1.234, '#,##0.000 "KWD"'],
      ['VND', '1234', 1234, '#,##0 "VND"'],
    ] as const) {
      const { tenantId, token } = await tenant(currency);
      await seedOrders(t.server.readStore, tenantId, [{ orderId: 'o_1', placedAt: '2026-11-10T03:00:00.000Z', totalMinor: 1234, paidMinor: 5 }]);
      const rows = csvRows((await get('/api/exports/orders.csv?from=2026-11-10&to=2026-11-10', token)).body);
      expect([rows[1]![5], rows[1]![6]]).toEqual([csv, currency === 'USD' ? '0.05' : currency === 'KWD' ? '0.005' : '5']);
      const sheet = await readXlsx((await get('/api/exports/orders.xlsx?from=2026-11-10&to=2026-11-10', token)).body);
      const total = sheet.getRow(2).getCell(6);
      expect([total.type, total.value, total.numFmt]).toEqual([ExcelJS.ValueType.Number, cell, format]);
    }
  });

  it('xlsx: a bold, frozen header row and typed cells, read back by exceljs', async () => {
    const { tenantId, token } = await tenant();
    await seedOrders(t.server.readStore, tenantId, [
      { orderId: 'o_a', placedAt: '2026-11-01T01:02:03.000Z', table: 'Bàn số 5 – cà phê sữa đá', totalMinor: 97200, paidMinor: 97200, quantity: 3 },
      { orderId: 'o_b', placedAt: '2026-11-02T10:00:00.000Z', table: null, totalMinor: 0, paidMinor: 0 },
    ]);
    const res = await get('/api/exports/orders.xlsx?from=2026-11-01&to=2026-11-30', token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="orders-2026-11-01_2026-11-30.xlsx"');
    const sheet = await readXlsx(res.body);
    expect(sheet.name).toBe('Orders');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const header = sheet.getRow(1);
    expect((header.values as unknown[]).slice(1)).toEqual(['Order', 'Table', 'Status', 'Placed at', 'Items', 'Total', 'Paid']);
    expect(header.getCell(1).font?.bold).toBe(true);
    expect(sheet.rowCount).toBe(3);
    const row = sheet.getRow(2);
    expect(row.getCell(1).value).toBe('o_a');
    expect(row.getCell(2).value).toBe('Bàn số 5 – cà phê sữa đá');
    // 01:02:03 UTC is 08:02:03 in Ho Chi Minh City: the sheet shows the tenant's wall-clock time.
    expect([row.getCell(4).type, (row.getCell(4).value as Date).toISOString(), row.getCell(4).numFmt]).toEqual([ExcelJS.ValueType.Date, '2026-11-01T08:02:03.000Z', 'yyyy-mm-dd hh:mm:ss']);
    expect([row.getCell(5).type, row.getCell(5).value]).toEqual([ExcelJS.ValueType.Number, 3]);
    expect([row.getCell(6).value, row.getCell(7).value]).toEqual([97200, 97200]);
    expect(sheet.getRow(3).getCell(2).value).toBeNull();
  });

  it('tenant B never sees tenant A rows', async () => {
    const a = await tenant();
    const b = await tenant();
    await seedOrders(t.server.readStore, a.tenantId, [{ orderId: 'o_secret', placedAt: '2026-11-05T05:00:00.000Z', table: 'A' }]);
    await seedOrders(t.server.readStore, b.tenantId, [{ orderId: 'o_mine', placedAt: '2026-11-05T05:00:00.000Z', table: 'B' }]);
    const rows = csvRows((await get('/api/exports/orders.csv?from=2026-11-01&to=2026-11-30', b.token)).body);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['o_mine']);
    const sheet = await readXlsx((await get('/api/exports/orders.xlsx?from=2026-11-01&to=2026-11-30', b.token)).body);
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(1).value).toBe('o_mine');
  });

  it('refuses bad input with problem+json naming the field, unknown and unavailable exports, and roles that may not export', async () => {
    const { token, staff } = await tenant();
    const problem = async (path: string, as = token) => {
      const res = await get(path, as);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const body = JSON.parse(res.body.toString('utf8'));
      return { status: res.status, code: body.code, fields: (body.errors ?? []).map((e: { field: string }) => e.field) };
    };
    expect(await problem('/api/exports/orders.csv?to=2026-11-30')).toEqual({ status: 400, code: 'VALIDATION_FAILED', fields: ['from'] });
    expect(await problem('/api/exports/orders.csv?from=2026-11-30')).toEqual({ status: 400, code: 'VALIDATION_FAILED', fields: ['to'] });
    expect(await problem('/api/exports/orders.xlsx?from=2026-02-30&to=2026-03-01')).toEqual({ status: 400, code: 'VALIDATION_FAILED', fields: ['from'] });
    expect(await problem('/api/exports/orders.csv?from=2026-11-30&to=2026-11-01')).toEqual({ status: 400, code: 'VALIDATION_FAILED', fields: ['to'] });
    expect(await problem('/api/exports/orders.csv?from=11/01/2026&to=2026-11-30')).toEqual({ status: 400, code: 'VALIDATION_FAILED', fields: ['from'] });
    expect(await problem('/api/exports/customers.csv?from=2026-11-01&to=2026-11-30')).toEqual({ status: 404, code: 'EXPORT_NOT_FOUND', fields: [] });
    expect(await problem('/api/exports/orders.pdf?from=2026-11-01&to=2026-11-30')).toEqual({ status: 404, code: 'EXPORT_NOT_FOUND', fields: [] });
    expect(await problem('/api/exports/daily.xlsx?from=2026-11-30&to=2026-11-01')).toEqual({ status: 400, code: 'VALIDATION_FAILED', fields: ['to'] });
    expect(await problem('/api/exports/orders.csv?from=2026-11-01&to=2026-11-30', await staff('waiter'))).toEqual({ status: 403, code: 'FORBIDDEN', fields: [] });
    expect(await problem('/api/exports/orders.csv?from=2026-11-01&to=2026-11-30', await staff('cashier'))).toEqual({ status: 403, code: 'FORBIDDEN', fields: [] });
    expect(await problem('/api/exports/orders.csv?from=2026-11-01&to=2026-11-30', 'not-a-token')).toEqual({ status: 401, code: 'UNAUTHENTICATED', fields: [] });
    for (const role of ['manager', 'auditor']) expect((await get('/api/exports/orders.csv?from=2026-11-01&to=2026-11-30', await staff(role))).status).toBe(200);
  });
});
