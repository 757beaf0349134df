/**
 * Streams are named tenant first, `{tenantId}.{category}-{id}` (DESIGN decision 2), so one
 * prefix filter on the global log yields one tenant's whole history.
 */
const TENANT_ID = /^[A-Za-z0-9_-]+$/;

export function streamName(tenantId: string, category: string, id: string): string {
  if (!TENANT_ID.test(tenantId)) throw new Error(`Invalid tenant id: ${tenantId}`);
  return `${tenantId}.${category}-${id}`;
}

export function tenantPrefix(tenantId: string): string {
  return `${tenantId}.`;
}

/** The tenant part of a stream name (everything before the first dot). */
export function tenantOfStream(stream: string): string {
  const dot = stream.indexOf('.');
  return dot < 0 ? '' : stream.slice(0, dot);
}

/** Streams outside every tenant (e.g. the registry of subdomains) live under this prefix. */
export const SYSTEM_PREFIX = '_system';
