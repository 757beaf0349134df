import { assertNever, type Decider } from '../decider';
import { conflict, DomainError, notFound } from '../errors';
import { isCurrency } from '../money';
import { isTimeZone } from '../time-zone';
import { CLOSE_TIME_PATTERN } from '../reports/business-day';
import { mayGrant, requireRole } from './role';
import { normaliseEmail, type StaffMember, type TenantCommand, type TenantEvent, type TenantState } from './tenant-messages';

function staffAdded(state: TenantState, member: StaffMember): TenantEvent {
  if (state.staff[normaliseEmail(member.email)]) throw conflict('EMAIL_TAKEN', `${member.email} is already a member of this tenant`);
  return { type: 'StaffMemberAdded', data: { ...member, email: normaliseEmail(member.email) } };
}

export const tenantDecider: Decider<TenantState, TenantCommand, TenantEvent> = {
  initialState: () => ({ staff: {}, cashierLimits: { saleLimitMinor: null, returnLimitMinor: null }, dayCloseTime: '00:00' }),

  decide(command, state) {
    switch (command.type) {
      case 'RegisterTenant': {
        if (state.profile) throw conflict('TENANT_EXISTS', 'This tenant is already registered');
        const { owner, ...profile } = command.data;
        if (!isCurrency(profile.currency)) throw new DomainError('INVALID_CURRENCY', `${profile.currency} is not an ISO 4217 currency`);
        if (!isTimeZone(profile.timezone)) throw new DomainError('INVALID_TIMEZONE', `${profile.timezone} is not an IANA time zone`);
        return [{ type: 'TenantRegistered', data: profile }, staffAdded(state, { ...owner, role: 'owner' })];
      }
      case 'AddStaffMember': {
        if (!state.profile) throw notFound('TENANT_NOT_FOUND', 'No such tenant');
        const { grantedBy, ...member } = command.data;
        if (!mayGrant(grantedBy, member.role)) throw new DomainError('ROLE_NOT_GRANTABLE', `A ${grantedBy} cannot add a ${member.role}`, 'forbidden');
        return [staffAdded(state, member)];
      }
      case 'SetCashierLimits': {
        if (!state.profile) throw notFound('TENANT_NOT_FOUND', 'No such tenant');
        const { saleLimitMinor, returnLimitMinor, setBy } = command.data;
        requireRole(setBy, ['owner'], 'OWNER_ONLY');
        for (const limit of [saleLimitMinor, returnLimitMinor]) {
          if (limit !== null && (!Number.isSafeInteger(limit) || limit < 0)) throw new DomainError('INVALID_LIMIT', 'A limit is a whole number of minor units of at least 0, or null for none');
        }
        return [{ type: 'CashierLimitsSet', data: { saleLimitMinor, returnLimitMinor, setBy } }];
      }
      case 'SetDayCloseTime': {
        if (!state.profile) throw notFound('TENANT_NOT_FOUND', 'No such tenant');
        const { closeTime, setBy } = command.data;
        requireRole(setBy, ['owner'], 'OWNER_ONLY');
        if (!CLOSE_TIME_PATTERN.test(closeTime)) throw new DomainError('INVALID_CLOSE_TIME', `${closeTime} is not a time of day (HH:MM, 24-hour)`);
        return [{ type: 'DayCloseTimeSet', data: { closeTime, setBy } }];
      }
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'TenantRegistered':
        return { ...state, profile: event.data };
      case 'StaffMemberAdded':
        return { ...state, staff: { ...state.staff, [event.data.email]: event.data } };
      case 'DayCloseTimeSet':
        return { ...state, dayCloseTime: event.data.closeTime };
      case 'CashierLimitsSet':
        return { ...state, cashierLimits: { saleLimitMinor: event.data.saleLimitMinor, returnLimitMinor: event.data.returnLimitMinor } };
      default:
        return assertNever(event);
    }
  },
};
