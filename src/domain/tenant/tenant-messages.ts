import type { Message } from '../decider';
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
  | Message<'AddStaffMember', StaffMember & { grantedBy: Role }>;

export type TenantEvent = Message<'TenantRegistered', TenantProfile> | Message<'StaffMemberAdded', StaffMember>;

export interface TenantState {
  profile?: TenantProfile;
  /** By normalised (lower-case) email. */
  staff: Record<string, StaffMember>;
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();
