import { chainHash, HASH_SUFFIX_LENGTH } from '../commands/hash-chain';
import { canonicalJson } from '../commands/canonical-json';

/**
 * The hash the command pipeline gave an event (src/commands/hash-chain.ts), recomputed from
 * parsed JSON with the same canonical serialiser.
 */
export function recomputeEventHash(prevHash: string, type: string, data: unknown, metadata: Record<string, unknown>): string {
  const { hash: _hash, ...withoutHash } = metadata;
  return chainHash(prevHash, type, canonicalJson(data), canonicalJson(withoutHash));
}

const HASH_KEY = ',"hash":"';
const PREV_KEY = '"prevHash":"';
const PREV_KEY_BYTES = Buffer.from(PREV_KEY);
const CLOSE = Buffer.from('}');

/** Stored JSON: text as the store reads it, or its UTF-8 bytes as a file holds them. */
type Stored = string | Buffer;

const tail = (text: Stored, from: number): string => (typeof text === 'string' ? text.slice(from) : text.toString('latin1', from));

/** The prevHash a sealed metadata text records (its first `"prevHash"` key), if it has one. */
export function recordedPrevHash(text: Stored): string | undefined {
  const at = typeof text === 'string' ? text.indexOf(PREV_KEY) : text.indexOf(PREV_KEY_BYTES);
  if (at === -1) return undefined;
  const from = at + PREV_KEY.length;
  const value = typeof text === 'string' ? text.slice(from, from + 65) : text.toString('latin1', from, from + 65);
  return /^[0-9a-f]{64}"$/.test(value) ? value.slice(0, 64) : undefined;
}
const closedBefore = (text: Stored, end: number): Stored => (typeof text === 'string' ? `${text.slice(0, end)}}` : Buffer.concat([text.subarray(0, end), CLOSE]));

/**
 * The recorded hash of an event stored as the command pipeline seals it (sealEvent: data as
 * hashed, metadata as hashed plus `"hash"` as its last key), checked on the stored text itself —
 * no parse, no re-serialisation — when it follows `prevHash`. Undefined when the text is not in
 * that form or does not hash to its recorded hash; the verifier then parses and canonicalises it,
 * so this only ever confirms: a match means the stored bytes are exactly the bytes the hash covers.
 */
export function sealedEventHash(prevHash: string, type: string, dataJson: Stored, metadataJson: Stored): string | undefined {
  const cut = metadataJson.length - HASH_SUFFIX_LENGTH;
  if (cut < 1) return undefined;
  const suffix = tail(metadataJson, cut);
  if (!suffix.startsWith(HASH_KEY) || !suffix.endsWith('"}')) return undefined;
  if (recordedPrevHash(metadataJson) !== prevHash) return undefined;
  const recorded = suffix.slice(HASH_KEY.length, -2);
  return chainHash(prevHash, type, dataJson, closedBefore(metadataJson, cut)) === recorded ? recorded : undefined;
}
