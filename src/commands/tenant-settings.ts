import type { CashierLimits } from '../domain/retail/sale-messages';
import type { Role } from '../domain/tenant/role';
import { tenantDecider } from '../domain/tenant/tenant';
import type { TenantCommand, TenantState } from '../domain/tenant/tenant-messages';
import type { EventStore } from '../eventstore/types';
import type { CommandContext } from './command-context';
import { handleCommand } from './handle-command';
import { loadState } from './load-state';
import { streams } from './streams';

/** The tenant's settings live in the tenant stream; the owner changes them (the decider says who may). */
type SettingsContext = CommandContext & { actor: { userId: string; role: Role } };

const setBy = (ctx: SettingsContext) => ({ userId: ctx.actor.userId, role: ctx.actor.role });
const change = (store: EventStore, ctx: SettingsContext, command: TenantCommand) => handleCommand(store, tenantDecider, streams.tenant(ctx.tenantId), command, ctx);
const settings = (store: EventStore, tenantId: string): Promise<TenantState> => loadState(store, tenantDecider, streams.tenant(tenantId));

/** The owner's limits above which a cashier needs a manager's approval. */
export function setCashierLimits(store: EventStore, ctx: SettingsContext, limits: CashierLimits) {
  return change(store, ctx, { type: 'SetCashierLimits', data: { ...limits, setBy: setBy(ctx) } });
}

export async function cashierLimits(store: EventStore, tenantId: string): Promise<CashierLimits> {
  return (await settings(store, tenantId)).cashierLimits;
}

/** When the tenant's business day ends (HH:MM local): the day closes then and the next begins. */
export function setDayCloseTime(store: EventStore, ctx: SettingsContext, closeTime: string) {
  return change(store, ctx, { type: 'SetDayCloseTime', data: { closeTime, setBy: setBy(ctx) } });
}

export async function dayCloseTime(store: EventStore, tenantId: string): Promise<string> {
  return (await settings(store, tenantId)).dayCloseTime;
}
