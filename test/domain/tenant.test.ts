import { tenantDecider } from '../../src/domain/tenant/tenant';
import type { TenantEvent, TenantProfile } from '../../src/domain/tenant/tenant-messages';
import { specFor } from './given';

const given = specFor(tenantDecider);
const profile: TenantProfile = {
  tenantId: 't_1',
  name: 'Phở 24',
  subdomain: 'pho24',
  businessType: 'RESTAURANT',
  currency: 'VND',
  timezone: 'Asia/Ho_Chi_Minh',
  taxInclusive: true,
};
const owner = { userId: 'u_1', email: 'An@Example.com', name: 'An', passwordHash: 'h1' };
const registered: TenantEvent[] = [
  { type: 'TenantRegistered', data: profile },
  { type: 'StaffMemberAdded', data: { ...owner, email: 'an@example.com', role: 'owner' } },
];
const cashier = { userId: 'u_2', email: 'binh@example.com', name: 'Bình', role: 'cashier' as const, passwordHash: 'h2' };

describe('Tenant', () => {
  it('registering a tenant records it and its owner, email normalised', () =>
    given([]).when({ type: 'RegisterTenant', data: { ...profile, owner } }).then(registered));

  it('a tenant registers once', () => given(registered).when({ type: 'RegisterTenant', data: { ...profile, owner } }).thenThrows('TENANT_EXISTS'));

  it('refuses a currency that is not ISO 4217', () =>
    given([]).when({ type: 'RegisterTenant', data: { ...profile, currency: 'XYZ', owner } }).thenThrows('INVALID_CURRENCY'));

  it('refuses an unknown time zone', () =>
    given([]).when({ type: 'RegisterTenant', data: { ...profile, timezone: 'Mars/Olympus', owner } }).thenThrows('INVALID_TIMEZONE'));

  it('a manager adds a cashier', () =>
    given(registered).when({ type: 'AddStaffMember', data: { ...cashier, grantedBy: 'manager' } }).then([{ type: 'StaffMemberAdded', data: cashier }]));

  it('an email is used once per tenant, whatever its case', () =>
    given(registered)
      .when({ type: 'AddStaffMember', data: { ...cashier, email: ' AN@example.com', grantedBy: 'owner' } })
      .thenThrows('EMAIL_TAKEN'));

  it('only an owner makes managers', () =>
    given(registered).when({ type: 'AddStaffMember', data: { ...cashier, role: 'manager', grantedBy: 'manager' } }).thenThrows('ROLE_NOT_GRANTABLE'));

  it('staff join a registered tenant only', () =>
    given([]).when({ type: 'AddStaffMember', data: { ...cashier, grantedBy: 'owner' } }).thenThrows('TENANT_NOT_FOUND'));
});
