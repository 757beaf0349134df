import { z } from 'zod';
import { ROLES } from '../domain/tenant/role';

export const email = z.string().trim().toLowerCase().email().max(254);
/** Length rules only here; stronger rules (breached lists) belong with the auth hardening work. */
export const password = z.string().min(10, 'must be at least 10 characters').max(128);
export const subdomain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be 1 to 63 letters, digits or inner hyphens');
export const personName = z.string().trim().min(1).max(120);
export const role = z.enum(ROLES);
