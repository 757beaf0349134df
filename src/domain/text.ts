import { rejected } from './errors';

export const MAX_TEXT_LENGTH = 200;

/** A note is optional: trimmed, and an empty one is no note. */
export function checkNote(note: string | null): string | null {
  const trimmed = note?.trim() ?? '';
  if (trimmed.length > MAX_TEXT_LENGTH) throw rejected('NOTE_TOO_LONG', `A note has at most ${MAX_TEXT_LENGTH} characters`);
  return trimmed === '' ? null : trimmed;
}

/** Voids and cancellations must say why (the audit trail reads it); blank does not count. */
export function checkReason(reason: string): string {
  const trimmed = reason.trim();
  if (trimmed.length < 1 || trimmed.length > MAX_TEXT_LENGTH) throw rejected('REASON_REQUIRED', `A reason of 1 to ${MAX_TEXT_LENGTH} characters is required`);
  return trimmed;
}
