import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Role } from '../domain/tenant/role';
import { ROLES } from '../domain/tenant/role';

export interface AccessClaims {
  userId: string;
  tenantId: string;
  role: Role;
  sessionId: string;
}

const ISSUER = 'pos-backend';
const AUDIENCE = 'pos-api';
/** Verified tokens remembered (a terminal sends the same token for its whole 15 minutes). */
const MAX_REMEMBERED = 10_000;

/**
 * Short-lived HS256 access tokens. Verification pins the algorithm, issuer and audience, so
 * `alg: none` or tokens signed for something else are refused.
 */
export function createAccessTokens(options: { secret: string; ttlSeconds: number }) {
  // A KeyObject made once: given a string, jsonwebtoken tries to parse it as a public key on every
  // verify and fails over to a secret key — an exception per request.
  const key = createSecretKey(Buffer.from(options.secret, 'utf8'));
  const remembered = new Map<string, { claims: AccessClaims; expiresAt: number }>();
  return {
    ttlSeconds: options.ttlSeconds,
    sign(claims: AccessClaims): string {
      return jwt.sign({ tid: claims.tenantId, role: claims.role, sid: claims.sessionId }, key, {
        algorithm: 'HS256',
        subject: claims.userId,
        expiresIn: options.ttlSeconds,
        issuer: ISSUER,
        audience: AUDIENCE,
      });
    },
    /**
     * Returns the claims, or undefined for any token that is not ours, not valid or expired. A
     * token verified once is remembered until it expires, so its signature is checked once, not
     * on every request; an expired one is forgotten and refused.
     */
    verify(token: string): AccessClaims | undefined {
      const known = remembered.get(token);
      if (known) {
        if (known.expiresAt > Date.now()) return known.claims;
        remembered.delete(token);
        return undefined;
      }
      const claims = check(token);
      if (claims) {
        if (remembered.size >= MAX_REMEMBERED) remembered.delete(remembered.keys().next().value!);
        remembered.set(token, claims);
        return claims.claims;
      }
      return undefined;
    },
  };

  function check(token: string): { claims: AccessClaims; expiresAt: number } | undefined {
    try {
      const payload = jwt.verify(token, key, { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE });
      if (typeof payload !== 'object' || typeof payload.sub !== 'string') return undefined;
      const { tid, role, sid } = payload as { tid?: unknown; role?: unknown; sid?: unknown };
      if (typeof tid !== 'string' || typeof sid !== 'string' || !ROLES.includes(role as Role) || typeof payload.exp !== 'number') return undefined;
      return { claims: { userId: payload.sub, tenantId: tid, role: role as Role, sessionId: sid }, expiresAt: payload.exp * 1000 };
    } catch {
      return undefined;
    }
  }
}

export type AccessTokens = ReturnType<typeof createAccessTokens>;
