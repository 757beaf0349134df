import { randomUUID } from 'node:crypto';
import { closeBusinessDay } from '../../src/commands/business-days';
import { ReceiptNumbers } from '../../src/commands/receipt-numbers';
import { advanceOrderStatus, cancelOrder, placeOrder, recordPayment, voidOrderItem } from '../../src/commands/restaurant-orders';
import { returnItems, sellItems } from '../../src/commands/retail-sales';
import { DomainError } from '../../src/domain/errors';
import type { RecordedEvent } from '../../src/eventstore/types';
import { seeded } from '../helpers/seeded';
import { ownerSession, startTestServer, type TestServer } from '../helpers/test-server';


const SEED = 7_2026_11_25;
const HOUR = 3_600_000;
/** Ho Chi Minh City is UTC+7 all year: the test's own clock arithmetic, independent of the product's. */
const HCMC_OFFSET = 7 * HOUR;

type Figures = {
  orders: number;
  grossMinor: number;
  taxMinor: number;
  refundMinor: number;
  netMinor: number;
  byPaymentMethod: Record<string, number>;
  byHour: { hour: number; orders: number; grossMinor: number }[];
  items: Map<string, { name: string; quantity: number; revenueMinor: number }>;
};

const blank = (): Figures => ({
  orders: 0,
  grossMinor: 0,
  taxMinor: 0,
  refundMinor: 0,
  netMinor: 0,
  byPaymentMethod: { CASH: 0, CARD: 0, OTHER: 0 },
  byHour: Array.from({ length: 24 }, (_, hour) => ({ hour, orders: 0, grossMinor: 0 })),
  items: new Map(),
});

const nextDate = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 24 * HOUR).toISOString().slice(0, 10);

/**
 * The figures of every business day, recomputed from the tenant's raw events alone: each event's
 * own time (metadata.occurredAt) in HCMC, minus the close time, gives its day, unless that day was
 * closed earlier in the log, which sends it to the day after the last closed one.
 */
function recompute(events: RecordedEvent[], closeHours: number): Map<string, Figures> {
  const days = new Map<string, Figures>();
  const orders = new Map<string, { lines: { lineId: string; itemId: string; name: string; quantity: number; taxMinor: number; totalMinor: number }[]; voided: Set<string> }>();
  let lastClosed: string | null = null;
  const dayOf = (event: RecordedEvent) => {
    const local = Date.parse(event.metadata.occurredAt as string) + HCMC_OFFSET;
    let date = new Date(local - closeHours * HOUR).toISOString().slice(0, 10);
    if (lastClosed !== null && date <= lastClosed) date = nextDate(lastClosed);
    if (!days.has(date)) days.set(date, blank());
    return { figures: days.get(date)!, hour: new Date(local).getUTCHours() };
  };
  const item = (f: Figures, itemId: string, name: string, quantity: number, revenueMinor: number) => {
    const was = f.items.get(itemId) ?? { name, quantity: 0, revenueMinor: 0 };
    f.items.set(itemId, { name: was.name, quantity: was.quantity + quantity, revenueMinor: was.revenueMinor + revenueMinor });
  };
  const sold = (f: Figures, hour: number, gross: number, tax: number) => {
    f.orders++;
    f.grossMinor += gross;
    f.taxMinor += tax;
    f.byHour[hour]!.orders++;
    f.byHour[hour]!.grossMinor += gross;
  };
  for (const e of events) {
    const d = e.data as any;
    switch (e.type) {
      case 'BusinessDayClosed':
        lastClosed = d.date;
        if (!days.has(d.date)) days.set(d.date, blank());
        break;
      case 'SaleCompleted': {
        const { figures, hour } = dayOf(e);
        sold(figures, hour, d.totalMinor, d.taxMinor);
        for (const p of d.payments) figures.byPaymentMethod[p.method] += p.amountMinor;
        for (const l of d.lines) item(figures, l.itemId, l.name, l.quantity, l.totalMinor);
        break;
      }
      case 'SaleItemsReturned': {
        const { figures } = dayOf(e);
        figures.refundMinor += d.refundMinor;
        figures.taxMinor -= d.taxMinor;
        for (const l of d.lines) item(figures, l.itemId, l.itemId, -l.quantity, -l.refundMinor);
        break;
      }
      case 'OrderPlaced':
        orders.set(d.orderId, { lines: [...d.lines], voided: new Set() });
        break;
      case 'OrderItemsAdded':
        orders.get(d.orderId)!.lines.push(...d.lines);
        break;
      case 'OrderItemVoided':
        orders.get(d.orderId)!.voided.add(d.lineId);
        break;
      case 'PaymentRecorded':
        dayOf(e).figures.byPaymentMethod[d.method] += d.amountMinor;
        break;
      case 'OrderStatusChanged':
        if (d.to === 'PAID') {
          const { figures, hour } = dayOf(e);
          const order = orders.get(d.orderId)!;
          const lines = order.lines.filter((l) => !order.voided.has(l.lineId));
          sold(figures, hour, lines.reduce((s, l) => s + l.totalMinor, 0), lines.reduce((s, l) => s + l.taxMinor, 0));
          for (const l of lines) item(figures, l.itemId, l.name, l.quantity, l.totalMinor);
        }
        break;
    }
  }
  for (const f of days.values()) f.netMinor = f.grossMinor - f.refundMinor;
  return days;
}

