import assert from 'node:assert/strict';
import { test } from 'node:test';
import QRCode from 'qrcode';
import { buildStaticPix } from './br-code.ts';
import { PixQrError, pixQrPng, pixQrSvg } from './qr.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const built = buildStaticPix({ key: '123e4567-e12b-12d1-a456-426655440000', merchantName: 'Fulano de Tal', merchantCity: 'BRASILIA', amountMinor: 1990 });
assert.ok(built.ok);
const payload = built.value;

test('PNG output starts with the PNG signature', async () => {
  const png = await pixQrPng(payload);
  assert.ok(Buffer.isBuffer(png));
  assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
});

test('SVG output is an SVG document', async () => {
  const svg = await pixQrSvg(payload);
  assert.ok(svg.includes('<svg'));
  assert.ok(svg.trimEnd().endsWith('</svg>'));
});

test('the symbol the library builds for these options carries the payload at level M', () => {
  const symbol = QRCode.create(payload, { errorCorrectionLevel: 'M' });
  assert.equal(symbol.errorCorrectionLevel.bit, 0); // M is encoded as 0b00
  assert.equal(symbol.segments.map((s) => (typeof s.data === 'string' ? s.data : Buffer.from(s.data).toString('utf8'))).join(''), payload);
});

test('an invalid payload is refused with the failing check, not drawn', async () => {
  await assert.rejects(pixQrPng(payload.slice(0, -1) + (payload.endsWith('0') ? '1' : '0')), (error: unknown) => {
    assert.ok(error instanceof PixQrError);
    assert.equal(error.check, 'crc');
    return true;
  });
  await assert.rejects(pixQrSvg('hello'), PixQrError);
});
