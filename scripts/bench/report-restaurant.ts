import type { Section } from './report';
import type { RestaurantConfig, RestaurantResult } from './restaurant';
import { commandLoadNotes, commandLoadRows, commandLoadTable, type CommandLoadLabels } from './report-command-load';
import { renderMarkdown, renderText, type FigureRow, type Table } from './table';

export interface RestaurantReport {
  config: RestaurantConfig;
  result: RestaurantResult;
  figures: FigureRow[];
}

const LABELS: CommandLoadLabels = { command: 'PlaceOrder', rateLabel: 'orders/s', minPerSecond: 3_000, maxP99Ms: 25 };

export const restaurantRows = (result: RestaurantResult, config: RestaurantConfig): FigureRow[] => commandLoadRows(result, config, LABELS);
const table = (report: RestaurantReport): Table => commandLoadTable(report.figures, LABELS);
const restaurantNotes = (report: RestaurantReport): string[] => commandLoadNotes(report.result, LABELS, 'Orders placed');

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

- **Server**: the real server in the bench process, as for the pushes (\`startServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: <temp>, JWT_SECRET, SIGNUP_RATE_LIMIT_PER_IP: '1000', LOGIN_RATE_LIMIT_PER_IP: '1000', LOG_LEVEL: 'silent' }), pino({ level: 'silent' }))\`): embedded SQLite with its durable default settings, and every projection running in the same process — on its worker thread, as \`npm start\` runs them (\`PROJECTION_THREAD=true\`, the default). A \`RESTAURANT\` tenant is signed up over HTTP, its owner logged in, and three catalog items created with \`POST /api/catalog/items\` (\`{ name, priceMinor, taxRateBps, station }\`, stations \`kitchen\`, \`cold\`, \`bar\`).
- **Load**: \`POST /api/restaurant/orders\` with the owner's bearer token and the body \`{ table: '5', items: [{ itemId, quantity: 2 } × 3] }\`, no Idempotency-Key, so every request places a new order with a server-made id. The load comes from autocannon 9 (CLI, \`node node_modules/autocannon/autocannon.js --connections ${config.connections} --duration ${config.seconds} --method POST --headers … --body … --json\`) **spawned as a child process**, so the load generator never shares the server's event loop (it does share the machine's cores). Closed loop: ${config.connections} keep-alive connections, each sending its next request as soon as the previous answer arrives, for ${config.seconds} s per run.
- **Bare Express baseline**: in the same process and the same run, an Express 5 app with no middleware but \`express.json()\` and one POST route answering \`res.status(201).json(<a real PlaceOrder answer taken at setup: { orderId, status: 'PENDING', totalMinor, paidMinor, revision, position }>)\`, loaded the same way (same body, no token, ${config.connections} connections, ${config.seconds} s). Each run loads the bare route first, then PlaceOrder. One ${config.warmupSeconds} s warm-up of each is not counted.
- **Figures**: orders/s = 201 answers ÷ autocannon's run duration; p50/p99 are autocannon's latency percentiles (request sent → answer received, per request); ratio = PlaceOrder orders/s ÷ bare req/s of the same run, median over runs. Errors = answers other than 201 + socket errors + timeouts (10 s), summed over the runs. The store grows through the runs (every run adds its orders).
`;
}

export function restaurantSection(report: RestaurantReport): Section {
  return { key: 'restaurant', title: 'restaurant orders', figures: report.figures, text: restaurantText(report), markdown: restaurantMarkdown(report), method: restaurantMethod(report.config) };
}