function expectSameDay(report: any, expected: Figures): void {
  expect({
    orders: report.orders,
    grossMinor: report.grossMinor,
    taxMinor: report.taxMinor,
    discountMinor: report.discountMinor,
    refundMinor: report.refundMinor,
    netMinor: report.netMinor,
    byPaymentMethod: report.byPaymentMethod,
    byHour: report.byHour,
  }).toEqual({
    orders: expected.orders,
    grossMinor: expected.grossMinor,
    taxMinor: expected.taxMinor,
    discountMinor: 0,
    refundMinor: expected.refundMinor,
    netMinor: expected.netMinor,
    byPaymentMethod: expected.byPaymentMethod,
    byHour: expected.byHour,
  });
  const items = [...expected.items].map(([itemId, f]) => ({ itemId, ...f })).filter((i) => i.quantity > 0 || i.revenueMinor > 0);
  const top = (by: (a: (typeof items)[0], b: (typeof items)[0]) => number) => [...items].sort((a, b) => by(a, b) || a.name.localeCompare(b.name) || a.itemId.localeCompare(b.itemId)).slice(0, 10);
  const strip = (list: { itemId: string; quantity: number; revenueMinor: number }[]) => list.map(({ itemId, quantity, revenueMinor }) => ({ itemId, quantity, revenueMinor }));
  expect(strip(report.topItems.byQuantity)).toEqual(strip(top((a, b) => b.quantity - a.quantity || b.revenueMinor - a.revenueMinor)));
  expect(strip(report.topItems.byRevenue)).toEqual(strip(top((a, b) => b.revenueMinor - a.revenueMinor || b.quantity - a.quantity)));
}

