import { createHash } from 'node:crypto';
import { canonicalParsedJson } from './canonical-parsed';

/**
 * The hash the command pipeline gave an event (src/commands/hash-chain.ts eventHash: SHA-256 over
 * prevHash, type, data and metadata without `hash`, newline-separated), recomputed from parsed JSON
 * with the faster serialiser. test/audit/event-hash.test.ts holds the two equal.
 */
export function recomputeEventHash(prevHash: string, type: string, data: unknown, metadata: Record<string, unknown>): string {
  const { hash: _hash, ...withoutHash } = metadata;
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(type)
    .update('\n')
    .update(canonicalParsedJson(data))
    .update('\n')
    .update(canonicalParsedJson(withoutHash))
    .digest('hex');
}
