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

/**
 * Short-lived HS256 access tokens. Verification pins the algorithm, issuer and audience, so
 * `alg: none` or tokens signed for something else are refused.
 */
export function createAccessTokens(options: { secret: string; ttlSeconds: number }) {
  // A KeyObject made once: given a string, jsonwebtoken tries to parse it as a public key on every
  // verify and fails over to a secret key — an exception per request.
  const key = createSecretKey(Buffer.from(options.secret, 'utf8'));
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
    /** Returns the claims, or undefined for any token that is not ours, not valid or expired. */
    verify(token: string): AccessClaims | undefined {
      try {
        const payload = jwt.verify(token, key, { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE });
        if (typeof payload !== 'object' || typeof payload.sub !== 'string') return undefined;
        const { tid, role, sid } = payload as { tid?: unknown; role?: unknown; sid?: unknown };
        if (typeof tid !== 'string' || typeof sid !== 'string' || !ROLES.includes(role as Role)) return undefined;
        return { userId: payload.sub, tenantId: tid, role: role as Role, sessionId: sid };
      } catch {
        return undefined;
      }
    },
  };
}

export type AccessTokens = ReturnType<typeof createAccessTokens>;
