/**
 * Terminals sending a mix of commands (orders, payments, status changes, sales, returns, stock
 * receipts and adjustments), every one under its own Idempotency-Key, and remembering exactly
 * what each was answered: a 2xx with its body, an error status, or nothing (the server died).
 */
export type Outcome = { kind: 'ok'; status: number; body: any } | { kind: 'error'; status: number; body: any } | { kind: 'none'; error: string };

export interface SentCommand {
  key: string;
  method: string;
  path: string;
  body: unknown;
  outcome: Outcome;
}

export interface Shop {
  token: string;
  dishId: string;
  soapId: string;
}

export async function send(url: string, token: string, command: Omit<SentCommand, 'outcome'>, timeoutMs = 10_000): Promise<Outcome> {
  try {
    const res = await fetch(url + command.path, {
      method: command.method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'Idempotency-Key': command.key, 'X-Terminal-Id': command.key.split(':')[0]! },
      body: JSON.stringify(command.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    const body: unknown = text ? JSON.parse(text) : undefined;
    return res.ok ? { kind: 'ok', status: res.status, body } : { kind: 'error', status: res.status, body };
  } catch (error) {
    return { kind: 'none', error: (error as Error).message };
  }
}

/** What the terminals know so far: orders they may pay or confirm, sales they may return against. */
export interface LoadState {
  sent: SentCommand[];
  orders: { orderId: string; totalMinor: number; paid: boolean; confirmed: boolean }[];
  sales: { saleId: string; returnable: number }[];
}

export const newLoadState = (): LoadState => ({ sent: [], orders: [], sales: [] });

function nextCommand(shop: Shop, state: LoadState, key: string, random: () => number): Omit<SentCommand, 'outcome'> {
  const pick = <T>(list: T[]): T | undefined => list[Math.floor(random() * list.length)];
  const roll = random();
  const unpaid = state.orders.filter((o) => !o.paid);
  const returnable = state.sales.filter((s) => s.returnable > 0);
  if (roll < 0.2) return { key, method: 'POST', path: '/api/restaurant/orders', body: { table: String(1 + Math.floor(random() * 20)), items: [{ itemId: shop.dishId, quantity: 1 + Math.floor(random() * 3) }] } };
  if (roll < 0.3 && unpaid.length > 0) {
    const order = pick(unpaid)!;
    return { key, method: 'POST', path: `/api/restaurant/orders/${order.orderId}/payments`, body: { method: 'CASH', amountMinor: order.totalMinor, tenderedMinor: order.totalMinor + 1000 } };
  }
  if (roll < 0.38 && unpaid.some((o) => !o.confirmed)) {
    const order = pick(unpaid.filter((o) => !o.confirmed))!;
    return { key, method: 'POST', path: `/api/restaurant/orders/${order.orderId}/status`, body: { status: 'CONFIRMED' } };
  }
  if (roll < 0.65) return { key, method: 'POST', path: '/api/retail/sales', body: { items: [{ itemId: shop.soapId, quantity: 1 + Math.floor(random() * 3) }], payments: [{ method: 'CASH', amountMinor: 100_000 }] } };
  if (roll < 0.78 && returnable.length > 0) {
    const sale = pick(returnable)!;
    return { key, method: 'POST', path: `/api/retail/sales/${sale.saleId}/returns`, body: { items: [{ itemId: shop.soapId, quantity: 1 }], reason: 'Changed their mind' } };
  }
  if (roll < 0.9) return { key, method: 'POST', path: '/api/retail/stock/receipts', body: { items: [{ itemId: shop.soapId, quantity: 5 + Math.floor(random() * 20) }], supplier: 'Wholesale' } };
  return { key, method: 'POST', path: '/api/retail/stock/adjustments', body: { itemId: shop.soapId, delta: -1, reason: 'DAMAGE' } };
}

/** Learns from an answer what later commands may refer to. */
function remember(state: LoadState, command: SentCommand): void {
  if (command.outcome.kind !== 'ok') return;
  const body = command.outcome.body;
  if (command.path === '/api/restaurant/orders') state.orders.push({ orderId: body.orderId, totalMinor: body.totalMinor, paid: false, confirmed: false });
  else if (command.path.endsWith('/payments')) state.orders.find((o) => o.orderId === body.orderId)!.paid = true;
  else if (command.path.endsWith('/status')) state.orders.find((o) => o.orderId === body.orderId)!.confirmed = true;
  else if (command.path === '/api/retail/sales') state.sales.push({ saleId: body.saleId, returnable: (command.body as { items: { quantity: number }[] }).items[0]!.quantity });
  else if (command.path.endsWith('/returns')) state.sales.find((s) => s.saleId === body.saleId)!.returnable -= 1;
}

/** `terminals` loops sending commands until `stop()` says so; resolves when all have stopped. */
export async function runTerminals(options: { url: () => string; shop: Shop; state: LoadState; terminals: number; prefix: string; stop: () => boolean; random?: () => number }): Promise<void> {
  const random = options.random ?? Math.random;
  await Promise.all(
    Array.from({ length: options.terminals }, async (_, terminal) => {
      for (let i = 0; !options.stop(); i++) {
        const command = nextCommand(options.shop, options.state, `till${terminal}:${options.prefix}-${i}`, random);
        const outcome = await send(options.url(), options.shop.token, command);
        const sent = { ...command, outcome };
        options.state.sent.push(sent);
        remember(options.state, sent);
        if (outcome.kind === 'none') await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }),
  );
}
