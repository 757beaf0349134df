import { forbidden, type Role } from '../tenant/role';
import type { Approval, RetailActor } from './sale-messages';

/** Who works the till: rings up sales and takes returns. */
export const TILL_STAFF: readonly Role[] = ['cashier', 'manager', 'owner'];
/** Who receives deliveries and corrects stock. */
export const STOCK_KEEPERS: readonly Role[] = ['manager', 'owner'];
/** Who may approve what a cashier may not do alone. */
export const APPROVERS: readonly Role[] = ['manager', 'owner'];

/**
 * A cashier handles amounts up to the owner's limit alone; above it a manager or owner must approve
 * at the till, and the approval is recorded in the event. Managers and owners need no approval.
 * Answers the approval to record (null when none was needed).
 */
export function approvalFor(amountMinor: number, limitMinor: number | null, actor: RetailActor, approval: Approval | null, what: string): Approval | null {
  if (actor.role !== 'cashier' || limitMinor === null || amountMinor <= limitMinor) return null;
  if (!approval) throw forbidden('APPROVAL_REQUIRED', `A ${what} of ${amountMinor} is above the cashier limit of ${limitMinor}: a manager must approve it`);
  if (!APPROVERS.includes(approval.role)) throw forbidden('APPROVER_NOT_MANAGER', `Only a manager or an owner may approve a ${what}`);
  return approval;
}
