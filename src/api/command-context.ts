import type { Request } from 'express';
import { z } from 'zod';
import { canonicalJson } from '../commands/canonical-json';
import type { CommandContext } from '../commands/command-context';
import { sha256Hex } from '../commands/hash-chain';
import { claimsOf } from './authenticate';

const idempotencyKey = z.string().regex(/^[\x21-\x7e]{1,200}$/, 'must be 1 to 200 visible ASCII characters').optional();
const terminalId = z.string().regex(/^[\x21-\x7e]{1,100}$/, 'must be 1 to 100 visible ASCII characters').optional();

/** The fingerprint of a request: a retry under the same key must send the same method, path and body. */
export function requestHash(req: Request): string {
  return sha256Hex(`${req.method} ${req.baseUrl}${req.path}\n${canonicalJson(req.body ?? null)}`);
}

const commandHeaders = z.object({ 'idempotency-key': idempotencyKey, 'x-terminal-id': terminalId });

export function headerKeys(req: Request): { commandId?: string; terminalId?: string } {
  const headers = commandHeaders.parse({ 'idempotency-key': req.get('idempotency-key'), 'x-terminal-id': req.get('x-terminal-id') });
  return { commandId: headers['idempotency-key'], terminalId: headers['x-terminal-id'] };
}

/** Tenant and actor from the verified token, idempotency key and terminal from headers. */
export function commandContext(req: Request): CommandContext & { actor: { role: ReturnType<typeof claimsOf>['role'] }; requestHash: string } {
  const claims = claimsOf(req);
  const { commandId, terminalId } = headerKeys(req);
  return {
    tenantId: claims.tenantId,
    actor: { userId: claims.userId, role: claims.role },
    commandId,
    terminalId,
    requestHash: requestHash(req),
    correlationId: req.get('x-correlation-id') ?? undefined,
  };
}
