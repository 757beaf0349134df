import { DomainError } from '../domain/errors';
import { businessDayOf, openBusinessDay, type BusinessDay } from '../domain/reports/business-day';
import { businessDaysDecider, type BusinessDaysEvent, type Closer } from '../domain/reports/business-days';
import type { Role } from '../domain/tenant/role';
import { tenantDecider } from '../domain/tenant/tenant';
import type { TenantProfile, TenantState } from '../domain/tenant/tenant-messages';
import type { EventStore } from '../eventstore/types';
import { commandTime, type CommandContext } from './command-context';
import { handleCommand } from './handle-command';
import { loadState } from './load-state';
import { streams } from './streams';
import { withFields } from '../domain/with-fields';

type RegisteredTenant = TenantState & { profile: TenantProfile };

/** The tenant's settings, and the business day a command given at `at` counts in: its own, or the first one not yet closed. */
export async function tenantAt(store: EventStore, tenantId: string, at: string): Promise<{ tenant: RegisteredTenant; businessDay: BusinessDay }> {
  const [tenant, days] = await Promise.all([loadState(store, tenantDecider, streams.tenant(tenantId)), loadState(store, businessDaysDecider, streams.businessDays(tenantId))]);
  if (!tenant.profile) throw new DomainError('TENANT_NOT_FOUND', 'No such tenant', 'not_found');
  const businessDay = openBusinessDay(businessDayOf(new Date(at), tenant.profile.timezone, tenant.dayCloseTime), days.lastClosed);
  return { tenant: tenant as RegisteredTenant, businessDay };
}

export async function businessDayAt(store: EventStore, tenantId: string, at: string): Promise<BusinessDay> {
  return (await tenantAt(store, tenantId, at)).businessDay;
}

/**
 * The command's time and business day, fixed once so a retried attempt records the same, with the
 * tenant's settings read on the way (currency, limits, …) for the command to use.
 */
export async function withBusinessDay<C extends CommandContext>(store: EventStore, ctx: C): Promise<{ ctx: Omit<C, 'at' | 'businessDay'> & { at: string; businessDay: BusinessDay }; tenant: RegisteredTenant }> {
  const at = commandTime(ctx);
  const { tenant, businessDay } = await tenantAt(store, ctx.tenantId, at);
  return { ctx: withFields(ctx, { at, businessDay: ctx.businessDay ?? businessDay }), tenant };
}

export async function lastClosedDay(store: EventStore, tenantId: string): Promise<{ lastClosed: string | null; zCount: number }> {
  return loadState(store, businessDaysDecider, streams.businessDays(tenantId));
}

/**
 * Closes a business day (the Z report): by default the open one. Days close in order; whatever
 * is recorded after the close counts in the next day.
 */
export async function closeBusinessDay(store: EventStore, ctx: CommandContext & { actor: { userId: string; role: Role | 'system' } }, date?: string) {
  const at = commandTime(ctx);
  const openDay = (await businessDayAt(store, ctx.tenantId, at)).date;
  const closedBy: Closer = { userId: ctx.actor.userId, role: ctx.actor.role as Closer['role'] };
  const result = await handleCommand(store, businessDaysDecider, streams.businessDays(ctx.tenantId), { type: 'CloseBusinessDay', data: { date: date ?? openDay, openDay, closedBy, at } }, ctx);
  return { ...result, closed: (result.events[0] as BusinessDaysEvent | undefined)?.data };
}
