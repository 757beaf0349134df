import ExcelJS from 'exceljs';
import { addDays, zone } from '../../src/domain/time-zone';
import { client, OWNER_PASSWORD, signUpBody, startTestServer, uniqueSubdomain, type TestServer } from '../helpers/test-server';
import { csvRows, download, readXlsx } from './export-helpers';

describe('retail exports (sales, stock, daily) over HTTP, from sales rung up through the API', () => {
  let t: TestServer;
  beforeAll(async () => (t = await startTestServer({ SIGNUP_RATE_LIMIT_PER_IP: '1000', LOGIN_RATE_LIMIT_PER_IP: '1000' })));
  afterAll(() => t.stop());

  async function shop() {
    const subdomain = uniqueSubdomain('shop');
    const anon = client(t.url);
    expect((await anon.post('/api/tenants', signUpBody(subdomain, { businessType: 'RETAIL', currency: 'USD' }))).status).toBe(201);
    const login = await anon.post('/api/auth/login', { subdomain, email: `owner@${subdomain}.example`, password: OWNER_PASSWORD });
    return { api: client(t.url, login.body.accessToken), token: login.body.accessToken as string };
  }

  it('exports the sales of the days asked for and the stock now, tenant by tenant', async () => {
    const { api, token } = await shop();
    const other = await shop();
    const item = async (body: object) => {
      const added = await api.post('/api/catalog/items', { taxRateBps: 1000, trackStock: true, ...body });
      expect(added.status).toBe(201);
      return added.body.itemId as string;
    };
    const coffee = await item({ name: 'Cà phê sữa đá', sku: 'CF-01', priceMinor: 250, lowStockThreshold: 5 });
    const bread = await item({ name: 'Bánh mì "đặc biệt", nóng', sku: 'BM-02', priceMinor: 199, lowStockThreshold: 2 });
    expect((await api.post('/api/retail/stock/receipts', { items: [{ itemId: coffee, quantity: 10 }, { itemId: bread, quantity: 3 }] })).status).toBe(201);
    const first = await api.post('/api/retail/sales', { items: [{ itemId: coffee, quantity: 6 }, { itemId: bread, quantity: 1 }], payments: [{ method: 'CARD', amountMinor: 1869 }] });
    expect(first.status).toBe(201);
    const second = await api.post('/api/retail/sales', { items: [{ sku: 'BM-02', quantity: 1 }], payments: [{ method: 'CASH', amountMinor: 300 }] });
    expect(second.status).toBe(201);
    await other.api.post('/api/catalog/items', { name: 'Other shop item', priceMinor: 100, taxRateBps: 0, trackStock: true });
    const position = second.body.position as string;

    const today = zone('Asia/Ho_Chi_Minh').today();
    const [from, to] = [addDays(today, -1), addDays(today, 1)];
    const sales = await download(`${t.url}/api/exports/sales.csv?from=${from}&to=${to}&minPosition=${position}`, token);
    expect(sales.status).toBe(200);
    expect(sales.headers.get('content-disposition')).toBe(`attachment; filename="sales-${from}_${to}.csv"`);
    const rows = csvRows(sales.body);
    expect(rows[0]).toEqual(['Receipt', 'Receipt no.', 'Sale', 'Completed at', 'Lines', 'Subtotal', 'Tax', 'Total', 'Refunded', 'Payment methods', 'Sold by']);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[2], r[4], r[7], r[8], r[9]])).toEqual([
      [first.body.receiptNo, String(first.body.receiptSeq), first.body.saleId, '2', (first.body.totalMinor / 100).toFixed(2), '0.00', 'CARD'],
      [second.body.receiptNo, String(second.body.receiptSeq), second.body.saleId, '1', (second.body.totalMinor / 100).toFixed(2), '0.00', 'CASH'],
    ]);
    expect(rows[1]![10]).toMatch(/^u_/);
    expect(csvRows((await download(`${t.url}/api/exports/sales.csv?from=${from}&to=${to}&minPosition=${position}`, other.token)).body)).toHaveLength(1);

    const stock = await download(`${t.url}/api/exports/stock.xlsx?minPosition=${position}`, token);
    expect(stock.status).toBe(200);
    expect(stock.headers.get('content-disposition')).toBe(`attachment; filename="stock-${today}.xlsx"`);
    const sheet = await readXlsx(stock.body);
    expect(sheet.name).toBe('Stock');
    const byName = new Map<unknown, ExcelJS.Row>();
    sheet.eachRow((row, n) => n > 1 && byName.set(row.getCell(2).value, row));
    expect([...byName.keys()].sort()).toEqual(['Bánh mì "đặc biệt", nóng', 'Cà phê sữa đá']);
    const coffeeRow = byName.get('Cà phê sữa đá')!;
    expect([coffeeRow.getCell(1).value, coffeeRow.getCell(3).value, coffeeRow.getCell(3).type, coffeeRow.getCell(4).value, coffeeRow.getCell(5).value]).toEqual(['CF-01', 4, ExcelJS.ValueType.Number, 5, 'yes']);
    const breadRow = byName.get('Bánh mì "đặc biệt", nóng')!;
    expect([breadRow.getCell(3).value, breadRow.getCell(5).value]).toEqual([1, 'yes']);
    // The daily export: one row per business day, the daily report's figures (the shop's day is Ho Chi Minh's).
    const daily = csvRows((await download(`${t.url}/api/exports/daily.csv?from=${from}&to=${to}&minPosition=${position}`, token)).body);
    expect(daily[0]).toEqual(['Business day', 'Status', 'Z no.', 'Orders and sales', 'Gross', 'Tax', 'Discounts', 'Refunds', 'Net', 'Cash', 'Card', 'Other', 'Closed at']);
    const total = first.body.totalMinor + second.body.totalMinor;
    const money = (minor: number) => (minor / 100).toFixed(2);
    expect(daily.slice(1)).toEqual([
      [today, 'OPEN', '', '2', money(total), money(first.body.taxMinor + second.body.taxMinor), '0.00', '0.00', money(total), money(second.body.totalMinor), money(first.body.totalMinor), '0.00', ''],
    ]);
    const dailyXlsx = await readXlsx((await download(`${t.url}/api/exports/daily.xlsx?from=${from}&to=${to}`, token)).body);
    expect([dailyXlsx.getRow(2).getCell(4).value, dailyXlsx.getRow(2).getCell(5).value]).toEqual([2, total / 100]);
    expect(csvRows((await download(`${t.url}/api/exports/daily.csv?from=${from}&to=${to}&minPosition=${position}`, other.token)).body)).toHaveLength(1);
    const stockCsv = csvRows((await download(`${t.url}/api/exports/stock.csv`, token)).body);
    expect(stockCsv.slice(1).map((r) => [r[0], r[1], r[2]]).sort()).toEqual([
      ['BM-02', 'Bánh mì "đặc biệt", nóng', '1'],
      ['CF-01', 'Cà phê sữa đá', '4'],
    ]);
  });
});
