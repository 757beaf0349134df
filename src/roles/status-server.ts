import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics/metrics';

export interface StatusServerOptions {
  port: number;
  host: string;
  metrics: Metrics;
  /** The body of /ready and whether the process can do its work (503 when not). */
  ready(): Promise<{ ok: boolean; body: Record<string, unknown> }>;
  log: Logger;
}

export interface StatusServer {
  port: number;
  close(): Promise<void>;
}

const json = (res: import('node:http').ServerResponse, status: number, body: unknown, type = 'application/json') => {
  res.writeHead(status, { 'content-type': type });
  res.end(JSON.stringify(body));
};

/**
 * The HTTP face of a process that serves no API (projector, worker): `/health`, `/ready` and
 * `/metrics`, for the orchestrator's health checks and Prometheus. Nothing else.
 */
export async function startStatusServer(options: StatusServerOptions): Promise<StatusServer> {
  const { metrics, log } = options;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') return json(res, 405, { status: 405, title: 'Method not allowed', code: 'METHOD_NOT_ALLOWED' }, 'application/problem+json');
    if (path === '/health') return json(res, 200, { status: 'ok' });
    if (path === '/ready') {
      options.ready().then(
        ({ ok, body }) => json(res, ok ? 200 : 503, body),
        (error: unknown) => json(res, 503, { status: 'unavailable', error: (error as Error).message }),
      );
      return;
    }
    if (path === '/metrics') {
      metrics.scrape().then(
        (text) => {
          res.writeHead(200, { 'content-type': metrics.contentType });
          res.end(text);
        },
        (error: unknown) => json(res, 500, { status: 500, title: 'Metrics failed', code: 'METRICS_FAILED', detail: (error as Error).message }, 'application/problem+json'),
      );
      return;
    }
    json(res, 404, { status: 404, title: 'Not found', code: 'ROUTE_NOT_FOUND', detail: `No route for ${req.method} ${path}` }, 'application/problem+json');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  log.info({ port }, 'listening');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
