import pino from 'pino';
import type { SqliteEventStore } from '../../src/eventstore/sqlite-event-store';
import { rebuildProjection } from '../../src/projections/rebuild';
import { createSqliteRebuildTarget } from '../../src/projections/sqlite-rebuild';
import { stockLevelsProjection } from '../../src/projections/stock-levels';
import { retailShop } from '../helpers/retail-shop';
import { seeded } from '../helpers/seeded';
import { startTestServer, type Answer, type TestServer } from '../helpers/test-server';


const SEED = 20261125;
const OPERATIONS = 400;
const CONCURRENCY = 16;

describe('stock under concurrent load', () => {
  let t: TestServer;
  beforeAll(async () => (t = await startTestServer({ SIGNUP_RATE_LIMIT_PER_IP: '1000', LOGIN_RATE_LIMIT_PER_IP: '1000', LOGIN_RATE_LIMIT_PER_ACCOUNT: '1000' })));
  afterAll(() => t.stop());

  it('on-hand = received + adjusted − sold + returned for every item, from the request log, live and after a rebuild', async () => {
    const shop = await retailShop(t.url);
    const items = await Promise.all(['Soap', 'Pen', 'Rice 5kg', 'Milk'].map((name, i) => shop.item({ name, priceMinor: 100 * (i + 1), taxRateBps: 1000, lowStockThreshold: 3 })));
    const cashiers = await Promise.all([shop.staff('cashier'), shop.staff('cashier'), shop.staff('cashier')]);
    const managers = await Promise.all([shop.staff('manager'), shop.staff('manager')]);
    const random = seeded(SEED);

    // The request log: what each answered request moved, per item, computed from the requests alone.
    const expected = new Map(items.map((id) => [id, 0]));
    const move = (itemId: string, delta: number) => expected.set(itemId, expected.get(itemId)! + delta);
    const sales: { saleId: string; lines: Map<string, number> }[] = [];
    const statuses = new Map<string, number>();
    let lastPosition = 0n;
    const answered = (kind: string, answer: Answer) => {
      statuses.set(`${kind} ${answer.status}`, (statuses.get(`${kind} ${answer.status}`) ?? 0) + 1);
      if (answer.status >= 500) throw new Error(`${kind} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      if (answer.status < 300 && BigInt(answer.body.position) > lastPosition) lastPosition = BigInt(answer.body.position);
      return answer.status < 300;
    };

    const operations = Array.from({ length: OPERATIONS }, (_, n) => async () => {
      const roll = random.int(1, 100);
      if (roll <= 50 || sales.length === 0) {
        const lines = Array.from({ length: random.int(1, 3) }, () => ({ itemId: random.pick(items), quantity: random.int(1, 4) }));
        const answer = await random.pick(cashiers).api.post('/api/retail/sales', { items: lines, payments: [{ method: 'CASH', amountMinor: 100_000 }] });
        if (answered('sell', answer)) {
          const sold = new Map<string, number>();
          for (const l of lines) sold.set(l.itemId, (sold.get(l.itemId) ?? 0) + l.quantity);
          for (const [itemId, q] of sold) move(itemId, -q);
          sales.push({ saleId: answer.body.saleId, lines: sold });
        }
      } else if (roll <= 70) {
        // Returns race each other on the same sales; some ask for more than is left and must be refused.
        const sale = random.pick(sales);
        const [itemId, sold] = random.pick([...sale.lines]);
        const quantity = random.int(1, sold);
        const answer = await random.pick(cashiers).api.post(`/api/retail/sales/${sale.saleId}/returns`, { items: [{ itemId, quantity }], reason: `return ${n}` });
        if (answered('return', answer)) move(itemId, quantity);
        else expect([answer.status, answer.body.code]).toEqual([422, 'RETURN_EXCEEDS_SOLD']);
      } else if (roll <= 85) {
        const lines = Array.from({ length: random.int(1, 2) }, () => ({ itemId: random.pick(items), quantity: random.int(1, 20) }));
        const answer = await random.pick(managers).api.post('/api/retail/stock/receipts', { items: lines, supplier: 'Metro' });
        if (answered('receive', answer)) for (const l of lines) move(l.itemId, l.quantity);
      } else if (roll <= 97) {
        const itemId = random.pick(items);
        const delta = random.pick([-3, -2, -1, 1, 2, 5]);
        const answer = await random.pick(managers).api.post('/api/retail/stock/adjustments', { itemId, delta, reason: random.pick(['DAMAGE', 'THEFT', 'OTHER']) });
        if (answered('adjust', answer)) move(itemId, delta);
      } else {
        // A count's answer says the difference it recorded: that difference is part of the log.
        const itemId = random.pick(items);
        const answer = await random.pick(managers).api.post('/api/retail/stock/counts', { itemId, countedQuantity: random.int(0, 30) });
        if (answered('count', answer)) move(itemId, answer.body.delta);
      }
    });

    const queue = [...operations];
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (queue.length > 0) await queue.shift()!();
    }));

    const stockNow = async () => {
      const stock = await shop.owner.api.get(`/api/retail/stock?minPosition=${lastPosition}`);
      expect(stock.status).toBe(200);
      return new Map(stock.body.items.map((i: { itemId: string; onHand: number }) => [i.itemId, i.onHand]));
    };
    expect(statuses.get('sell 201')).toBeGreaterThan(100);
    expect(statuses.get('return 201')).toBeGreaterThan(20);
    expect(await stockNow()).toEqual(expected);

    // Rebuilt from position 0 into fresh tables and swapped in: the same figures.
    const db = (t.server.store as SqliteEventStore).db;
    await rebuildProjection({ store: t.server.store, projection: stockLevelsProjection, target: createSqliteRebuildTarget(db, stockLevelsProjection), log: pino({ level: 'silent' }) });
    expect(await stockNow()).toEqual(expected);
  }, 120_000);
});
