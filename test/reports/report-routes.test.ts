import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import pino from 'pino';
import { businessDayOf } from '../../src/domain/reports/business-day';
import { addDays } from '../../src/domain/time-zone';
import { createCloseBusinessDaysJob } from '../../src/jobs/close-business-days-job';
import { createDailyExportJob } from '../../src/jobs/daily-export-job';
import { parseCsv } from '../exports/rfc4180';
import { retailShop } from '../helpers/retail-shop';
import { startTestServer, type TestServer } from '../helpers/test-server';

const jobContext = () => ({ trigger: 'manual' as const, attempt: 1, log: pino({ level: 'silent' }), signal: new AbortController().signal });

describe('reports over HTTP, and the scheduled close', () => {
  let t: TestServer;
  beforeAll(async () => (t = await startTestServer({ SIGNUP_RATE_LIMIT_PER_IP: '1000', LOGIN_RATE_LIMIT_PER_IP: '1000', LOGIN_RATE_LIMIT_PER_ACCOUNT: '1000' })));
  afterAll(() => t.stop());

  async function shopWithSale() {
    const shop = await retailShop(t.url);
    const pen = await shop.item({ name: 'Pen', priceMinor: 150, taxRateBps: 1000 });
    const sale = { items: [{ itemId: pen, quantity: 2 }], payments: [{ method: 'CASH', amountMinor: 500 }] };
    const sold = await shop.owner.api.post('/api/retail/sales', sale);
    expect(sold.status).toBe(201);
    return { ...shop, pen, sale, sold };
  }

  it('X while the day is open, Z once closed; later sales count in the next day and the Z never changes', async () => {
    const { owner, sale, sold, pen } = await shopWithSale();
    const today = businessDayOf(new Date(), 'America/New_York').date;
    const x = await owner.api.get(`/api/reports/x?minPosition=${sold.body.position}`);
    expect(x.status).toBe(200);
    expect(x.body).toMatchObject({ date: today, status: 'OPEN', zNumber: null, currency: 'USD', orders: 1, grossMinor: 330, taxMinor: 30, refundMinor: 0, netMinor: 330, discountMinor: 0 });
    expect(x.body.byPaymentMethod).toEqual({ CASH: 330, CARD: 0, OTHER: 0 });
    expect(x.body.topItems.byQuantity).toEqual([{ itemId: pen, name: 'Pen', quantity: 2, revenueMinor: 330 }]);

    const z = await owner.api.post('/api/reports/z', {});
    expect(z.status).toBe(201);
    expect(z.body).toMatchObject({ date: today, zNumber: 1, closedAt: expect.any(String) });
    const again = await owner.api.post('/api/reports/z', { date: today });
    expect([again.status, again.body.code]).toEqual([409, 'DAY_ALREADY_CLOSED']);
    const future = await owner.api.post('/api/reports/z', { date: addDays(today, 2) });
    expect([future.status, future.body.code]).toEqual([422, 'DAY_NOT_STARTED']);

    const later = await owner.api.post('/api/retail/sales', sale);
    const closed = await owner.api.get(`/api/reports/daily?date=${today}&minPosition=${later.body.position}`);
    expect(closed.body).toMatchObject({ status: 'CLOSED', zNumber: 1, orders: 1, grossMinor: 330 });
    const next = await owner.api.get(`/api/reports/x?minPosition=${later.body.position}`);
    expect(next.body).toMatchObject({ date: addDays(today, 1), status: 'OPEN', orders: 1, grossMinor: 330 });
  });

  it('roles, bad input and tenants kept apart', async () => {
    const a = await shopWithSale();
    const b = await retailShop(t.url);
    const [cashier, auditor] = await Promise.all([a.staff('cashier'), a.staff('auditor')]);
    expect((await cashier.api.get('/api/reports/x')).status).toBe(403);
    expect((await cashier.api.post('/api/reports/z', {})).status).toBe(403);
    expect((await auditor.api.get(`/api/reports/x?minPosition=${a.sold.body.position}`)).body.orders).toBe(1);
    expect((await auditor.api.post('/api/reports/z', {})).status).toBe(403);
    const badDate = await a.owner.api.get('/api/reports/daily?date=2026-02-30');
    expect([badDate.status, badDate.body.errors[0].field]).toEqual([400, 'date']);
    const badTime = await a.owner.api.call('PUT', '/api/reports/settings', { dayCloseTime: '25:00' });
    expect([badTime.status, badTime.body.errors[0].field]).toEqual([400, 'dayCloseTime']);
    expect((await cashier.api.call('PUT', '/api/reports/settings', { dayCloseTime: '04:00' })).status).toBe(403);
    const set = await a.owner.api.call('PUT', '/api/reports/settings', { dayCloseTime: '04:00' });
    expect(set.body).toMatchObject({ dayCloseTime: '04:00' });
    expect((await auditor.api.get('/api/reports/settings')).body).toEqual({ dayCloseTime: '04:00' });
    const bReport = await b.owner.api.get(`/api/reports/x?minPosition=${a.sold.body.position}`);
    expect(bReport.body).toMatchObject({ orders: 0, grossMinor: 0 });
  });

  it('the close job closes each tenant’s ended days in its own time zone, once', async () => {
    const { owner } = await shopWithSale();
    const today = businessDayOf(new Date(), 'America/New_York').date;
    // Two days from now, at 00:30 in New York: today and tomorrow have ended there.
    const inTwoDays = new Date(Date.parse(`${addDays(today, 2)}T05:30:00Z`));
    const job = createCloseBusinessDaysJob({ store: t.server.store, schedule: '* * * * *', now: () => inTwoDays });
    const first = await job.run(jobContext());
    expect(first.days).toEqual(expect.arrayContaining([`${owner.tenantId} ${today}`, `${owner.tenantId} ${addDays(today, 1)}`]));
    const second = await job.run(jobContext());
    expect(second.days).not.toEqual(expect.arrayContaining([`${owner.tenantId} ${today}`]));
    const head = await t.server.store.headPosition();
    const z = await owner.api.get(`/api/reports/daily?date=${today}&minPosition=${head}`);
    expect(z.body).toMatchObject({ status: 'CLOSED', zNumber: 1, orders: 1 });
    const quiet = await owner.api.get(`/api/reports/daily?date=${addDays(today, 1)}&minPosition=${head}`);
    expect(quiet.body).toMatchObject({ status: 'CLOSED', zNumber: 2, orders: 0 });
  });

  it('the scheduled daily export writes each tenant’s ended day once: its figures and its sales', async () => {
    const { owner, sold } = await shopWithSale();
    const today = businessDayOf(new Date(), 'America/New_York').date;
    // 06:00 the next morning in New York.
    const tomorrowMorning = new Date(Date.parse(`${addDays(today, 1)}T11:00:00Z`));
    // Both read models the export reads have the sale.
    expect((await owner.api.get(`/api/reports/daily?date=${today}&minPosition=${sold.body.position}`)).body.orders).toBe(1);
    expect((await owner.api.get(`/api/retail/sales/${sold.body.saleId}?minPosition=${sold.body.position}`)).status).toBe(200);
    const dir = join(t.dataDir, 'exports');
    const job = createDailyExportJob({ store: t.server.store, readStore: t.server.readStore, dir, schedule: '0 5 * * *', now: () => tomorrowMorning });
    const first = await job.run(jobContext());
    const folder = join(dir, owner.tenantId, 'scheduled');
    expect(first.written).toEqual(expect.arrayContaining([`${owner.tenantId}/daily-${today}.csv`, `${owner.tenantId}/sales-${today}.xlsx`]));
    expect(readdirSync(folder).sort()).toEqual([`daily-${today}.csv`, `sales-${today}.xlsx`]);
    const daily = parseCsv(readFileSync(join(folder, `daily-${today}.csv`), 'utf8').replace(/^\uFEFF/, ''));
    expect(daily[1]!.slice(0, 5)).toEqual([today, 'OPEN', '', '1', '3.30']);
    const sheet = (await new ExcelJS.Workbook().xlsx.readFile(join(folder, `sales-${today}.xlsx`))).worksheets[0]!;
    expect(sheet.getRow(2).getCell(3).value).toBe(sold.body.saleId);
    const second = await job.run(jobContext());
    expect(second.written).not.toEqual(expect.arrayContaining([`${owner.tenantId}/daily-${today}.csv`]));
  });
});
