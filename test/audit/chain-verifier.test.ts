import { createChainVerifier, type ChainEvent } from '../../src/audit/chain-verifier';
import { eventHash, GENESIS_HASH } from '../../src/commands/hash-chain';

/** A valid chain of `count` events on one stream, at the given positions. */
function chain(stream: string, positions: number[]): ChainEvent[] {
  let prevHash = GENESIS_HASH;
  return positions.map((position, revision) => {
    const metadata: Record<string, unknown> = { tenantId: 't_1', prevHash };
    const data = { n: revision };
    prevHash = eventHash(prevHash, 'Happened', data, metadata);
    return { stream, revision: BigInt(revision), position: BigInt(position), type: 'Happened', data, metadata: { ...metadata, hash: prevHash } };
  });
}

const interleaved = (...streams: ChainEvent[][]) => streams.flat().sort((a, b) => Number(a.position - b.position));

function verify(events: ChainEvent[], anchor = false) {
  const verifier = createChainVerifier();
  for (const event of events) verifier.add(event, { anchor });
  return verifier.report();
}

describe('the chain verifier', () => {
  const a = chain('t_1.order-a', [1, 3, 4, 8]);
  const b = chain('t_1.order-b', [2, 5, 6]);

  it('passes interleaved valid streams and counts them', () => {
    expect(verify(interleaved(a, b))).toEqual({ ok: true, streams: 2, events: 7 });
  });

  it('names the first break only, and keeps counting', () => {
    const edited = interleaved(a, b).map((e) => (e.position === 5n || e.position === 8n ? { ...e, data: { n: 99 } } : e));
    expect(verify(edited)).toMatchObject({ ok: false, streams: 2, events: 7, firstBroken: { stream: 't_1.order-b', revision: '1', position: '5', problem: 'HASH_MISMATCH' } });
  });

  it('a missing hash is a mismatch', () => {
    const [first] = a;
    expect(verify([{ ...first!, metadata: { ...first!.metadata, hash: undefined } }]).firstBroken).toMatchObject({ problem: 'HASH_MISMATCH', detail: 'the event has no hash' });
  });

  it('a stream that starts after revision 0 is out of sequence, unless anchored (an export from a position)', () => {
    const tail = a.slice(2);
    expect(verify(tail).firstBroken).toMatchObject({ revision: '2', problem: 'REVISION_OUT_OF_SEQUENCE' });
    expect(verify(tail, true)).toEqual({ ok: true, streams: 1, events: 2 });
    // Anchoring trusts only the first event's link; the rest of the chain is still checked.
    expect(verify([tail[0]!, { ...tail[1]!, metadata: { ...tail[1]!.metadata, prevHash: GENESIS_HASH } }], true).firstBroken).toMatchObject({ revision: '3', problem: 'PREV_HASH_MISMATCH' });
  });

  it('positions must strictly increase', () => {
    expect(verify([b[0]!, a[0]!]).firstBroken).toMatchObject({ stream: 't_1.order-a', position: '1', problem: 'POSITION_NOT_INCREASING' });
    expect(verify([a[0]!, { ...b[0]!, position: 1n }]).firstBroken).toMatchObject({ stream: 't_1.order-b', problem: 'POSITION_NOT_INCREASING' });
  });
});
