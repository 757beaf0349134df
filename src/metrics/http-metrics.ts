import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Metrics } from './metrics';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** `/api/tenants` for the `/` route of the router mounted there. */
const routeOf = (base: string, path: string): string => (base !== '' && path === '/' ? base : base + path);

const outcomeOf = (status: number): string => (status < 400 ? 'accepted' : status < 500 ? 'rejected' : 'failed');

/**
 * Express middleware: answers `GET /metrics` (Prometheus text) and times every other request
 * into the latency histogram, labelled by route template (`/api/restaurant/orders/:orderId`,
 * never the raw path, so the label set stays small); writes under /api also count as commands.
 * It runs on every request, so it only takes a timestamp and adds one listener.
 */
export function httpMetrics(metrics: Metrics): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET' && req.path === '/metrics') {
      metrics.scrape().then(
        (text) => res.set('content-type', metrics.contentType).send(text),
        (error: unknown) => next(error),
      );
      return;
    }
    const started = process.hrtime.bigint();
    // The route template is taken when the router matches a route: req.baseUrl is then its
    // router's mount path, which Express puts back by the time an error has been answered.
    let route = 'unmatched';
    let matched: unknown;
    Object.defineProperty(req, 'route', {
      configurable: true,
      enumerable: true,
      get: () => matched,
      set(value: { path?: unknown } | undefined) {
        matched = value;
        if (value?.path !== undefined) route = routeOf(req.baseUrl, String(value.path));
      },
    });
    res.once('finish', () => {
      const status = res.statusCode;
      metrics.httpDuration.observe({ method: req.method, route, status: `${Math.floor(status / 100)}xx` }, Number(process.hrtime.bigint() - started) / 1e9);
      if (WRITES.has(req.method) && route.startsWith('/api/')) metrics.commands.inc({ command: `${req.method} ${route}`, outcome: outcomeOf(status) });
    });
    next();
  };
}
