import express from 'express';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expressBornRequests } from '../../src/api/express-born-requests';
import { sameHiddenClass } from '../helpers/hidden-class';

describe('requests born on the Express app’s prototypes', () => {
  let server: Server;
  let url: string;
  let arrived: { req: object; res: object }[];
  let held: { req: express.Request; res: express.Response }[];
  const app = express();
  app.use(express.json());
  app.post('/echo', (req, res) => {
    held.push({ req, res });
    // Two requests are held until both have gone through the middleware, then answered.
    if (held.length < 2) return;
    for (const h of held) h.res.status(201).json({ got: h.req.body });
  });

  beforeEach(async () => {
    arrived = [];
    held = [];
    const born = expressBornRequests();
    server = createServer(born.options, app);
    server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => arrived.push({ req: Object.getPrototypeOf(req), res: Object.getPrototypeOf(res) }));
    born.adopt(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/echo`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const post = (body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('are on app.request and app.response before Express sees them, and are served as usual', async () => {
    const answers = await Promise.all([post({ n: 1 }), post({ n: 2 })]);
    expect(answers.map((a) => a.status)).toEqual([201, 201]);
    expect((await Promise.all(answers.map((a) => a.json() as Promise<{ got: { n: number } }>))).map((b) => b.got.n).sort()).toEqual([1, 2]);
    expect(arrived).toHaveLength(2);
    for (const { req, res } of arrived) {
      expect(req).toBe(app.request);
      expect(res).toBe(app.response);
    }
  });

  it('share one hidden class per kind once through the middleware, so property caches hold', async () => {
    await Promise.all([post({ n: 1 }), post({ n: 2 })]);
    const [a, b] = held;
    expect(sameHiddenClass(a!.req, b!.req)).toBe(true);
    expect(sameHiddenClass(a!.res, b!.res)).toBe(true);
  });
});
