import { v5 as referenceV5 } from 'uuid';
import { uuidV5Factory } from '../../src/commands/uuid-v5';

describe('name-based UUIDs (v5)', () => {
  it('match RFC 9562 test vector and the uuid package on 2,000 names, ASCII and not', () => {
    // RFC 9562 Appendix A.4: the DNS namespace and the name www.example.com.
    expect(uuidV5Factory('6ba7b810-9dad-11d1-80b4-00c04fd430c8')('www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    const namespace = '0b6f5a7e-3c1d-4f4e-9a51-6d2f1b9e8c40';
    const ours = uuidV5Factory(namespace);
    for (let i = 0; i < 2000; i++) {
      const name = `t_${i}.order-o_${i * 7919}\nplace-order:${'Phở'.repeat(i % 4)}\u{1F35C}\n${i % 5}`;
      expect(ours(name)).toBe(referenceV5(name, namespace));
    }
  });

  it('refuses a namespace that is not a UUID', () => {
    expect(() => uuidV5Factory('not-a-uuid')).toThrow('Not a UUID');
  });
});
