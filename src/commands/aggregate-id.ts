import { hash } from 'node:crypto';

/**
 * The id of an aggregate a keyed request creates when the client sent no id of its own: derived
 * from the Idempotency-Key (per tenant), so a retried request lands on the same stream and is
 * recognised there. Only a request that cannot be retried gets a fresh server-made id.
 */
export function aggregateIdForKey(prefix: string, tenantId: string, key: string): string {
  return `${prefix}_${hash('sha256', `${tenantId}\n${key}`, 'base64url').slice(0, 26)}`;
}
