import { Router } from 'express';
import type { ApiDeps } from '../deps';

/**
 * /health: the process is alive. /ready: 503 when the event store or the read store does not
 * answer; 200 otherwise, `degraded` when a projection has stopped on an event it cannot apply
 * (its reads go stale; writes still work), with each projection's checkpoint and lag.
 */
export function healthRoutes(deps: ApiDeps): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/ready', async (_req, res) => {
    try {
      await Promise.all([deps.store.ping(), deps.readStore.ping()]);
    } catch (error) {
      res.status(503).json({ status: 'unavailable', error: (error as Error).message });
      return;
    }
    const projections = await deps.projections.status();
    res.json({
      status: projections.some((p) => p.state === 'failed') ? 'degraded' : 'ready',
      eventStore: { ok: true, headPosition: (await deps.store.headPosition()).toString() },
      readStore: { ok: true },
      projections,
      jobs: deps.jobs?.status() ?? [],
    });
  });
  return router;
}
