import { hash } from 'node:crypto';

/** The 16 bytes of a UUID written as text (any case, with dashes). */
function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

/**
 * A name-based UUID, version 5 (RFC 9562 §5.5): SHA-1 over the namespace's bytes and the name's
 * UTF-8, its first 16 bytes with the version and variant bits set. Node's one-shot SHA-1 (a Hash
 * object per id cost twice as much), with the namespace's bytes read once per namespace.
 */
export function uuidV5Factory(namespace: string): (name: string) => string {
  const prefix = uuidBytes(namespace);
  if (prefix.length !== 16) throw new Error(`Not a UUID: ${namespace}`);
  return (name) => {
    const input = Buffer.allocUnsafe(16 + Buffer.byteLength(name, 'utf8'));
    prefix.copy(input, 0);
    input.write(name, 16, 'utf8');
    const bytes = hash('sha1', input, 'buffer');
    bytes[6] = (bytes[6]! & 0x0f) | 0x50;
    bytes[8] = (bytes[8]! & 0x3f) | 0x80;
    const hex = bytes.toString('hex', 0, 16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  };
}
