import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import cors from 'cors';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** Headers a browser client may send and read across origins (API-EXTENSIONS.md "Headers"). */
const ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Terminal-Id', 'X-Correlation-Id'];
const EXPOSED_HEADERS = ['Retry-After', 'X-Projection-Position', 'Content-Disposition', 'Location'];

/**
 * The hashes of the inline scripts of the pages we serve, so the Content-Security-Policy can
 * allow exactly those and no other inline script (an injected one included).
 */
export function inlineScriptHashes(htmlFiles: readonly string[]): string[] {
  const hashes = new Set<string>();
  for (const file of htmlFiles) {
    let html: string;
    try {
      html = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const match of html.matchAll(/<script>([\s\S]*?)<\/script>/g)) {
      hashes.add(`'sha256-${createHash('sha256').update(match[1]!).digest('base64')}'`);
    }
  }
  return [...hashes];
}

/**
 * helmet's headers (CSP, nosniff, frame and referrer policies, HSTS …) on every answer, and CORS
 * for the configured origins only: an origin not listed gets no Access-Control-Allow-Origin, so a
 * browser keeps its pages from reading our answers.
 */
export function securityHeaders(options: { corsOrigins: readonly string[]; inlineScriptHashes?: readonly string[] }): RequestHandler[] {
  const scripts = ["'self'", ...(options.inlineScriptHashes ?? [])];
  return [
    // No upgrade-insecure-requests: a kitchen display on the shop's LAN loads its page over plain HTTP.
    fixed(helmet({ contentSecurityPolicy: { directives: { scriptSrc: scripts, upgradeInsecureRequests: null } } })),
    cors({
      origin: options.corsOrigins.length > 0 ? [...options.corsOrigins] : false,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ALLOWED_HEADERS,
      exposedHeaders: EXPOSED_HEADERS,
      maxAge: 600,
    }),
  ];
}

/**
 * A middleware that sets the same headers on every answer, run once at start-up against a
 * stand-in response, then replayed as one loop of setHeader: helmet's dozen nested middlewares
 * cost more per request than the headers themselves.
 */
export function fixed(middleware: RequestHandler): RequestHandler {
  const headers: [string, string | number | readonly string[]][] = [];
  const removed: string[] = [];
  const probe = {
    setHeader: (name: string, value: string | number | readonly string[]) => void headers.push([name, value]),
    removeHeader: (name: string) => void removed.push(name),
    getHeader: () => undefined,
  };
  let called = false;
  middleware({ method: 'GET', headers: {}, secure: false } as never, probe as never, () => void (called = true));
  if (!called) throw new Error('the header middleware did not answer synchronously');
  return (_req, res, next) => {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}
