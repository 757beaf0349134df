import type { Request, RequestHandler } from 'express';
import type { AccessClaims, AccessTokens } from '../auth/access-tokens';
import type { Role } from '../domain/tenant/role';
import { forbidden, unauthenticated } from './problem';

const CLAIMS = Symbol('claims');
type AuthenticatedRequest = Request & { [CLAIMS]?: AccessClaims };

/** Verifies the bearer token; the tenant of every later step comes from it and nowhere else. */
export function authenticate(tokens: AccessTokens): RequestHandler {
  return (req, _res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer ([^\s]+)$/i.exec(header);
    const claims = match ? tokens.verify(match[1]!) : undefined;
    if (!claims) return next(unauthenticated(match ? 'The access token is invalid or expired' : undefined));
    (req as AuthenticatedRequest)[CLAIMS] = claims;
    next();
  };
}

export function claimsOf(req: Request): AccessClaims {
  const claims = (req as AuthenticatedRequest)[CLAIMS];
  if (!claims) throw unauthenticated();
  return claims;
}

export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    const { role } = claimsOf(req);
    next(roles.includes(role) ? undefined : forbidden(`This needs one of the roles: ${roles.join(', ')}`));
  };
}
