import type { CashierLimits } from '../domain/retail/sale-messages';
import type { Role } from '../domain/tenant/role';
import { tenantDecider } from '../domain/tenant/tenant';
import type { EventStore } from '../eventstore/types';
import type { CommandContext } from './command-context';
import { handleCommand } from './handle-command';
import { loadState } from './load-state';
import { streams } from './streams';

/** The owner's limits above which a cashier needs a manager's approval (recorded on the tenant). */
export function setCashierLimits(store: EventStore, ctx: CommandContext & { actor: { userId: string; role: Role } }, limits: CashierLimits) {
  return handleCommand(store, tenantDecider, streams.tenant(ctx.tenantId), { type: 'SetCashierLimits', data: { ...limits, setBy: { userId: ctx.actor.userId, role: ctx.actor.role } } }, ctx);
}

export async function cashierLimits(store: EventStore, tenantId: string): Promise<CashierLimits> {
  return (await loadState(store, tenantDecider, streams.tenant(tenantId))).cashierLimits;
}
