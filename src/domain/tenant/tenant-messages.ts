import type { Message } from '../decider';
import type { CashierLimits } from '../retail/sale-messages';
import type { Role } from './role';

export type BusinessType = 'RESTAURANT' | 'RETAIL';

export interface TenantProfile {
  tenantId: string;
  name: string;
  subdomain: string;
  businessType: BusinessType;
  currency: string;
  timezone: string;
  taxInclusive: boolean;
}

export interface StaffMember {
  userId: string;
  email: string;
  name: string;
  role: Role;
  /** argon2id hash; the plain password never reaches the domain. */
  passwordHash: string;
}

export type TenantCommand =
  | Message<'RegisterTenant', TenantProfile & { owner: Omit<StaffMember, 'role'> }>
  | Message<'AddStaffMember', StaffMember & { grantedBy: Role }>
  | Message<'SetCashierLimits', CashierLimits & { setBy: { userId: string; role: Role } }>
  | Message<'SetDayCloseTime', { closeTime: string; setBy: { userId: string; role: Role } }>;

export type TenantEvent =
  | Message<'TenantRegistered', TenantProfile>
  | Message<'StaffMemberAdded', StaffMember>
  | Message<'CashierLimitsSet', CashierLimits & { setBy: { userId: string; role: Role } }>
  | Message<'DayCloseTimeSet', { closeTime: string; setBy: { userId: string; role: Role } }>;

export interface TenantState {
  profile?: TenantProfile;
  /** By normalised (lower-case) email. */
  staff: Record<string, StaffMember>;
  /** Retail: above these a cashier needs a manager's approval; none until the owner sets them. */
  cashierLimits: CashierLimits;
  /** HH:MM local: when one business day ends and the next begins (and the day is closed). */
  dayCloseTime: string;
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();
