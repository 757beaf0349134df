import { hashPassword } from '../auth/passwords';
import { newTenantId, newUserId } from '../domain/ids';
import { subdomainDecider, type SubdomainEvent } from '../domain/registry/subdomain-registry';
import { tenantDecider } from '../domain/tenant/tenant';
import type { TenantEvent, TenantProfile } from '../domain/tenant/tenant-messages';
import type { EventStore, Position } from '../eventstore/types';
import { handleCommand } from './handle-command';
import { streams } from './streams';

export type RegisterTenantInput = Omit<TenantProfile, 'tenantId'> & { owner: { email: string; password: string; name: string } };

/**
 * Sign-up touches two streams: the subdomain's reservation (unique across tenants) and the new
 * tenant's own stream. Both run under the same command id, so a retried sign-up finds the
 * tenant id it reserved the first time and completes, or replays, the second step.
 */
export async function registerTenant(
  store: EventStore,
  input: RegisterTenantInput,
  options: { commandId?: string; requestHash: string },
): Promise<{ tenantId: string; ownerId: string; position: Position }> {
  const commandId = options.commandId ?? newTenantId();
  const actor = { userId: 'anonymous', role: 'anonymous' as const };
  const reserved = await handleCommand(
    store,
    subdomainDecider,
    streams.subdomain(input.subdomain),
    { type: 'ReserveSubdomain', data: { subdomain: input.subdomain, tenantId: newTenantId() } },
    { tenantId: '_system', actor, commandId, requestHash: options.requestHash },
  );
  const tenantId = (reserved.events[0] as SubdomainEvent).data.tenantId;
  const { owner, ...profile } = input;
  const result = await handleCommand(
    store,
    tenantDecider,
    streams.tenant(tenantId),
    {
      type: 'RegisterTenant',
      data: { ...profile, tenantId, owner: { userId: newUserId(), email: owner.email, name: owner.name, passwordHash: await hashPassword(owner.password) } },
    },
    { tenantId, actor, commandId, requestHash: options.requestHash },
  );
  const ownerAdded = result.events.find((e): e is Extract<TenantEvent, { type: 'StaffMemberAdded' }> => e.type === 'StaffMemberAdded')!;
  return { tenantId, ownerId: ownerAdded.data.userId, position: result.position };
}
