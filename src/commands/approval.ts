import { verifyPassword } from '../auth/passwords';
import { DomainError } from '../domain/errors';
import type { Approval } from '../domain/retail/sale-messages';
import { tenantDecider } from '../domain/tenant/tenant';
import { normaliseEmail } from '../domain/tenant/tenant-messages';
import type { EventStore } from '../eventstore/types';
import { loadState } from './load-state';
import { streams } from './streams';

export interface ApprovalCredentials {
  email: string;
  password: string;
}

/**
 * A manager approves at the till by typing their own email and password. Checked like a sign-in
 * (the same refusal for an unknown email and a wrong password); whether the role may approve is
 * the domain's rule.
 */
export async function verifyApproval(store: EventStore, tenantId: string, credentials: ApprovalCredentials): Promise<Approval> {
  const tenant = await loadState(store, tenantDecider, streams.tenant(tenantId));
  const member = tenant.staff[normaliseEmail(credentials.email)];
  if (!(await verifyPassword(member?.passwordHash, credentials.password)) || !member) {
    throw new DomainError('APPROVAL_INVALID', 'The approver’s email or password is wrong', 'forbidden');
  }
  return { userId: member.userId, role: member.role };
}
