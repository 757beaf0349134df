import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** The prevHash of a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * hash = SHA-256 over (prevHash, type, data, metadata without hash) — DESIGN decision 9.
 * Chaining every event of a stream to the one before lets an auditor prove that nothing was
 * edited, removed or reordered.
 */
export function eventHash(prevHash: string, type: string, data: unknown, metadataWithoutHash: Record<string, unknown>): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(type)
    .update('\n')
    .update(canonicalJson(data))
    .update('\n')
    .update(canonicalJson(metadataWithoutHash))
    .digest('hex');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
