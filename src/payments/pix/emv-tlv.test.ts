import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeTlv, decodeTlvTree, encodeTlv, isEmvTemplateId, tlvLength } from './emv-tlv.ts';

test('encodes id, 2-digit length and value', () => {
  assert.deepEqual(
    encodeTlv([
      { id: '00', value: '01' },
      { id: '59', value: 'Fulano de Tal' },
    ]),
    {
      ok: true,
      value: '000201' + '5913Fulano de Tal',
    },
  );
});

test('encodes templates from their children', () => {
  const encoded = encodeTlv([{ id: '62', children: [{ id: '05', value: '***' }] }]);
  assert.deepEqual(encoded, { ok: true, value: '62070503***' });
});

test('refuses ids that are not two digits and values outside 1..99 characters', () => {
  for (const fields of [[{ id: '5', value: 'x' }], [{ id: 'ab', value: 'x' }], [{ id: '01', value: '' }], [{ id: '01', value: 'x'.repeat(100) }]]) {
    const result = encodeTlv(fields);
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(result.error.check, 'tlv');
  }
  assert.equal(encodeTlv([{ id: '01', value: 'x'.repeat(99) }]).ok, true);
});

test('lengths count code points, not UTF-16 units', () => {
  assert.equal(tlvLength('São'), 3);
  assert.equal(tlvLength('😀a'), 2);
  const encoded = encodeTlv([{ id: '59', value: '😀a' }]);
  assert.deepEqual(encoded, { ok: true, value: '5902😀a' });
  assert.deepEqual(decodeTlv('5902😀a'), { ok: true, value: [{ id: '59', value: '😀a' }] });
});

test('decodes a flat list; the empty string is an empty list', () => {
  assert.deepEqual(decodeTlv('000201' + '5303986'), {
    ok: true,
    value: [
      { id: '00', value: '01' },
      { id: '53', value: '986' },
    ],
  });
  assert.deepEqual(decodeTlv(''), { ok: true, value: [] });
});

test('decodes nested templates 26-51, 62, 64 and 80-99 but not other ids', () => {
  const tree = decodeTlvTree('26080004abcd' + '5204' + '0005' + '62070503***');
  assert.deepEqual(tree, {
    ok: true,
    value: [
      { id: '26', value: '0004abcd', children: [{ id: '00', value: 'abcd' }] },
      { id: '52', value: '0005' },
      { id: '62', value: '0503***', children: [{ id: '05', value: '***' }] },
    ],
  });
  assert.deepEqual(['25', '26', '51', '52', '62', '63', '64', '79', '80', '99'].map(isEmvTemplateId), [
    false,
    true,
    true,
    false,
    true,
    false,
    true,
    false,
    true,
    true,
  ]);
});

test('errors say where and what', () => {
  const cases: [string, RegExp][] = [
    ['0002', /field 00 at position 0 declares length 2 but only 0 character\(s\) follow/],
    ['x00201', /at position 0: expected a 2-digit field id, found "x0"/],
    ['00a101', /field 00 at position 0: expected a 2-digit length, found "a1"/],
    ['000201' + '59', /at position 6: 2 trailing character\(s\) "59" are too short/],
  ];
  for (const [input, message] of cases) {
    const result = decodeTlv(input);
    assert.equal(result.ok, false, input);
    if (!result.ok) {
      assert.equal(result.error.check, 'tlv');
      assert.match(result.error.message, message);
    }
  }
});

test('a broken template is reported with its id and the absolute position', () => {
  const result = decodeTlvTree('000201' + '26050009x');
  assert.equal(result.ok, false);
  if (!result.ok) {
    assert.match(result.error.message, /^inside template field 26: field 00 at position 10 declares length 9/);
    assert.equal(result.error.offset, 10);
  }
});
