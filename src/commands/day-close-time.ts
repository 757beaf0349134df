import type { Role } from '../domain/tenant/role';
import { tenantDecider } from '../domain/tenant/tenant';
import type { EventStore } from '../eventstore/types';
import type { CommandContext } from './command-context';
import { handleCommand } from './handle-command';
import { loadState } from './load-state';
import { streams } from './streams';

/** When the tenant's business day ends (HH:MM local): the day closes then and the next begins. */
export function setDayCloseTime(store: EventStore, ctx: CommandContext & { actor: { userId: string; role: Role } }, closeTime: string) {
  return handleCommand(store, tenantDecider, streams.tenant(ctx.tenantId), { type: 'SetDayCloseTime', data: { closeTime, setBy: { userId: ctx.actor.userId, role: ctx.actor.role } } }, ctx);
}

export async function dayCloseTime(store: EventStore, tenantId: string): Promise<string> {
  return (await loadState(store, tenantDecider, streams.tenant(tenantId))).dayCloseTime;
}
