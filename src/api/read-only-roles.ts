import type { RequestHandler } from 'express';
import type { AccessTokens } from '../auth/access-tokens';
import type { Role } from '../domain/tenant/role';
import { HttpProblem } from './problem';

/** Roles that read everything of their tenant and change nothing (API.md: auditors). */
export const READ_ONLY_ROLES: readonly Role[] = ['auditor'];

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses every write by a read-only role before any route sees it (so before validation and
 * before anything is looked up), whatever the route — one added later included. The deciders
 * refuse such actors too; this makes the answer one and the same: 403 READ_ONLY_ROLE.
 * `exceptPaths` (relative to where it is mounted) are the routes about the caller's own sign-in (refresh, logout) or none at all
 * (sign-up): a client that sends its token everywhere must still be able to end its session.
 */
export function refuseReadOnlyWrites(tokens: AccessTokens, options: { exceptPaths: readonly string[] }): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method) || options.exceptPaths.some((p) => req.path === p || req.path.startsWith(`${p}/`))) return next();
    const match = /^Bearer ([^\s]+)$/i.exec(req.get('authorization') ?? '');
    const claims = match ? tokens.verify(match[1]!) : undefined;
    if (claims && READ_ONLY_ROLES.includes(claims.role)) {
      return next(new HttpProblem({ status: 403, title: 'Forbidden', code: 'READ_ONLY_ROLE', detail: `An ${claims.role} reads and changes nothing` }));
    }
    next();
  };
}
