import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { ownerSession, startTestServer, uniqueSubdomain, type TestServer } from '../helpers/test-server';

// The kitchen display (web/kds) in a real Chromium against a real server: login through the form,
// live pushes, bumps, and recovery after missed pushes. CI installs Chromium (.ci/run).
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];
const TEST_MS = 30_000;
const KITCHEN_PASSWORD = 'hot stove long password';

/** Polls an HTTP read until it passes (read models follow writes closely, not instantly). */
async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('kitchen display (web/kds) in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let pageErrors: string[];
  let consoleLines: string[];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: this end-to-end test needs Debian's Chromium (apt-get install -y chromium; .ci/run installs it)`);
    }
    server = await startTestServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, TEST_MS);

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A restaurant with a kitchen cook and a grill item, and a display page signed in as the cook on station grill. */
  async function kitchenDisplay() {
    const owner = await ownerSession(server.url, uniqueSubdomain('kds'));
    const cookEmail = `cook@${owner.subdomain}.example`;
    const cook = await owner.api.post('/api/staff', { email: cookEmail, password: KITCHEN_PASSWORD, name: 'Cook', role: 'kitchen' });
    expect(cook.status).toBe(201);
    const burger = await owner.api.post('/api/catalog/items', { name: 'Grilled burger', priceMinor: 65000, taxRateBps: 800, station: 'grill' });
    expect(burger.status).toBe(201);
    const pho = await owner.api.post('/api/catalog/items', { name: 'Phở bò', priceMinor: 45000, taxRateBps: 800 }); // no station: 'kitchen'
    expect(pho.status).toBe(201);

    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    pageErrors = [];
    consoleLines = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => consoleLines.push(message.text()));

    await page.goto(`${server.url}/kds`);
    await page.fill('#login-form input[name=subdomain]', owner.subdomain);
    await page.fill('#login-form input[name=email]', cookEmail);
    await page.fill('#login-form input[name=password]', KITCHEN_PASSWORD);
    await page.click('#login-form button[type=submit]');
    await page.locator('#conn.live').waitFor();

    await page.fill('#station-form input[name=station]', 'grill');
    await page.click('#station-form button[type=submit]');
    await page.locator('#stations .station.chosen', { hasText: 'grill' }).waitFor();
    await page.locator('#empty').waitFor(); // the grill's (empty) snapshot is in

    /** Places an order as the owner and confirms it: from then on it is in the kitchen queue. */
    async function confirmedOrder(table: string, items: { itemId: string; quantity: number; note?: string }[]) {
      const placed = await owner.api.post('/api/restaurant/orders', { table, items });
      expect(placed.status).toBe(201);
      const confirmed = await owner.api.post(`/api/restaurant/orders/${placed.body.orderId}/status`, { status: 'CONFIRMED' });
      expect(confirmed.status).toBe(200);
      return { orderId: placed.body.orderId as string, position: confirmed.body.position as string };
    }

    const card = (orderId: string): Locator => page.locator(`#board article.ticket[data-order-id="${orderId}"]`);
    return { owner, page, burgerId: burger.body.itemId as string, phoId: pho.body.itemId as string, confirmedOrder, card };
  }

  /** Nothing the page printed carries a token or the password, and no script failed. */
  function expectCleanPage(): void {
    expect(pageErrors).toEqual([]);
    for (const line of consoleLines) {
      expect(line).not.toContain(KITCHEN_PASSWORD);
      expect(line).not.toMatch(/eyJ[\w-]+\.eyJ/); // a JWT
    }
  }

  const disconnect = (page: Page) => page.evaluate('void window.__kds.socket.disconnect()');
  const reconnect = (page: Page) => page.evaluate('void window.__kds.socket.connect()');

  it('shows a confirmed order live, bumps it to PREPARING and READY, and drops it once served', async () => {
    const { owner, page, burgerId, confirmedOrder, card } = await kitchenDisplay();

    const { orderId } = await confirmedOrder('7', [{ itemId: burgerId, quantity: 2, note: 'no onions' }]);
    const ticket = card(orderId);
    await ticket.waitFor(); // pushed: no reload
    expect(await ticket.locator('.table').textContent()).toBe('Table 7');
    expect(await ticket.locator('.status').textContent()).toBe('CONFIRMED');
    expect(await ticket.locator('.item .qty').textContent()).toBe('2×');
    expect(await ticket.locator('.item .name').textContent()).toBe('Grilled burger');
    expect(await ticket.locator('.item .item-note').textContent()).toBe('no onions');
    expect(await ticket.locator('.age').textContent()).toMatch(/^\d{2}:\d{2}$/);
    expect(await ticket.getAttribute('class')).toContain('age-ok');

    const status = () => owner.api.get(`/api/restaurant/orders/${orderId}`).then((answer) => answer.body.status as string);

    await ticket.locator('button.bump').click();
    await page.locator(`#board article.ticket[data-order-id="${orderId}"][data-status="PREPARING"]`).waitFor();
    expect(await eventually(status, (s) => s === 'PREPARING')).toBe('PREPARING');

    await ticket.locator('button.bump').click();
    await page.locator(`#board article.ticket[data-order-id="${orderId}"][data-status="READY"]`).waitFor();
    expect(await eventually(status, (s) => s === 'READY')).toBe('READY');
    // READY → SERVED is front of house: a cook gets no button for it.
    expect(await ticket.locator('button.bump').count()).toBe(0);
    await ticket.locator('.waiting').waitFor();

    const served = await owner.api.post(`/api/restaurant/orders/${orderId}/status`, { status: 'SERVED' });
    expect(served.status).toBe(200);
    await ticket.waitFor({ state: 'detached' });
    await page.locator('#empty').waitFor();
    expectCleanPage();
  }, TEST_MS);

  it('shows an order placed while it was disconnected once it reconnects (snapshot re-fetched)', async () => {
    const { owner, page, burgerId, phoId, confirmedOrder, card } = await kitchenDisplay();

    await disconnect(page);
    await page.locator('#conn.offline').waitFor();
    await page.locator('body[data-conn=offline] #board').waitFor(); // the cards grey out

    const { orderId, position } = await confirmedOrder('12', [{ itemId: burgerId, quantity: 1 }, { itemId: phoId, quantity: 3 }]);
    // The kitchen queue has it (so its push went out) while the display was away.
    const queue = await owner.api.get(`/api/restaurant/kitchen-queue?station=grill&minPosition=${position}`);
    expect(queue.body.orders.map((t: { orderId: string }) => t.orderId)).toContain(orderId);
    expect(await card(orderId).count()).toBe(0);

    await reconnect(page);
    await page.locator('#conn.live').waitFor();
    await card(orderId).waitFor();
    expect(await card(orderId).locator('.table').textContent()).toBe('Table 12');
    // The grill sees only its own lines: the phở goes to the station 'kitchen'.
    expect(await card(orderId).locator('.item .name').allTextContents()).toEqual(['Grilled burger']);
    expectCleanPage();
  }, TEST_MS);

  it('notices a push it never received by the gap rule and re-fetches, staying connected', async () => {
    const { page, burgerId, confirmedOrder, card } = await kitchenDisplay();
    // Swallow one kitchen.updated between server and page, as a lossy network would.
    let armed = false;
    let dropped = 0;
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      const upstream = ws.connectToServer();
      ws.onMessage((message) => upstream.send(message));
      upstream.onMessage((message) => {
        if (armed && typeof message === 'string' && message.includes('"kitchen.updated"')) {
          armed = false;
          dropped += 1;
          return;
        }
        ws.send(message);
      });
    });
    // The route applies to documents loaded after it: reload (the sign-in and the station stay).
    await page.reload();
    await page.locator('#conn.live').waitFor();
    await page.locator('#stations .station.chosen', { hasText: 'grill' }).waitFor();
    await page.locator('#empty').waitFor();
    const socketId = await page.evaluate('window.__kds.socket.id');

    armed = true;
    const missed = await confirmedOrder('3', [{ itemId: burgerId, quantity: 1, note: 'well done' }]);
    await eventually(async () => dropped, (n) => n === 1);
    expect(dropped).toBe(1);
    expect(await card(missed.orderId).count()).toBe(0);

    // The next push names the missed one as its previous: the display re-fetches and shows both.
    const next = await confirmedOrder('4', [{ itemId: burgerId, quantity: 2 }]);
    await card(next.orderId).waitFor();
    await card(missed.orderId).waitFor();
    expect(await card(missed.orderId).locator('.item-note').textContent()).toBe('well done');
    expect(await page.evaluate('window.__kds.socket.id')).toBe(socketId); // no reconnect was needed
    expectCleanPage();
  }, TEST_MS);

  it('with every station shown, keeps all lines of a ticket that each station\'s push carries a part of', async () => {
    const { owner, page, burgerId, phoId, confirmedOrder, card } = await kitchenDisplay();
    await page.locator('#stations .station', { hasText: 'All' }).click();
    await page.locator('#stations .station.chosen', { hasText: 'All' }).waitFor();

    const { orderId } = await confirmedOrder('5', [{ itemId: burgerId, quantity: 1 }, { itemId: phoId, quantity: 2 }]);
    await card(orderId).waitFor();
    expect(await card(orderId).locator('.item .name').allTextContents()).toEqual(['Grilled burger', 'Phở bò']);

    // Bumped elsewhere: the display learns it only from the pushes, one per station with that station's lines.
    const bumped = await owner.api.post(`/api/restaurant/orders/${orderId}/status`, { status: 'PREPARING' });
    expect(bumped.status).toBe(200);
    await page.locator(`#board article.ticket[data-order-id="${orderId}"][data-status="PREPARING"]`).waitFor();
    expect(await card(orderId).locator('.item .name').allTextContents()).toEqual(['Grilled burger', 'Phở bò']);
    expectCleanPage();
  }, TEST_MS);

  it('keeps the session and the station across a reload, and logs out', async () => {
    const { page, burgerId, confirmedOrder, card } = await kitchenDisplay();
    const { orderId } = await confirmedOrder('9', [{ itemId: burgerId, quantity: 1 }]);
    await card(orderId).waitFor();

    await page.reload();
    await page.locator('#conn.live').waitFor();
    await page.locator('#stations .station.chosen', { hasText: 'grill' }).waitFor();
    await card(orderId).waitFor();

    await page.click('#logout');
    await page.locator('#login-form').waitFor();
    expect(await page.evaluate('sessionStorage.getItem("kds.tokens")')).toBeNull();
    expectCleanPage();
  }, TEST_MS);

  it('says why a sign-in failed', async () => {
    context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${server.url}/kds`);
    await page.fill('#login-form input[name=subdomain]', 'no-such-restaurant');
    await page.fill('#login-form input[name=email]', 'nobody@example.com');
    await page.fill('#login-form input[name=password]', 'wrong password 123');
    await page.click('#login-form button[type=submit]');
    await page.locator('#login-error', { hasText: 'Wrong restaurant, email or password' }).waitFor();
    expect(await page.locator('#app').isHidden()).toBe(true);
  }, TEST_MS);
});
