import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Metrics } from './metrics';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** `/api/tenants` for the `/` route of the router mounted there. */
const routeOf = (base: string, path: string): string => (base !== '' && path === '/' ? base : base + path);

const outcomeOf = (status: number): string => (status < 400 ? 'accepted' : status < 500 ? 'rejected' : 'failed');

const MATCHED = Symbol('matched route');
const LABEL = Symbol('route label');
type Labelled = Request & { [MATCHED]?: unknown; [LABEL]?: string };

/** Request prototypes (an Express app's `app.request`) that already record the route label. */
const labelling = new WeakSet<object>();

/**
 * Makes `req.route` on requests of this prototype an accessor that also records the route
 * template when the router sets it: `req.baseUrl` is then its router's mount path, which
 * Express puts back by the time an error has been answered. On the prototype, once, rather
 * than on each request: a property defined on one object gives it a hidden class of its own,
 * and every later property access on the request would miss its inline cache (docs/DECISIONS.md,
 * "One hidden class per kind of object on the request path").
 */
function recordRouteLabels(proto: object): void {
  if (labelling.has(proto)) return;
  labelling.add(proto);
  Object.defineProperty(proto, 'route', {
    configurable: true,
    enumerable: true,
    get(this: Labelled) {
      return this[MATCHED];
    },
    set(this: Labelled, value: { path?: unknown } | undefined) {
      this[MATCHED] = value;
      if (value?.path !== undefined) this[LABEL] = routeOf(this.baseUrl, String(value.path));
    },
  });
}

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
    const started = performance.now();
    recordRouteLabels(Object.getPrototypeOf(req) as object);
    res.once('finish', () => {
      const status = res.statusCode;
      const route = (req as Labelled)[LABEL] ?? 'unmatched';
      metrics.httpDuration.observe({ method: req.method, route, status: `${Math.floor(status / 100)}xx` }, (performance.now() - started) / 1000);
      if (WRITES.has(req.method) && route.startsWith('/api/')) metrics.commands.inc({ command: `${req.method} ${route}`, outcome: outcomeOf(status) });
    });
    next();
  };
}
