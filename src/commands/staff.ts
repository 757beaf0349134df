import { hashPassword } from '../auth/passwords';
import { newUserId } from '../domain/ids';
import type { Role } from '../domain/tenant/role';
import { tenantDecider } from '../domain/tenant/tenant';
import type { StaffMember, TenantEvent } from '../domain/tenant/tenant-messages';
import type { EventStore } from '../eventstore/types';
import type { CommandContext } from './command-context';
import { handleCommand } from './handle-command';
import { loadState } from './load-state';
import { streams } from './streams';

export async function addStaffMember(
  store: EventStore,
  ctx: CommandContext & { actor: { role: Role } },
  input: { email: string; password: string; name: string; role: Role },
) {
  const result = await handleCommand(
    store,
    tenantDecider,
    streams.tenant(ctx.tenantId),
    {
      type: 'AddStaffMember',
      data: { userId: newUserId(), email: input.email, name: input.name, role: input.role, passwordHash: await hashPassword(input.password), grantedBy: ctx.actor.role },
    },
    ctx,
  );
  const added = result.events[0] as Extract<TenantEvent, { type: 'StaffMemberAdded' }>;
  return { userId: added.data.userId, revision: result.revision, position: result.position };
}

export async function listStaff(store: EventStore, tenantId: string): Promise<Omit<StaffMember, 'passwordHash'>[]> {
  const state = await loadState(store, tenantDecider, streams.tenant(tenantId));
  return Object.values(state.staff).map(({ userId, email, name, role }) => ({ userId, email, name, role }));
}
