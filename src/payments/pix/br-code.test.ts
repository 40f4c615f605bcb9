import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildDynamicPix, buildStaticPix, formatPixAmount, parsePix, pixKeyType, stripDiacritics } from './br-code.ts';
import { crc16Hex } from './crc16.ts';

/** Banco Central's example (Manual de Padrões para Iniciação do Pix). */
const BCB_EXAMPLE = '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D';

/** Append "6304" and the CRC to a hand-written body, so that tests can reach the checks after the CRC. */
function withCrc(body: string): string {
  return `${body}6304${crc16Hex(`${body}6304`)}`;
}

function failure(code: string): { check: string; message: string; field?: string } {
  const result = parsePix(code);
  assert.equal(result.ok, false, `expected ${code} to be refused`);
  return result.ok ? { check: '', message: '' } : result.error;
}

test("builds Banco Central's example exactly", () => {
  const built = buildStaticPix({
    key: '123e4567-e12b-12d1-a456-426655440000',
    merchantName: 'Fulano de Tal',
    merchantCity: 'BRASILIA',
    txid: '***',
  });
  assert.deepEqual(built, { ok: true, value: BCB_EXAMPLE });
  // txid defaults to "***"
  assert.deepEqual(buildStaticPix({ key: '123e4567-e12b-12d1-a456-426655440000', merchantName: 'Fulano de Tal', merchantCity: 'BRASILIA' }), {
    ok: true,
    value: BCB_EXAMPLE,
  });
});

test("parses Banco Central's example", () => {
  assert.deepEqual(parsePix(BCB_EXAMPLE), {
    ok: true,
    value: {
      key: '123e4567-e12b-12d1-a456-426655440000',
      keyType: 'evp',
      txid: '***',
      merchantName: 'Fulano de Tal',
      merchantCity: 'BRASILIA',
      currency: '986',
      countryCode: 'BR',
      merchantCategoryCode: '0000',
      crc: '1D3D',
    },
  });
});

test('surrounding whitespace of a pasted code is ignored', () => {
  assert.equal(parsePix(`  ${BCB_EXAMPLE}\n`).ok, true);
});

test("changing any single character of Banco Central's example to any other printable character is refused", () => {
  const checks = new Set<string>();
  for (let i = 0; i < BCB_EXAMPLE.length; i++) {
    for (let c = 0x20; c <= 0x7e; c++) {
      const replacement = String.fromCharCode(c);
      if (replacement === BCB_EXAMPLE[i]) continue;
      const mutated = BCB_EXAMPLE.slice(0, i) + replacement + BCB_EXAMPLE.slice(i + 1);
      const result = parsePix(mutated);
      if (result.ok) assert.fail(`accepted ${mutated}`);
      assert.ok(['crc', 'tlv', 'format'].includes(result.error.check), `${mutated}: ${result.error.check}`);
      checks.add(result.error.check);
    }
  }
  assert.ok(checks.has('crc'));
});

test('a CRC mismatch names both values', () => {
  const error = failure(BCB_EXAMPLE.replace('Fulano', 'Fulana'));
  assert.equal(error.check, 'crc');
  assert.match(error.message, /^CRC mismatch: payload says 1D3D, computed [0-9A-F]{4}$/);
  const lower = failure(BCB_EXAMPLE.replace(/1D3D$/, '1d3d'));
  assert.equal(lower.check, 'crc');
  assert.match(lower.message, /upper-case/);
});

test('a dynamic code from a published example (upper-case GUI, location URL) validates', () => {
  const code =
    '00020101021226770014BR.GOV.BCB.PIX2555pix.example.com/qr/93598be0-1bd0-4997-8318-81776a1d8a99' +
    '5204000053039865802BR5907EMPRESA6009SAO PAULO62070503***6304EEAB';
  assert.deepEqual(parsePix(code), {
    ok: true,
    value: {
      locationUrl: 'pix.example.com/qr/93598be0-1bd0-4997-8318-81776a1d8a99',
      txid: '***',
      merchantName: 'EMPRESA',
      merchantCity: 'SAO PAULO',
      currency: '986',
      countryCode: 'BR',
      pointOfInitiation: '12',
      merchantCategoryCode: '0000',
      crc: 'EEAB',
    },
  });
});

