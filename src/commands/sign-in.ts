import type { AccessTokens } from '../auth/access-tokens';
import { verifyPassword } from '../auth/passwords';
import { newRefreshToken, parseRefreshToken } from '../auth/refresh-tokens';
import { DomainError } from '../domain/errors';
import { newSessionId } from '../domain/ids';
import { subdomainDecider } from '../domain/registry/subdomain-registry';
import { sessionDecider } from '../domain/session/session';
import { tenantDecider } from '../domain/tenant/tenant';
import { normaliseEmail } from '../domain/tenant/tenant-messages';
import type { EventStore } from '../eventstore/types';
import type { Actor } from './command-context';
import { handleCommand } from './handle-command';
import { loadState } from './load-state';
import { streams } from './streams';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export interface SignInDeps {
  store: EventStore;
  accessTokens: AccessTokens;
  refreshTtlMs: number;
}

/** One answer for every failed sign-in, so nobody can learn which emails exist. */
const badCredentials = () => new DomainError('INVALID_CREDENTIALS', 'Wrong subdomain, email or password', 'unauthorized');
const badRefresh = (code = 'INVALID_REFRESH_TOKEN') => new DomainError(code, 'The refresh token is not valid', 'unauthorized');

export async function login(deps: SignInDeps, input: { subdomain: string; email: string; password: string }): Promise<TokenPair> {
  const { tenantId } = await loadState(deps.store, subdomainDecider, streams.subdomain(input.subdomain));
  const tenant = tenantId ? await loadState(deps.store, tenantDecider, streams.tenant(tenantId)) : undefined;
  const member = tenant?.staff[normaliseEmail(input.email)];
  if (!(await verifyPassword(member?.passwordHash, input.password)) || !member || !tenantId) throw badCredentials();

  const sessionId = newSessionId();
  const refresh = newRefreshToken(tenantId, sessionId);
  const actor: Actor = { userId: member.userId, role: member.role };
  await handleCommand(
    deps.store,
    sessionDecider,
    streams.session(tenantId, sessionId),
    { type: 'StartSession', data: { sessionId, userId: member.userId, role: member.role, tokenHash: refresh.hash, expiresAt: new Date(Date.now() + deps.refreshTtlMs).toISOString() } },
    { tenantId, actor },
  );
  return {
    accessToken: deps.accessTokens.sign({ userId: member.userId, tenantId, role: member.role, sessionId }),
    refreshToken: refresh.token,
    expiresIn: deps.accessTokens.ttlSeconds,
  };
}

/**
 * Spends the presented refresh token and issues the next pair. A spent token presented again
 * revokes the session (recorded as an event) and is refused. The role comes from the tenant's
 * current staff list, so a changed role takes effect at the next refresh.
 */
export async function refresh(deps: SignInDeps, presented: string): Promise<TokenPair> {
  const parsed = parseRefreshToken(presented);
  if (!parsed) throw badRefresh();
  const next = newRefreshToken(parsed.tenantId, parsed.sessionId);
  const now = new Date();
  const result = await handleCommand(
    deps.store,
    sessionDecider,
    streams.session(parsed.tenantId, parsed.sessionId),
    { type: 'RotateRefreshToken', data: { presentedHash: parsed.hash, nextHash: next.hash, now: now.toISOString(), expiresAt: new Date(now.getTime() + deps.refreshTtlMs).toISOString() } },
    { tenantId: parsed.tenantId, actor: { userId: 'anonymous', role: 'anonymous' } },
  );
  if (result.events.some((e) => e.type === 'SessionRevoked')) throw badRefresh('REFRESH_TOKEN_REUSED');
  const tenant = await loadState(deps.store, tenantDecider, streams.tenant(parsed.tenantId));
  const member = Object.values(tenant.staff).find((m) => m.userId === result.state.userId);
  if (!member) throw badRefresh();
  return {
    accessToken: deps.accessTokens.sign({ userId: member.userId, tenantId: parsed.tenantId, role: member.role, sessionId: parsed.sessionId }),
    refreshToken: next.token,
    expiresIn: deps.accessTokens.ttlSeconds,
  };
}

/** Ends the session the refresh token belongs to; it must be the caller's own tenant. */
export async function logout(deps: SignInDeps, actor: Actor & { tenantId: string }, presented: string): Promise<void> {
  const parsed = parseRefreshToken(presented);
  if (!parsed || parsed.tenantId !== actor.tenantId) throw badRefresh();
  await handleCommand(
    deps.store,
    sessionDecider,
    streams.session(parsed.tenantId, parsed.sessionId),
    { type: 'EndSession', data: { presentedHash: parsed.hash } },
    { tenantId: actor.tenantId, actor: { userId: actor.userId, role: actor.role } },
  );
}
