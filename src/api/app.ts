import { join } from 'node:path';
import express from 'express';
import { pinoHttp } from 'pino-http';
import { jsonBody } from './json-body';
import { limitBodyDepth } from './body-depth';
import type { ApiDeps } from './deps';
import { errorHandler } from './error-handler';
import { httpMetrics } from '../metrics/http-metrics';
import { HttpProblem } from './problem';
import { refuseReadOnlyWrites } from './read-only-roles';
import { inlineScriptHashes, securityHeaders } from './security-headers';
import { auditRoutes } from './routes/audit';
import { authRoutes } from './routes/auth';
import { catalogRoutes } from './routes/catalog';
import { exportRoutes } from './routes/exports';
import { restaurantRoutes } from './routes/restaurant';
import { reportRoutes } from './routes/reports';
import { retailRoutes } from './routes/retail';
import { healthRoutes } from './routes/health';
import { staffRoutes } from './routes/staff';
import { tenantRoutes } from './routes/tenants';

export const BODY_LIMIT_BYTES = 256 * 1024;
const WEB_DIR = join(__dirname, '..', '..', 'web');

/** The Express application: routers per area, problem+json for every error. */
export function createApp(deps: ApiDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // API answers are computed per request: hashing each body for an ETag costs and never pays off
  // (static files under web/ keep theirs, from express.static).
  app.set('etag', false);
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(securityHeaders({ corsOrigins: deps.corsOrigins ?? [], inlineScriptHashes: inlineScriptHashes([join(WEB_DIR, 'kds', 'index.html')]) }));
  // First after the headers: GET /metrics, and every other request timed from its start.
  if (deps.metrics) app.use(httpMetrics(deps.metrics));
  // One log line per request; none at all when logging is off (LOG_LEVEL=silent).
  if (deps.log.level !== 'silent') {
    app.use(
      pinoHttp({
        logger: deps.log,
        redact: ['req.headers.authorization', 'req.headers.cookie'],
        customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
      }),
    );
  }
  // Auditors change nothing, through any route (sign-in and sign-up act in no tenant's name;
  // an export job only reads); refused before the body is even read.
  app.use('/api', refuseReadOnlyWrites(deps.accessTokens, { exceptPaths: ['/auth', '/tenants', '/exports/jobs'] }));
  app.use(jsonBody(BODY_LIMIT_BYTES), limitBodyDepth());
  // Mounted on its two paths only: a router mounted on / is entered by every request, and one it
  // does not answer leaves it on a later turn of the event loop (the router's setImmediate).
  app.get(['/health', '/ready'], healthRoutes(deps));
  app.use('/api/tenants', tenantRoutes(deps));
  app.use('/api/auth', authRoutes(deps));
  app.use('/api/staff', staffRoutes(deps));
  app.use('/api/catalog', catalogRoutes(deps));
  app.use('/api/restaurant', restaurantRoutes(deps));
  app.use('/api/retail', retailRoutes(deps));
  app.use('/api/reports', reportRoutes(deps));
  app.use('/api/audit', auditRoutes(deps));
  app.use('/api/exports', exportRoutes(deps));
  // The kitchen display: static files only, talking to the API like any other client.
  app.use(express.static(WEB_DIR, { index: 'index.html', fallthrough: true }));
  app.use((req, _res, next) => next(new HttpProblem({ status: 404, title: 'Not found', code: 'ROUTE_NOT_FOUND', detail: `No route for ${req.method} ${req.path}` })));
  app.use(errorHandler(deps.log));
  return app;
}
