import { randomFillSync } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

// Random bytes are drawn from the system 4 KiB at a time: one call per 256 ids, not one per id.
const POOL_SIZE = 4096;
const pool = Buffer.alloc(POOL_SIZE);
let used = POOL_SIZE;

function randomChars(count: number): string {
  if (used + count > POOL_SIZE) {
    randomFillSync(pool);
    used = 0;
  }
  let chars = '';
  for (let i = 0; i < count; i++) chars += CROCKFORD[pool[used++]! % 32];
  return chars;
}

/** A ULID: 48-bit millisecond time + 80 random bits, Crockford base32, sortable by creation time. */
export function ulid(now: number = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  return time + randomChars(16);
}

/** Ids carry a short prefix saying what they name; tenant ids never contain a dot (stream naming relies on it). */
export const newTenantId = () => `t_${ulid()}`;
export const newUserId = () => `u_${ulid()}`;
export const newSessionId = () => `s_${ulid()}`;
export const newItemId = () => `i_${ulid()}`;

export const newOrderId = () => `o_${ulid()}`;
export const newSaleId = () => `sl_${ulid()}`;

export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
