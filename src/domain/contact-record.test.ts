import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalJson, findChainBreak, genesisHash, hashEntry, type ChainEntry } from './contact-record.ts';

function chain(n: number): (ChainEntry & { hash: string })[] {
  const entries: (ChainEntry & { hash: string })[] = [];
  let prevHash = genesisHash;
  for (let seq = 1; seq <= n; seq++) {
    const entry = {
      seq,
      occurredAt: new Date(Date.UTC(2026, 10, seq)),
      customerId: 'c1',
      actor: 'system',
      channel: 'email',
      kind: 'message_sent',
      content: { step: `d+${seq}`, to: ['a@example.com'] },
      prevHash,
    };
    const hash = hashEntry(entry);
    entries.push({ ...entry, hash });
    prevHash = hash;
  }
  return entries;
}

describe('contact record chain', () => {
  it('hashes independently of key order', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } }), '{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
  });

  it('accepts an intact chain', () => {
    assert.equal(findChainBreak(chain(5)), null);
  });

  it('names the first altered entry', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2]!, content: { step: 'd+3', to: ['someone-else@example.com'] } };
    assert.deepEqual(findChainBreak(entries), { seq: 3, reason: 'its content does not match its hash (altered)' });
  });

  it('detects a removed entry and a re-hashed forgery', () => {
    const removed = chain(5).filter((e) => e.seq !== 2);
    assert.deepEqual(findChainBreak(removed), { seq: 3, reason: 'entry 2 is missing (next is 3)' });
    const forged = chain(5);
    const altered = { ...forged[1]!, actor: 'mallory' };
    forged[1] = { ...altered, hash: hashEntry(altered) };
    assert.deepEqual(findChainBreak(forged), { seq: 3, reason: 'its link to the previous entry does not match' });
  });
});
