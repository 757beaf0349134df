import type { AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import { fixed } from '../../src/api/security-headers';

async function headersOf(middleware: RequestHandler): Promise<Record<string, string>> {
  const app = express();
  app.disable('x-powered-by');
  app.use(middleware);
  app.get('/', (_req, res) => void res.json({ ok: true }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const headers = Object.fromEntries(res.headers);
    for (const varying of ['date', 'content-length', 'connection', 'keep-alive', 'etag']) delete headers[varying];
    return headers;
  } finally {
    server.close();
  }
}

describe('headers computed once', () => {
  it('are exactly the headers helmet sets on each request', async () => {
    const options = { contentSecurityPolicy: { directives: { scriptSrc: ["'self'", "'sha256-abc'"] } } };
    const live = await headersOf(helmet(options));
    expect(Object.keys(live).length).toBeGreaterThan(8);
    expect(await headersOf(fixed(helmet(options)))).toEqual(live);
  });
});
