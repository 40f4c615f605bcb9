import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { crc16CcittFalse, crc16Hex } from './crc16.ts';

test('check value of CRC-16/CCITT-FALSE over "123456789" is 0x29B1', () => {
  assert.equal(crc16CcittFalse('123456789'), 0x29b1);
  assert.equal(crc16Hex('123456789'), '29B1');
});

test('the CRC of no data is the initial value 0xFFFF', () => {
  assert.equal(crc16CcittFalse(''), 0xffff);
  assert.equal(crc16Hex(new Uint8Array()), 'FFFF');
});

test('strings and their UTF-8 bytes give the same CRC', () => {
  assert.equal(crc16CcittFalse('São Paulo'), crc16CcittFalse(new TextEncoder().encode('São Paulo')));
});

test('hex is 4 upper-case digits, zero-padded', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      const hex = crc16Hex(bytes);
      assert.match(hex, /^[0-9A-F]{4}$/);
      assert.equal(parseInt(hex, 16), crc16CcittFalse(bytes));
    }),
  );
});

test('appending the CRC big-endian leaves a zero remainder (no reflection, no final XOR)', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      const crc = crc16CcittFalse(bytes);
      const withCrc = new Uint8Array([...bytes, crc >> 8, crc & 0xff]);
      assert.equal(crc16CcittFalse(withCrc), 0);
    }),
  );
});
