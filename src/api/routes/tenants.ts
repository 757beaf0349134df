import { Router } from 'express';
import { z } from 'zod';
import { registerTenant } from '../../commands/register-tenant';
import { headerKeys, requestHash } from '../command-context';
import type { ApiDeps } from '../deps';
import { clientIp, enforceRateLimit } from '../rate-limit';
import { email, password, personName, subdomain } from '../schemas';
import { parse } from '../validate';

const signUp = z.object({
  name: z.string().trim().min(1).max(120),
  subdomain,
  businessType: z.enum(['RESTAURANT', 'RETAIL']),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD or VND'),
  timezone: z.string().min(1).max(64),
  taxInclusive: z.boolean().default(false),
  owner: z.object({ email, password, name: personName }),
});

export function tenantRoutes(deps: ApiDeps): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    await enforceRateLimit(deps.rateLimiter, `signup:${clientIp(req)}`, deps.rateLimits.signupPerIp, deps.rateLimits.windowMs);
    const body = parse(signUp, req.body);
    const result = await registerTenant(deps.store, body, { commandId: headerKeys(req).commandId, requestHash: requestHash(req) });
    res.status(201).json({ tenantId: result.tenantId, ownerId: result.ownerId, position: result.position.toString() });
  });
  return router;
}