test('builds a dynamic code: 01 = 12, 26 with 25 = URL without scheme, txid ***', () => {
  const built = buildDynamicPix({
    locationUrl: 'https://pix.example.com/qr/93598be0-1bd0-4997-8318-81776a1d8a99',
    merchantName: 'EMPRESA',
    merchantCity: 'SAO PAULO',
  });
  const body =
    '000201' +
    '010212' +
    '2677' +
    '0014br.gov.bcb.pix' +
    '2555pix.example.com/qr/93598be0-1bd0-4997-8318-81776a1d8a99' +
    '52040000' +
    '5303986' +
    '5802BR' +
    '5907EMPRESA' +
    '6009SAO PAULO' +
    '62070503***';
  assert.deepEqual(built, { ok: true, value: withCrc(body) });
  const reusable = buildDynamicPix({ locationUrl: 'pix.example.com/qr/1', merchantName: 'EMPRESA', merchantCity: 'SAO PAULO', reusable: true });
  assert.ok(reusable.ok && reusable.value.startsWith('000201010211'));
});

test('writes the amount as a decimal with a point and two decimals', () => {
  assert.deepEqual(
    ['1', '5', '99', '100', '12345', '100000000'].map((n) => formatPixAmount(Number(n))),
    ['0.01', '0.05', '0.99', '1.00', '123.45', '1000000.00'],
  );
  const built = buildStaticPix({ key: '+5561912345678', amountMinor: 12345, merchantName: 'EMPRESA', merchantCity: 'BRASILIA', txid: 'PEDIDO123' });
  const body =
    '000201' +
    '2636' +
    '0014br.gov.bcb.pix' +
    '0114+5561912345678' +
    '52040000' +
    '5303986' +
    '5406123.45' +
    '5802BR' +
    '5907EMPRESA' +
    '6008BRASILIA' +
    '6213' +
    '0509PEDIDO123';
  assert.deepEqual(built, { ok: true, value: withCrc(body) });
  const parsed = built.ok ? parsePix(built.value) : undefined;
  assert.ok(parsed?.ok);
  assert.equal(parsed.value.amountMinor, 12345);
  assert.equal(parsed.value.txid, 'PEDIDO123');
  assert.equal(parsed.value.keyType, 'phone');
});

test('parses amounts without floating point: "10" and "10.5" and "0.07"', () => {
  const code = (text: string) =>
    withCrc(
      `000201` +
        '2633' +
        '0014br.gov.bcb.pix' +
        '011112345678909' +
        '52040000' +
        '5303986' +
        `54${String(text.length).padStart(2, '0')}${text}` +
        '5802BR' +
        '5901X' +
        '6001Y',
    );
  const minor = (text: string) => {
    const result = parsePix(code(text));
    return result.ok ? result.value.amountMinor : result.error.message;
  };
  assert.equal(minor('10'), 1000);
  assert.equal(minor('10.5'), 1050);
  assert.equal(minor('0.07'), 7);
  assert.equal(minor('1234567890.12'), 123456789012);
  assert.equal(minor('0.1'), 10);
  assert.match(String(minor('1,50')), /field 54 \(transaction amount\) must be a decimal amount/);
  assert.match(String(minor('0.00')), /field 54 \(transaction amount\) must be greater than zero/);
  assert.match(String(minor('12345678901.00')), /field 54 \(transaction amount\) is longer than 13 characters/);
  assert.match(String(minor('1.234')), /must be a decimal amount/);
});

