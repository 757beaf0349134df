import { Router } from 'express';
import { z } from 'zod';
import { login, logout, refresh, type SignInDeps } from '../../commands/sign-in';
import { authenticate, claimsOf } from '../authenticate';
import type { ApiDeps } from '../deps';
import { clientIp, enforceRateLimit } from '../rate-limit';
import { email, subdomain } from '../schemas';
import { parse } from '../validate';

const credentials = z.object({ subdomain, email, password: z.string().min(1).max(128) });
const refreshBody = z.object({ refreshToken: z.string().min(1).max(512) });

export function authRoutes(deps: ApiDeps): Router {
  const router = Router();
  const signIn: SignInDeps = { store: deps.store, accessTokens: deps.accessTokens, refreshTtlMs: deps.refreshTtlMs };
  const { windowMs } = deps.rateLimits;

  router.post('/login', async (req, res) => {
    await enforceRateLimit(deps.rateLimiter, `login-ip:${clientIp(req)}`, deps.rateLimits.loginPerIp, windowMs);
    const body = parse(credentials, req.body);
    await enforceRateLimit(deps.rateLimiter, `login-account:${body.subdomain}:${body.email}`, deps.rateLimits.loginPerAccount, windowMs);
    res.json(await login(signIn, body));
  });

  router.post('/refresh', async (req, res) => {
    res.json(await refresh(signIn, parse(refreshBody, req.body).refreshToken));
  });

  router.post('/logout', authenticate(deps.accessTokens), async (req, res) => {
    const claims = claimsOf(req);
    await logout(signIn, { tenantId: claims.tenantId, userId: claims.userId, role: claims.role }, parse(refreshBody, req.body).refreshToken);
    res.status(204).end();
  });
  return router;
}
