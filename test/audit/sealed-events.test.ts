import { createChainVerifier } from '../../src/audit/chain-verifier';
import { sealedEventHash } from '../../src/audit/event-hash';
import { splitExportLine } from '../../src/audit/export-line';
import { rawAuditEventJson } from '../../src/audit/audit-event';
import { canonicalJson } from '../../src/commands/canonical-json';
import { eventHash, GENESIS_HASH, sealEvent } from '../../src/commands/hash-chain';
import { position, revision } from '../../src/eventstore/types';

const data = { orderId: 'o_1', table: '5', note: 'ít cay, "no" ice\n', lines: [{ quantity: 2, itemId: 'i_1', name: 'Phở bò' }] };
const metadata = { tenantId: 't_1', actor: { userId: 'u_1', role: 'waiter' }, commandId: 'c_1', prevHash: GENESIS_HASH };

describe('sealing an event: the text stored is the text hashed', () => {
  const sealed = sealEvent(GENESIS_HASH, 'OrderPlaced', data, metadata);

  it('gives the same hash as eventHash, and text that parses back to data and metadata with the hash', () => {
    expect(sealed.hash).toBe(eventHash(GENESIS_HASH, 'OrderPlaced', data, metadata));
    expect(JSON.parse(sealed.json.data)).toEqual(data);
    expect(JSON.parse(sealed.json.metadata)).toEqual({ ...metadata, hash: sealed.hash });
    expect(sealed.json.data).toBe(canonicalJson(data));
    expect(sealed.json.metadata.endsWith(`,"hash":"${sealed.hash}"}`)).toBe(true);
  });

  it('is confirmed on its text and on its bytes, without parsing', () => {
    expect(sealedEventHash(GENESIS_HASH, 'OrderPlaced', sealed.json.data, sealed.json.metadata)).toBe(sealed.hash);
    expect(sealedEventHash(GENESIS_HASH, 'OrderPlaced', Buffer.from(sealed.json.data), Buffer.from(sealed.json.metadata))).toBe(sealed.hash);
  });

  it('is never confirmed when anything differs: then the verifier parses it', () => {
    const { data: d, metadata: m } = sealed.json;
    const cases: [string, string, string, string][] = [
      ['1'.repeat(64), 'OrderPlaced', d, m], // another predecessor
      [GENESIS_HASH, 'OrderCancelled', d, m], // another type
      [GENESIS_HASH, 'OrderPlaced', d.replace('"5"', '"6"'), m], // edited data
      [GENESIS_HASH, 'OrderPlaced', d, m.replace('waiter', 'manager')], // edited metadata
      [GENESIS_HASH, 'OrderPlaced', JSON.stringify(data), m], // same data, not the text that was hashed
      [GENESIS_HASH, 'OrderPlaced', d, JSON.stringify({ ...metadata, hash: sealed.hash })], // hash not last
      [GENESIS_HASH, 'OrderPlaced', d, m.replace(/"\}$/, '" }')], // not in the sealed form
      [GENESIS_HASH, 'OrderPlaced', d, m.slice(0, -3) + 'X"}'], // another recorded hash
    ];
    for (const [prev, type, dd, mm] of cases) {
      expect(sealedEventHash(prev, type, dd, mm)).toBeUndefined();
      expect(sealedEventHash(prev, type, Buffer.from(dd), Buffer.from(mm))).toBeUndefined();
    }
  });

  it('a stored text that is not sealed still verifies, parsed (as an older store holds it)', () => {
    const verifier = createChainVerifier();
    const plain = { stream: 't_1.order-o_1', revision: revision(0), position: position(1), type: 'OrderPlaced', data: JSON.stringify(data), metadata: JSON.stringify({ ...metadata, hash: sealed.hash }) };
    expect(verifier.addSealed(plain)).toBe(false);
    verifier.add({ ...plain, data: JSON.parse(plain.data) as unknown, metadata: JSON.parse(plain.metadata) as Record<string, unknown> });
    expect(verifier.report()).toEqual({ ok: true, streams: 1, events: 1 });
  });
});

describe('cutting an export line', () => {
  const sealed = sealEvent(GENESIS_HASH, 'OrderPlaced', data, metadata);
  const event = { id: 'e-1', stream: 't_1.order-o_1', revision: revision(0), position: position(42), type: 'OrderPlaced', data: sealed.json.data, metadata: sealed.json.metadata, created: '2026-11-25T10:00:00.000Z' };

  it('cuts a line as the export writes it into its parts, data and metadata as bytes', () => {
    const parts = splitExportLine(Buffer.from(rawAuditEventJson(event)));
    expect(parts).toMatchObject({ stream: event.stream, revision: 0n, position: 42n, type: 'OrderPlaced' });
    expect(parts!.data.toString()).toBe(sealed.json.data);
    expect(parts!.metadata.toString()).toBe(sealed.json.metadata);
  });

  it('leaves any other shape to the parser', () => {
    const line = rawAuditEventJson(event);
    for (const other of [
      rawAuditEventJson({ ...event, data: JSON.stringify(data) }), // same data, not the text that was hashed: cuts, is not confirmed
      line.replace('"stream":"t_1.order-o_1"', '"stream":"t_1.order-\\u006f_1"'), // an escape in the head
      line.replace('{"id"', '{ "id"'),
      line.replace(/\}$/, ',"extra":1}'),
      line.replace('"revision":"0"', '"revision":0'),
    ]) {
      const parts = splitExportLine(Buffer.from(other));
      if (parts) expect(sealedEventHash(GENESIS_HASH, parts.type, parts.data, parts.metadata)).toBeUndefined();
    }
  });

  it('the metadata key inside data or metadata: a string cannot hold it unescaped; a key of that name cuts wrongly and is refused by the hash', () => {
    const inData = sealEvent(GENESIS_HASH, 'OrderPlaced', { note: ',"metadata":{"a":1}', z: { metadata: { a: 1 } } }, metadata);
    const parts = splitExportLine(Buffer.from(rawAuditEventJson({ ...event, data: inData.json.data, metadata: inData.json.metadata })))!;
    expect(sealedEventHash(GENESIS_HASH, parts.type, parts.data, parts.metadata)).toBe(inData.hash);
    const inMetadata = sealEvent(GENESIS_HASH, 'OrderPlaced', data, { ...metadata, zz: { a: 1, metadata: { b: 2 } } });
    const cut = splitExportLine(Buffer.from(rawAuditEventJson({ ...event, data: inMetadata.json.data, metadata: inMetadata.json.metadata })))!;
    expect(cut.metadata.toString()).not.toBe(inMetadata.json.metadata);
    expect(sealedEventHash(GENESIS_HASH, cut.type, cut.data, cut.metadata)).toBeUndefined();
  });
});