test('builders report bad input naming the field', () => {
  const base = { key: '12345678909', merchantName: 'EMPRESA', merchantCity: 'BRASILIA' };
  const cases: [Parameters<typeof buildStaticPix>[0], string][] = [
    [{ ...base, merchantName: 'A'.repeat(26) }, 'field 59 (merchant name) is longer than 25 characters'],
    [{ ...base, merchantCity: 'B'.repeat(16) }, 'field 60 (merchant city) is longer than 15 characters'],
    [{ ...base, merchantName: '' }, 'field 59 (merchant name) is empty'],
    [{ ...base, merchantCity: 'SÃO PAULO' }, 'field 60 (merchant city) must be printable ASCII without accents, found "Ã" (use stripDiacritics)'],
    [{ ...base, txid: 'PEDIDO-1' }, 'field 62.05 (txid) must be "***" or 1 to 25 letters and digits, got "PEDIDO-1"'],
    [{ ...base, txid: 'A'.repeat(26) }, 'field 62.05 (txid) must be "***" or 1 to 25 letters and digits, got "AAAAAAAAAAAAAAAAAAAAAAAAAA"'],
    [{ ...base, amountMinor: 0 }, 'field 54 (transaction amount) must be a positive whole number of centavos, got 0'],
    [{ ...base, amountMinor: 12.5 }, 'field 54 (transaction amount) must be a positive whole number of centavos, got 12.5'],
    [{ ...base, amountMinor: 10_000_000_000_00 }, 'field 54 (transaction amount) is longer than 13 characters'],
    [{ ...base, currency: 'BRL' }, 'field 53 (transaction currency) must be 3 digits (ISO 4217), got "BRL"'],
    [{ ...base, countryCode: 'br' }, 'field 58 (country code) must be 2 upper-case letters (ISO 3166-1), got "br"'],
    [{ ...base, key: '' }, 'field 26.01 (Pix key) is empty'],
    [
      { ...base, key: '123.456.789-09' },
      'field 26.01 (Pix key) is not a CPF (11 digits), CNPJ (14 digits), phone (+55…), e-mail or random key (UUID): "123.456.789-09"',
    ],
    [{ ...base, key: `${'a'.repeat(70)}@b.com.br` }, 'field 26.01 (Pix key) is longer than 77 characters'],
    [{ ...base, description: 'Fatura nº 1' }, 'field 26.02 (description) must be printable ASCII without accents, found "º" (use stripDiacritics)'],
    [{ ...base, description: 'x'.repeat(63) }, 'field 26.02 (description) is longer than 62 characters'],
  ];
  for (const [input, message] of cases) {
    const result = buildStaticPix(input);
    assert.equal(result.ok, false, message);
    if (!result.ok) {
      assert.equal(result.error.check, 'field');
      assert.equal(result.error.message, message);
    }
  }
  // 25 and 15 characters are fine; with an 11-digit key the description may have 62 (99 - 18 - 15 - 4).
  assert.equal(buildStaticPix({ ...base, merchantName: 'A'.repeat(25), merchantCity: 'B'.repeat(15), description: 'x'.repeat(62) }).ok, true);
});

test('dynamic builder refuses non-https schemes and malformed URLs', () => {
  const base = { merchantName: 'EMPRESA', merchantCity: 'BRASILIA' };
  for (const locationUrl of [
    'http://pix.example.com/qr/1',
    'ftp://pix.example.com/1',
    '',
    'pix example.com/1',
    'nohost',
    `pix.example.com/${'x'.repeat(70)}`,
  ]) {
    const result = buildDynamicPix({ ...base, locationUrl });
    assert.equal(result.ok, false, locationUrl);
    if (!result.ok) assert.match(result.error.message, /^field 26\.25 \(location URL\)/);
  }
});

