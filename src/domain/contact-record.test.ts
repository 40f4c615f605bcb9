import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalJson, contentHash, findChainBreak, genesisHash, hashEntry, type ChainEntry } from './contact-record.ts';

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

describe('hash version 2: erasing an entry keeps the chain verifiable', () => {
  function chainV2(n: number): (ChainEntry & { hash: string })[] {
    const entries: (ChainEntry & { hash: string })[] = [];
    let prevHash = genesisHash;
    for (let seq = 1; seq <= n; seq++) {
      const content = { text: `call ${seq} with Maria` };
      const entry = {
        seq,
        occurredAt: new Date(Date.UTC(2026, 10, seq)),
        customerId: 'c1',
        actor: 'user:ana',
        channel: 'phone',
        kind: 'call_outcome',
        content,
        contentSha256: contentHash(content),
        prevHash,
      };
      const hash = hashEntry(entry);
      entries.push({ ...entry, hash });
      prevHash = hash;
    }
    return entries;
  }

  it('accepts a chain whose second entry lost its content to an erasure', () => {
    const entries = chainV2(3);
    entries[1] = { ...entries[1]!, content: { erased: true }, erased: true };
    assert.equal(findChainBreak(entries), null);
  });

  it('still names an altered entry: content changed without an erasure, or an erased entry with other fields changed', () => {
    const altered = chainV2(3);
    altered[1] = { ...altered[1]!, content: { text: 'something else' } };
    assert.deepEqual(findChainBreak(altered), { seq: 2, reason: 'its content does not match its hash (altered)' });
    const erasedAndForged = chainV2(3);
    erasedAndForged[1] = { ...erasedAndForged[1]!, content: { erased: true }, erased: true, actor: 'mallory' };
    assert.deepEqual(findChainBreak(erasedAndForged), { seq: 2, reason: 'its content does not match its hash (altered)' });
  });

  it('version 1 entries (the content hashed itself) still verify beside version 2 ones', () => {
    const v1 = chain(2);
    const content = { text: 'later' };
    const next = {
      seq: 3,
      occurredAt: new Date(Date.UTC(2026, 11, 1)),
      customerId: 'c1',
      actor: 'system',
      channel: 'email',
      kind: 'note',
      content,
      contentSha256: contentHash(content),
      prevHash: v1[1]!.hash,
    };
    assert.equal(findChainBreak([...v1, { ...next, hash: hashEntry(next) }]), null);
  });
});
