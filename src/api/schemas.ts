import { z } from 'zod';
import { weakPasswordReason } from '../auth/password-rules';
import { ROLES } from '../domain/tenant/role';

export const email = z.string().trim().toLowerCase().email().max(254);
/** Length, then the common-password deny-list (src/auth/password-rules.ts): 400 naming the field and why. */
export const password = z.string().superRefine((value, ctx) => {
  const reason = weakPasswordReason(value);
  if (reason) ctx.addIssue({ code: 'custom', message: reason });
});
export const subdomain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be 1 to 63 letters, digits or inner hyphens');
export const personName = z.string().trim().min(1).max(120);
export const role = z.enum(ROLES);
