export const ROLES = ['owner', 'manager', 'cashier', 'waiter', 'kitchen', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Who may give which role to a new staff member: only an owner makes owners and managers. */
export function mayGrant(actor: Role, granted: Role): boolean {
  if (actor === 'owner') return true;
  if (actor === 'manager') return granted !== 'owner' && granted !== 'manager';
  return false;
}
