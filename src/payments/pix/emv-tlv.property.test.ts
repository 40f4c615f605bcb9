import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { decodeTlv, decodeTlvTree, encodeTlv, isEmvTemplateId } from './emv-tlv.ts';

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const anyText = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: fc.oneof(fc.constantFrom('0', '1', '2', '6', '9'), loneSurrogate, fc.string({ unit: 'binary-ascii', maxLength: 1 })), maxLength: 300 }),
);
const tlvLike = fc.string({ unit: fc.constantFrom('0', '1', '2', '3', '5', '6', '9', 'a', ' '), maxLength: 200 });

test('decoding arbitrary text never throws; every rejection is a tlv check with a message', { timeout: 30_000 }, () => {
  fc.assert(
    fc.property(fc.oneof(anyText, tlvLike), (input) => {
      for (const result of [decodeTlv(input), decodeTlvTree(input)]) {
        if (!result.ok) {
          assert.equal(result.error.check, 'tlv');
          assert.ok(result.error.message.length > 0);
        }
      }
    }),
    { numRuns: 2000 },
  );
});

const id = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0'));
const value = fc.string({ unit: 'binary', minLength: 1, maxLength: 99 });

test('decode(encode(fields)) gives the fields back, whatever the characters', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.tuple(id, value).map(([i, v]) => ({ id: i, value: v })),
        { maxLength: 12 },
      ),
      (fields) => {
        const encoded = encodeTlv(fields);
        assert.ok(encoded.ok);
        assert.deepEqual(decodeTlv(encoded.value), { ok: true, value: fields });
      },
    ),
  );
});

test('templates round-trip through decodeTlvTree', () => {
  const templateId = fc.constantFrom('26', '27', '51', '62', '64', '80', '99');
  const plainId = id.filter((x) => !isEmvTemplateId(x));
  const child = fc.tuple(id, fc.string({ minLength: 1, maxLength: 10 })).map(([i, v]) => ({ id: i, value: v }));
  const node = fc.oneof(
    fc.tuple(plainId, fc.string({ minLength: 1, maxLength: 40 })).map(([i, v]) => ({ id: i, value: v })),
    fc.tuple(templateId, fc.array(child, { minLength: 1, maxLength: 5 })).map(([i, c]) => ({ id: i, children: c })),
  );
  fc.assert(
    fc.property(fc.array(node, { maxLength: 8 }), (nodes) => {
      const encoded = encodeTlv(nodes);
      assert.ok(encoded.ok);
      const tree = decodeTlvTree(encoded.value);
      assert.ok(tree.ok);
      assert.deepEqual(
        tree.value.map((n) => (n.children === undefined ? { id: n.id, value: n.value } : { id: n.id, children: n.children })),
        nodes,
      );
    }),
  );
});

test('a very long input is decoded or refused', () => {
  const long = '0199' + 'x'.repeat(99);
  const result = decodeTlv(long.repeat(2000));
  assert.ok(result.ok);
  assert.equal(result.value.length, 2000);
  assert.equal(decodeTlv('9'.repeat(200_000)).ok, false);
});
