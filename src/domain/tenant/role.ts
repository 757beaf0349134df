import { DomainError } from '../errors';

export const ROLES = ['owner', 'manager', 'cashier', 'waiter', 'kitchen', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Who may give which role to a new staff member: only an owner makes owners and managers. */
export function mayGrant(actor: Role, granted: Role): boolean {
  if (actor === 'owner') return true;
  if (actor === 'manager') return granted !== 'owner' && granted !== 'manager';
  return false;
}

export function forbidden(code: string, message: string): DomainError {
  return new DomainError(code, message, 'forbidden');
}

/** Refuses an actor whose role is not among `roles` (403). */
export function requireRole(actor: { role: Role }, roles: readonly Role[], code = 'FORBIDDEN_ROLE'): void {
  if (!roles.includes(actor.role)) throw forbidden(code, `A ${actor.role} may not do this`);
}