describe('daily reports against the raw events', () => {
  let t: TestServer;
  beforeAll(async () => (t = await startTestServer({ SIGNUP_RATE_LIMIT_PER_IP: '1000', LOGIN_RATE_LIMIT_PER_IP: '1000' })));
  afterAll(() => t.stop());

  async function tenant(businessType: 'RETAIL' | 'RESTAURANT', closeTime: string) {
    const owner = await ownerSession(t.url, undefined, { businessType, currency: 'VND', timezone: 'Asia/Ho_Chi_Minh' });
    expect((await owner.api.call('PUT', '/api/reports/settings', { dayCloseTime: closeTime })).status).toBe(200);
    const names = ['Cà phê sữa đá', 'Bánh mì', 'Phở bò', 'Trà đá', 'Nước cam', 'Gỏi cuốn', 'Chè', 'Bia', 'Cơm tấm', 'Xôi', 'Bún chả', 'Mì Quảng'];
    const items: string[] = [];
    for (const [i, name] of names.entries()) {
      const added = await owner.api.post('/api/catalog/items', { name, priceMinor: 5_000 * (i + 1) + 500 * (i % 3), taxRateBps: [0, 500, 800, 1000][i % 4], station: 'kitchen' });
      items.push(added.body.itemId);
    }
    return { owner, items };
  }

  const reportFor = async (api: any, date: string) => {
    const head = await t.server.store.headPosition();
    const answer = await api.get(`/api/reports/daily?date=${date}&minPosition=${head}`);
    expect(answer.status).toBe(200);
    return answer.body;
  };

  const history = (tenantId: string) => t.server.store.readAll({ filter: { streamPrefix: `${tenantId}.` }, maxCount: 1_000_000 });

  it('a retail shop: three days of random sales, returns and closes, every figure equal to the raw events', async () => {
    const { owner, items } = await tenant('RETAIL', '00:00');
    const random = seeded(SEED);
    const receipts = new ReceiptNumbers(t.server.store);
    const cashier = { userId: owner.ownerId, role: 'owner' as const };
    const sales: { saleId: string; items: Map<string, number> }[] = [];
    // From 06:00 on 2026-11-20 in HCMC (23:00Z the day before), every few minutes, into the 23rd.
    let clock = Date.parse('2026-11-19T23:00:00Z');
    const end = Date.parse('2026-11-22T20:00:00Z');
    const ctx = () => ({ tenantId: owner.tenantId, actor: cashier, requestHash: randomUUID(), at: new Date(clock).toISOString() });
    let closedEarly = false;
    let dayOneReport: unknown;
    while (clock < end) {
      clock += random.int(2, 45) * 60_000;
      const localHour = new Date(clock + HCMC_OFFSET).getUTCHours();
      if (!closedEarly && clock > Date.parse('2026-11-21T15:00:00Z')) {
        // The manager closes the 21st at 22:00 local: later sales that evening count on the 22nd.
        await closeBusinessDay(t.server.store, ctx(), '2026-11-20');
        dayOneReport = await reportFor(owner.api, '2026-11-20');
        await closeBusinessDay(t.server.store, ctx());
        closedEarly = true;
      }
      if (localHour < 6 && random.chance(0.7)) continue; // quiet nights, but not silent ones
      if (sales.length > 3 && random.chance(0.15)) {
        const sale = random.pick(sales);
        const [itemId, sold] = random.pick([...sale.items]);
        try {
          await returnItems(t.server.store, ctx(), sale.saleId, { items: [{ itemId, quantity: random.int(1, sold) }], reason: 'Khách đổi ý' });
        } catch (error) {
          expect((error as DomainError).code).toBe('RETURN_EXCEEDS_SOLD');
        }
        continue;
      }
      const lines = Array.from({ length: random.int(1, 4) }, () => ({ itemId: random.pick(items), quantity: random.int(1, 3) }));
      const payments = random.chance(0.5) ? [{ method: 'CASH' as const, amountMinor: 2_000_000 }] : [{ method: 'CARD' as const, amountMinor: 1 }, { method: 'CASH' as const, amountMinor: 2_000_000 }];
      const sold = await sellItems(t.server.store, receipts, ctx(), { items: lines, payments });
      const map = new Map<string, number>();
      for (const l of lines) map.set(l.itemId, (map.get(l.itemId) ?? 0) + l.quantity);
      sales.push({ saleId: sold.saleId, items: map });
    }
    const expected = recompute(await history(owner.tenantId), 0);
    expect([...expected.keys()].sort()).toEqual(['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23']);
    expect(expected.get('2026-11-22')!.orders).toBeGreaterThan(20);
    for (const [date, figures] of expected) expectSameDay(await reportFor(owner.api, date), figures);
    // Closed days are Z reports: numbered, and the first one did not change after its close.
    const z1 = await reportFor(owner.api, '2026-11-20');
    expect([z1.status, z1.zNumber]).toEqual(['CLOSED', 1]);
    expect(z1).toEqual(dayOneReport);
    const z2 = await reportFor(owner.api, '2026-11-21');
    expect([z2.status, z2.zNumber]).toEqual(['CLOSED', 2]);
    expect((await reportFor(owner.api, '2026-11-22')).status).toBe('OPEN');
  }, 120_000);

  it('a restaurant closing at 04:00: orders count when paid, payments when taken, voids and cancels left out', async () => {
    const { owner, items } = await tenant('RESTAURANT', '04:00');
    const random = seeded(SEED + 1);
    const waiter = { userId: owner.ownerId, role: 'owner' as const };
    let clock = Date.parse('2026-11-20T03:00:00Z'); // 10:00 in HCMC
    const end = Date.parse('2026-11-21T19:30:00Z'); // 02:30 on the 22nd: still the 21st's business
    const ctx = () => ({ tenantId: owner.tenantId, actor: waiter, requestHash: randomUUID(), at: new Date(clock).toISOString() });
    const open: { orderId: string; dueMinor: number; lines: number }[] = [];
    while (clock < end) {
      clock += random.int(3, 30) * 60_000;
      const roll = random.int(1, 100);
      if (roll <= 45 || open.length === 0) {
        const placed = await placeOrder(t.server.store, ctx(), { table: String(random.int(1, 12)), items: Array.from({ length: random.int(1, 4) }, () => ({ itemId: random.pick(items), quantity: random.int(1, 3) })) });
        open.push({ orderId: placed.orderId, dueMinor: placed.state.totalMinor, lines: placed.state.lines.length });
        continue;
      }
      const order = random.pick(open);
      const done = () => open.splice(open.indexOf(order), 1);
      if (roll <= 55) {
        await cancelOrder(t.server.store, ctx(), order.orderId, 'Khách về');
        done();
      } else if (roll <= 65 && order.lines > 1) {
        const voided = await voidOrderItem(t.server.store, ctx(), order.orderId, `L${random.int(1, order.lines)}`, 'Hết món').catch((e: DomainError) => {
          expect(e.code).toBe('LINE_ALREADY_VOIDED');
          return undefined;
        });
        if (voided) order.dueMinor = voided.state.totalMinor - voided.state.paidMinor;
      } else {
        // Serve, then pay in one or two parts, card and cash.
        for (const to of ['CONFIRMED', 'PREPARING', 'READY', 'SERVED'] as const) await advanceOrderStatus(t.server.store, ctx(), order.orderId, to);
        if (order.dueMinor > 1 && random.chance(0.5)) {
          const part = random.int(1, order.dueMinor - 1);
          await recordPayment(t.server.store, ctx(), order.orderId, { method: 'CARD', amountMinor: part });
          order.dueMinor -= part;
          clock += 60_000;
        }
        const paid = await recordPayment(t.server.store, ctx(), order.orderId, { method: 'CASH', amountMinor: order.dueMinor, tenderedMinor: order.dueMinor + 10_000 });
        expect(paid.state.status).toBe('PAID');
        done();
      }
    }
    const expected = recompute(await history(owner.tenantId), 4);
    expect([...expected.keys()].sort()).toEqual(['2026-11-20', '2026-11-21']);
    for (const [date, figures] of expected) expectSameDay(await reportFor(owner.api, date), figures);
    // The early hours of the 21st (before 04:00) were the 20th's business.
    const day20 = await reportFor(owner.api, '2026-11-20');
    expect(day20.byHour.slice(0, 4).some((h: { orders: number }) => h.orders > 0)).toBe(true);
  }, 120_000);
});
