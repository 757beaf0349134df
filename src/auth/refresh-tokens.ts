import { hash, randomBytes } from 'node:crypto';

/**
 * A refresh token is `{tenantId}.{sessionId}.{secret}`: the first two say which session stream
 * to load, the random secret proves possession. Only its SHA-256 is ever stored.
 */
export interface RefreshToken {
  tenantId: string;
  sessionId: string;
  token: string;
  hash: string;
}

const PART = /^[A-Za-z0-9_-]{1,64}$/;

export function hashRefreshToken(token: string): string {
  return hash('sha256', token, 'hex');
}

export function newRefreshToken(tenantId: string, sessionId: string): RefreshToken {
  const token = `${tenantId}.${sessionId}.${randomBytes(32).toString('base64url')}`;
  return { tenantId, sessionId, token, hash: hashRefreshToken(token) };
}

export function parseRefreshToken(token: string): RefreshToken | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => PART.test(p))) return undefined;
  return { tenantId: parts[0]!, sessionId: parts[1]!, token, hash: hashRefreshToken(token) };
}
