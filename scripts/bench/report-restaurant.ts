import type { RestaurantConfig, RestaurantResult } from './restaurant';
import { atLeast, atMost, exactly, figureTable, renderMarkdown, renderText, type FigureRow, type Table } from './table';

export interface RestaurantReport {
  config: RestaurantConfig;
  result: RestaurantResult;
  figures: FigureRow[];
}

const n = (value: number): string => value.toLocaleString('en-US');
const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

const ORDERS = 'PlaceOrder, 201 answers';
const BARE = 'Bare Express route, same JSON, 201 answers';
/** The rate rows are counted in 'commands/s'; the table shows what they count. */
const RATE_LABEL: Record<string, string> = { [ORDERS]: 'orders/s', [BARE]: 'req/s' };

export function restaurantRows(result: RestaurantResult, config: RestaurantConfig): FigureRow[] {
  const load = `${config.connections} conn × ${config.seconds} s`;
  return [
    { figure: ORDERS, store: load, unit: 'commands/s', value: result.ordersPerSecond, target: atLeast(3_000) },
    { figure: 'PlaceOrder, p50 latency', store: load, unit: 'ms', value: result.orderP50Ms },
    { figure: 'PlaceOrder, p99 latency', store: load, unit: 'ms', value: result.orderP99Ms, target: atMost(25) },
    { figure: BARE, store: load, unit: 'commands/s', value: result.barePerSecond },
    { figure: 'Bare Express route, p50 latency', store: load, unit: 'ms', value: result.bareP50Ms },
    { figure: 'Bare Express route, p99 latency', store: load, unit: 'ms', value: result.bareP99Ms },
    { figure: 'PlaceOrder ÷ bare Express', store: load, unit: 'ratio', value: result.ratio },
    { figure: 'PlaceOrder errors, all runs (non-201, socket errors, timeouts)', store: load, unit: 'count', value: { median: sum(result.orderErrors), runs: result.orderErrors }, target: exactly(0) },
    { figure: 'Bare Express errors, all runs', store: load, unit: 'count', value: { median: sum(result.bareErrors), runs: result.bareErrors }, target: exactly(0) },
  ];
}

function table(report: RestaurantReport): Table {
  const t = figureTable(report.figures, 'Load');
  t.rows = t.rows.map((row) => {
    const label = RATE_LABEL[row[0]!];
    return label ? row.map((cell, i) => (i === 3 ? label : i === 5 ? cell.replace('commands/s', label) : cell)) : row;
  });
  return t;
}

export function restaurantNotes(report: RestaurantReport): string[] {
  const codes = Object.entries(report.result.orderStatusCodes).map(([code, count]) => `${code}: ${n(count)}`);
  return [
    `Orders placed in the measured runs: ${n(report.result.ordersPlaced)} (status codes of all PlaceOrder runs: ${codes.join(', ') || 'none'}).`,
    'The errors rows give the total over all runs, not a median.',
  ];
}

export function restaurantText(report: RestaurantReport): string {
  return ['Restaurant orders:', renderText(table(report)), '', ...restaurantNotes(report)].join('\n');
}

export function restaurantMarkdown(report: RestaurantReport): string {
  return `## Restaurant orders

Each figure is the **median of ${report.config.runs} runs**; the spread of the runs is shown beside it.

${renderMarkdown(table(report))}

${restaurantNotes(report)
  .map((note) => `- ${note}`)
  .join('\n')}
`;
}

export function restaurantMethod(config: RestaurantConfig): string {
  return `### Restaurant orders

- **Server**: the real server in the bench process, as for the pushes (\`startServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: <temp>, JWT_SECRET, SIGNUP_RATE_LIMIT_PER_IP: '1000', LOGIN_RATE_LIMIT_PER_IP: '1000', LOG_LEVEL: 'silent' }), pino({ level: 'silent' }))\`): embedded SQLite with its durable default settings, and every projection running in the same process. A \`RESTAURANT\` tenant is signed up over HTTP, its owner logged in, and three catalog items created with \`POST /api/catalog/items\` (\`{ name, priceMinor, taxRateBps, station }\`, stations \`kitchen\`, \`cold\`, \`bar\`).
- **Load**: \`POST /api/restaurant/orders\` with the owner's bearer token and the body \`{ table: '5', items: [{ itemId, quantity: 2 } × 3] }\`, no Idempotency-Key, so every request places a new order with a server-made id. The load comes from autocannon 9 (CLI, \`node node_modules/autocannon/autocannon.js --connections ${config.connections} --duration ${config.seconds} --method POST --headers … --body … --json\`) **spawned as a child process**, so the load generator never shares the server's event loop (it does share the machine's cores). Closed loop: ${config.connections} keep-alive connections, each sending its next request as soon as the previous answer arrives, for ${config.seconds} s per run.
- **Bare Express baseline**: in the same process and the same run, an Express 5 app with no middleware but \`express.json()\` and one POST route answering \`res.status(201).json(<a real PlaceOrder answer taken at setup: { orderId, status: 'PENDING', totalMinor, paidMinor, revision, position }>)\`, loaded the same way (same body, no token, ${config.connections} connections, ${config.seconds} s). Each run loads the bare route first, then PlaceOrder. One ${config.warmupSeconds} s warm-up of each is not counted.
- **Figures**: orders/s = 201 answers ÷ autocannon's run duration; p50/p99 are autocannon's latency percentiles (request sent → answer received, per request); ratio = PlaceOrder orders/s ÷ bare req/s of the same run, median over runs. Errors = answers other than 201 + socket errors + timeouts (10 s), summed over the runs. The store grows through the runs (every run adds its orders).
`;
}