test('parse names the failing field', () => {
  const account = '2633' + '0014br.gov.bcb.pix' + '011112345678909';
  const tail = '52040000' + '5303986' + '5802BR';
  const cases: [string, string, string][] = [
    [withCrc('000201' + account + tail + '5926' + 'A'.repeat(26) + '6001Y'), 'field', 'field 59 (merchant name) is longer than 25 characters'],
    [withCrc('000201' + account + tail + '5901X' + '6016' + 'B'.repeat(16)), 'field', 'field 60 (merchant city) is longer than 15 characters'],
    [withCrc('000201' + '2622' + '0014br.gov.bcb.xxx' + '0100' + tail + '5901X6001Y'), 'field', 'missing field 26 with GUI br.gov.bcb.pix'],
    [withCrc('000201' + tail + '5901X6001Y'), 'field', 'missing field 26 with GUI br.gov.bcb.pix'],
    [
      withCrc('000201' + '2618' + '0014br.gov.bcb.pix' + tail + '5901X6001Y'),
      'field',
      'field 26 (merchant account information) has neither a Pix key (26.01) nor a location URL (26.25)',
    ],
    [withCrc('000201' + account + tail + '6001Y'), 'field', 'field 59 (merchant name) is missing'],
    [withCrc('000201' + account + '52040000' + '5802BR' + '5901X6001Y'), 'field', 'field 53 (transaction currency) is missing'],
    [
      withCrc('000201' + account + tail + '5901X6001Y' + '62080504AB-1'),
      'field',
      'field 62.05 (txid) must be "***" or 1 to 25 letters and digits, found "AB-1"',
    ],
    [
      withCrc('000201' + '010213' + account + tail + '5901X6001Y'),
      'field',
      'field 01 (point of initiation method) must be "11" (reusable) or "12" (single use), found "13"',
    ],
    [withCrc('000202' + account + tail + '5901X6001Y'), 'format', 'field 00 (payload format indicator) must be "01", found "02"'],
    [withCrc(account + '000201' + tail + '5901X6001Y'), 'format', 'field 00 (payload format indicator) must be the first field'],
    [withCrc('000201' + account + tail + '5901X' + '5901Z' + '6001Y'), 'format', 'field 59 (merchant name) appears more than once'],
    ['000201' + account + tail + '5901X6001Y', 'format', 'missing field 63 (CRC) at the end'],
    ['000201' + account + tail + '5901X6001Y' + '63041D3G', 'crc', 'field 63 (CRC) must be 4 upper-case hex digits, found "1D3G"'],
    ['000201' + account + tail + '5901X6001Y' + '6304', 'tlv', 'field 63 at position 74 declares length 4 but only 0 character(s) follow'],
    ['000201' + account + tail + '5901X6001Y' + '6302AB', 'crc', 'field 63 (CRC) must be 4 upper-case hex digits, found "AB"'],
    [
      '000201' + account + tail + '5901X6001Y' + '63',
      'tlv',
      'at position 74: 2 trailing character(s) "63" are too short for a field (2-digit id and 2-digit length)',
    ],
    ['', 'format', 'the Pix code is empty'],
  ];
  for (const [code, check, message] of cases) {
    const error = failure(code);
    assert.deepEqual([error.check, error.message], [check, message], code);
  }
});

test('the CRC field must come last', () => {
  const body = '000201' + '2633' + '0014br.gov.bcb.pix' + '011112345678909' + '52040000' + '5303986' + '5802BR' + '5901X' + '6001Y';
  const crc = crc16Hex(`${body}6304`);
  const error = failure(`${body}6304${crc}` + '6101Z');
  assert.deepEqual([error.check, error.message], ['format', 'field 63 (CRC) must be the last field']);
});

test('stripDiacritics makes Portuguese names fit the builder', () => {
  assert.equal(stripDiacritics('SÃO PAULO'), 'SAO PAULO');
  assert.equal(stripDiacritics('Conceição de Macabu'), 'Conceicao de Macabu');
});

test('recognises key kinds by shape', () => {
  assert.deepEqual(
    ['12345678909', '12345678000195', '+5561912345678', 'fulano@example.com.br', '123e4567-e12b-12d1-a456-426655440000', '123', 'no at sign'].map(pixKeyType),
    ['cpf', 'cnpj', 'phone', 'email', 'evp', undefined, undefined],
  );
});
