import { Router } from 'express';
import type { ApiDeps } from '../deps';

export function healthRoutes(deps: ApiDeps): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/ready', async (_req, res) => {
    try {
      await deps.store.ping();
      res.json({ status: 'ready', eventStore: { ok: true, headPosition: (await deps.store.headPosition()).toString() } });
    } catch (error) {
      res.status(503).json({ status: 'unavailable', eventStore: { ok: false, error: (error as Error).message } });
    }
  });
  return router;
}
