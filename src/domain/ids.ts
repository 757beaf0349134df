import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID: 48-bit millisecond time + 80 random bits, Crockford base32, sortable by creation time. */
export function ulid(now: number = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(16);
  let random = '';
  for (let i = 0; i < 16; i++) random += CROCKFORD[bytes[i]! % 32];
  return time + random;
}

/** Ids carry a short prefix saying what they name; tenant ids never contain a dot (stream naming relies on it). */
export const newTenantId = () => `t_${ulid()}`;
export const newUserId = () => `u_${ulid()}`;
export const newSessionId = () => `s_${ulid()}`;
export const newItemId = () => `i_${ulid()}`;

export const newOrderId = () => `o_${ulid()}`;
export const newSaleId = () => `sl_${ulid()}`;

export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
