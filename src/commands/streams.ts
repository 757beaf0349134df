import { streamName, SYSTEM_PREFIX } from '../eventstore/stream-name';

/** Where each aggregate lives in the event store. */
export const streams = {
  subdomain: (subdomain: string) => `${SYSTEM_PREFIX}.subdomain-${subdomain}`,
  tenant: (tenantId: string) => streamName(tenantId, 'tenant', tenantId),
  session: (tenantId: string, sessionId: string) => streamName(tenantId, 'session', sessionId),
};
