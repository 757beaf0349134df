import { canonicalJson } from '../../src/commands/canonical-json';
import { handleCommand } from '../../src/commands/handle-command';
import { sha256Hex } from '../../src/commands/hash-chain';
import { codeReservationDecider } from '../../src/domain/catalog/code-reservation';
import { client, ownerSession, startTestServer, type TestServer } from '../helpers/test-server';

const item = (extra: Record<string, unknown> = {}) => ({ name: 'Phở bò', priceMinor: 65_000, taxRateBps: 800, ...extra });

describe('catalog writes over HTTP', () => {
  let t: TestServer;
  // Many tests sign up a tenant of their own; the per-IP sign-up limit is not what they test.
  beforeAll(async () => (t = await startTestServer({ SIGNUP_RATE_LIMIT_PER_IP: '1000', LOGIN_RATE_LIMIT_PER_IP: '1000' })));
  afterAll(() => t.stop());

  const itemEvents = (tenantId: string, itemId: string) => t.server.store.readStream(`${tenantId}.catalogitem-${itemId}`);
  const addedIn = async (tenantId: string) =>
    (await t.server.store.readAll({ filter: { streamPrefix: `${tenantId}.`, eventTypes: ['CatalogItemAdded'] } })).length;

  /** Signs up a tenant, adds a member with `role`, and returns a client logged in as that member. */
  async function memberSession(role: string) {
    const owner = await ownerSession(t.url);
    const email = `${role}@${owner.subdomain}.example`;
    await owner.api.post('/api/staff', { email, password: 'a long enough password', name: role, role });
    const login = await client(t.url).post('/api/auth/login', { subdomain: owner.subdomain, email, password: 'a long enough password' });
    return { ...owner, member: client(t.url, login.body.accessToken) };
  }

  it('an owner adds an item; it is recorded with who added it, from which terminal', async () => {
    const { api, tenantId, ownerId } = await ownerSession(t.url);
    const added = await api.post('/api/catalog/items', item({ sku: ' pho-1 ', barcode: '8934567890123', station: 'kitchen' }), { 'x-terminal-id': 'pos-1' });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({ itemId: expect.stringMatching(/^i_/), revision: '0', position: expect.stringMatching(/^\d+$/) });
    const [event, ...more] = await itemEvents(tenantId, added.body.itemId);
    expect(more).toEqual([]);
    expect(event!.type).toBe('CatalogItemAdded');
    expect(event!.data).toEqual({
      itemId: added.body.itemId,
      name: 'Phở bò',
      sku: 'PHO-1',
      barcode: '8934567890123',
      priceMinor: 65_000,
      taxRateBps: 800,
      station: 'kitchen',
      trackStock: false,
      lowStockThreshold: null,
    });
    expect(event!.metadata).toMatchObject({ tenantId, actor: { userId: ownerId, role: 'owner' }, terminalId: 'pos-1' });
    expect(event!.position.toString()).toBe(added.body.position);
    const [sku] = await t.server.store.readStream(`${tenantId}.catalogsku-PHO-1`);
    expect([sku!.type, sku!.data]).toEqual(['CatalogCodeAssigned', { code: 'PHO-1', itemId: added.body.itemId }]);
  });

  it('a manager may add and change items', async () => {
    const { member } = await memberSession('manager');
    const added = await member.post('/api/catalog/items', item());
    expect(added.status).toBe(201);
    expect((await member.call('PATCH', `/api/catalog/items/${added.body.itemId}`, { name: 'Phở gà' })).status).toBe(200);
  });

  it('a cashier may not; nobody may without a token', async () => {
    const { api } = await ownerSession(t.url);
    const { itemId } = (await api.post('/api/catalog/items', item())).body;
    const { member } = await memberSession('cashier');
    const refused = await member.post('/api/catalog/items', item());
    expect([refused.status, refused.body.code]).toEqual([403, 'FORBIDDEN']);
    expect((await member.call('PATCH', `/api/catalog/items/${itemId}`, { priceMinor: 1 })).status).toBe(403);
    const anonymous = await client(t.url).post('/api/catalog/items', item());
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect((await client(t.url).call('PATCH', `/api/catalog/items/${itemId}`, { priceMinor: 1 })).status).toBe(401);
  });

  it.each([
    ['a negative price', { priceMinor: -1 }, 'priceMinor'],
    ['a fractional price', { priceMinor: 1.5 }, 'priceMinor'],
    ['a tax rate above 100 %', { taxRateBps: 10_001 }, 'taxRateBps'],
    ['no name', { name: undefined }, 'name'],
    ['a blank name', { name: '   ' }, 'name'],
    ['a SKU with a space', { sku: 'A 1' }, 'sku'],
    ['a barcode with a dash', { barcode: '123-4' }, 'barcode'],
    ['a negative low-stock threshold', { lowStockThreshold: -1 }, 'lowStockThreshold'],
    ['a malformed item id', { itemId: 'has space' }, 'itemId'],
  ])('%s is a 400 naming the field', async (_what, fields, field) => {
    const { api } = await ownerSession(t.url);
    const refused = await api.post('/api/catalog/items', item(fields));
    expect([refused.status, refused.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
  });

  it('a SKU is used once per tenant, whatever its case; another tenant may use it too', async () => {
    const a = await ownerSession(t.url);
    const b = await ownerSession(t.url);
    const first = await a.api.post('/api/catalog/items', item({ sku: 'abc-1' }));
    expect(first.status).toBe(201);
    const again = await a.api.post('/api/catalog/items', item({ sku: 'ABC-1' }));
    expect([again.status, again.body.code]).toEqual([409, 'SKU_TAKEN']);
    expect(again.body.detail).toContain(first.body.itemId);
    expect((await b.api.post('/api/catalog/items', item({ sku: 'ABC-1' }))).status).toBe(201);
    expect(await addedIn(a.tenantId)).toBe(1);
  });

  it('a barcode is used once per tenant; a refused item leaves no SKU reserved', async () => {
    const { api, tenantId } = await ownerSession(t.url);
    expect((await api.post('/api/catalog/items', item({ barcode: '4006381333931' }))).status).toBe(201);
    const again = await api.post('/api/catalog/items', item({ sku: 'FREE-1', barcode: '4006381333931' }));
    expect([again.status, again.body.code]).toEqual([409, 'BARCODE_TAKEN']);
    expect(await t.server.store.readStream(`${tenantId}.catalogsku-FREE-1`)).toEqual([]);
  });

  it("changing an item's SKU frees the old one for another item", async () => {
    const { api, tenantId } = await ownerSession(t.url);
    const first = (await api.post('/api/catalog/items', item({ sku: 'OLD-1' }))).body;
    const changed = await api.call('PATCH', `/api/catalog/items/${first.itemId}`, { sku: 'new-1' });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ itemId: first.itemId, revision: '1', position: expect.any(String) });
    const old = await t.server.store.readStream(`${tenantId}.catalogsku-OLD-1`);
    expect(old.map((e) => e.type)).toEqual(['CatalogCodeAssigned', 'CatalogCodeReleased']);
    expect(changed.body.position).toBe(old[1]!.position.toString());
    expect((await api.post('/api/catalog/items', item({ sku: 'NEW-1' }))).body.code).toBe('SKU_TAKEN');
    expect((await api.post('/api/catalog/items', item({ sku: 'old-1' }))).status).toBe(201);
  });

  it('clearing a barcode frees it', async () => {
    const { api } = await ownerSession(t.url);
    const first = (await api.post('/api/catalog/items', item({ barcode: '123' }))).body;
    expect((await api.call('PATCH', `/api/catalog/items/${first.itemId}`, { barcode: null })).status).toBe(200);
    expect((await api.post('/api/catalog/items', item({ barcode: '123' }))).status).toBe(201);
  });

  it('a retried POST with the same Idempotency-Key answers the same and adds one item', async () => {
    const { api, tenantId } = await ownerSession(t.url);
    for (const body of [item(), item({ sku: 'RETRY-1', barcode: '999' })]) {
      const headers = { 'idempotency-key': `add-${JSON.stringify(body).length}` };
      const first = await api.post('/api/catalog/items', body, headers);
      const again = await api.post('/api/catalog/items', body, headers);
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
    }
    expect(await addedIn(tenantId)).toBe(2);
  });

  it('the same key with another body is refused', async () => {
    const { api, tenantId } = await ownerSession(t.url);
    const headers = { 'idempotency-key': 'add-once' };
    expect((await api.post('/api/catalog/items', item({ sku: 'K-1' }), headers)).status).toBe(201);
    const reused = await api.post('/api/catalog/items', item({ sku: 'K-2' }), headers);
    expect([reused.status, reused.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    expect(await t.server.store.readStream(`${tenantId}.catalogsku-K-2`)).toEqual([]);
    expect(await addedIn(tenantId)).toBe(1);
  });

  it('a client-chosen item id without a key is the idempotency key', async () => {
    const { api, tenantId } = await ownerSession(t.url);
    const body = item({ itemId: 'i_01JCLIENTMADE0000000000000', sku: 'CLIENT-1' });
    const first = await api.post('/api/catalog/items', body);
    const again = await api.post('/api/catalog/items', body);
    expect(first.status).toBe(201);
    expect(first.body.itemId).toBe('i_01JCLIENTMADE0000000000000');
    expect(again.body).toEqual(first.body);
    expect(await itemEvents(tenantId, first.body.itemId)).toHaveLength(1);
    const otherKey = await api.post('/api/catalog/items', body, { 'idempotency-key': 'another' });
    expect([otherKey.status, otherKey.body.code]).toEqual([409, 'ITEM_EXISTS']);
  });

  it('a new price is recorded as a price change with the previous price; details apart', async () => {
    const { api, tenantId, ownerId } = await ownerSession(t.url);
    const { itemId } = (await api.post('/api/catalog/items', item())).body;
    const priced = await api.call('PATCH', `/api/catalog/items/${itemId}`, { priceMinor: 70_000 });
    expect(priced.status).toBe(200);
    expect(priced.body).toMatchObject({ itemId, revision: '1' });
    const both = await api.call('PATCH', `/api/catalog/items/${itemId}`, { priceMinor: 72_000, trackStock: true, lowStockThreshold: 3 });
    expect(both.body.revision).toBe('3');
    const events = await itemEvents(tenantId, itemId);
    expect(events.slice(1).map((e) => [e.type, e.data])).toEqual([
      ['CatalogItemPriceChanged', { itemId, priceMinor: 70_000, previousPriceMinor: 65_000 }],
      ['CatalogItemPriceChanged', { itemId, priceMinor: 72_000, previousPriceMinor: 70_000 }],
      ['CatalogItemDetailsChanged', { itemId, changes: { trackStock: true, lowStockThreshold: 3 } }],
    ]);
    expect(events[1]!.metadata).toMatchObject({ actor: { userId: ownerId, role: 'owner' } });
  });

  it('a change to nothing new records nothing and answers the current revision', async () => {
    const { api, tenantId } = await ownerSession(t.url);
    const added = (await api.post('/api/catalog/items', item())).body;
    const same = await api.call('PATCH', `/api/catalog/items/${added.itemId}`, { priceMinor: 65_000, name: 'Phở bò' });
    expect(same.status).toBe(200);
    expect(same.body).toEqual(added);
    expect(await itemEvents(tenantId, added.itemId)).toHaveLength(1);
  });

  it('changing an unknown item is a 404; an empty change is a 400 naming the body', async () => {
    const { api } = await ownerSession(t.url);
    const unknown = await api.call('PATCH', '/api/catalog/items/i_nope', { priceMinor: 1, sku: 'GHOST-1' });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'ITEM_NOT_FOUND']);
    const { itemId } = (await api.post('/api/catalog/items', item({ sku: 'GHOST-1' }))).body;
    const empty = await api.call('PATCH', `/api/catalog/items/${itemId}`, {});
    expect([empty.status, empty.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(empty.body.errors.map((e: { field: string }) => e.field)).toEqual(['(body)']);
    const invalid = await api.call('PATCH', `/api/catalog/items/${itemId}`, { taxRateBps: 10_001 });
    expect(invalid.body.errors.map((e: { field: string }) => e.field)).toEqual(['taxRateBps']);
  });

  it('a retried PATCH with the same key replays every step', async () => {
    const { api, tenantId } = await ownerSession(t.url);
    const { itemId } = (await api.post('/api/catalog/items', item({ sku: 'STEP-1' }))).body;
    const headers = { 'idempotency-key': 'rename-sku' };
    const first = await api.call('PATCH', `/api/catalog/items/${itemId}`, { sku: 'STEP-2' }, headers);
    const again = await api.call('PATCH', `/api/catalog/items/${itemId}`, { sku: 'STEP-2' }, headers);
    expect(again.body).toEqual(first.body);
    expect(await itemEvents(tenantId, itemId)).toHaveLength(2);
    expect((await t.server.store.readStream(`${tenantId}.catalogsku-STEP-1`)).map((e) => e.type)).toEqual(['CatalogCodeAssigned', 'CatalogCodeReleased']);
    expect(await t.server.store.readStream(`${tenantId}.catalogsku-STEP-2`)).toHaveLength(1);
  });

  it('of racing requests for one SKU exactly one wins', async () => {
    const { api, tenantId } = await ownerSession(t.url);
    const answers = await Promise.all(Array.from({ length: 8 }, () => api.post('/api/catalog/items', item({ sku: 'RACE-1' }))));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    expect(await addedIn(tenantId)).toBe(1);
  });

  it('a request that died after reserving its SKU is finished by its retry', async () => {
    const { api, tenantId, ownerId } = await ownerSession(t.url);
    const itemId = 'i_01JHALFDONE00000000000000';
    const body = item({ itemId, sku: 'HALF-1' });
    const key = 'died-half-way';
    // What the first attempt managed before the process died: the SKU step, under the request's command id and fingerprint.
    await handleCommand(
      t.server.store,
      codeReservationDecider,
      `${tenantId}.catalogsku-HALF-1`,
      { type: 'AssignCatalogCode', data: { kind: 'sku', code: 'HALF-1', itemId } },
      { tenantId, actor: { userId: ownerId, role: 'owner' }, commandId: key, requestHash: sha256Hex(`POST /api/catalog/items\n${canonicalJson(body)}`) },
    );
    const retried = await api.post('/api/catalog/items', body, { 'idempotency-key': key });
    expect([retried.status, retried.body.itemId]).toEqual([201, itemId]);
    expect(await t.server.store.readStream(`${tenantId}.catalogsku-HALF-1`)).toHaveLength(1);
    expect((await itemEvents(tenantId, itemId)).map((e) => e.metadata.commandId)).toEqual([key]);
  });
});
