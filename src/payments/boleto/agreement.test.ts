import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { issueBoleto, validateBoletoSettings } from './agreement.ts';
import { parseBoleto } from './parse.ts';

describe('boleto agreement setting', () => {
  test('a Banco do Brasil agreement is accepted with its defaults', () => {
    const result = validateBoletoSettings({ bank: '001', agreement: '1234567', wallet: '17', agency: '1234-5', account: '12345-6' });
    assert.deepEqual(result, {
      ok: true,
      value: { bank: '001', agreement: '1234567', wallet: '17', agency: '1234-5', account: '12345-6', days_to_pay: 3, postal_days: 5 },
    });
  });

  test('each wrong field is named', () => {
    const result = validateBoletoSettings({ bank: '001', agreement: '123', wallet: '7', agency: '1234', account: '1', days_to_pay: -1 });
    assert.equal(result.ok, false);
    if (!result.ok) assert.deepEqual(result.errors.map((e) => e.field).sort(), ['boleto.agreement', 'boleto.days_to_pay', 'boleto.wallet']);
    const bank = validateBoletoSettings({ bank: '999', wallet: '17', agency: '1', account: '1' });
    assert.equal(bank.ok, false);
    if (!bank.ok) assert.match(bank.errors[0]!.reason, /not a supported bank/);
    assert.equal(validateBoletoSettings('001').ok, false);
    const itau = validateBoletoSettings({ bank: '341', wallet: '198', agency: '12', account: '1234567' });
    assert.equal(itau.ok, false);
    if (!itau.ok) assert.deepEqual(itau.errors.map((e) => e.field).sort(), ['boleto.account', 'boleto.agency', 'boleto.wallet']);
  });
});

describe('issueBoleto', () => {
  test('Banco do Brasil: nosso número = convênio + sequence, a line that parses back to the amount, due date and bank', () => {
    const settings = validateBoletoSettings({ bank: '001', agreement: '1234567', wallet: '17', agency: '1234', account: '12345', days_to_pay: 5 });
    assert.ok(settings.ok);
    const boleto = issueBoleto(settings.value, 42, 71_050, '2026-03-03');
    assert.ok(boleto.ok);
    assert.equal(boleto.value.nossoNumero, '12345670000000042');
    assert.equal(boleto.value.dueDate, '2026-03-08');
    const parsed = parseBoleto(boleto.value.line, '2026-03-03');
    assert.ok(parsed.ok, JSON.stringify(parsed));
    assert.equal(parsed.value.amountMinor, 71_050);
    assert.equal(parsed.value.dueDate, '2026-03-08');
    assert.equal(parsed.value.bankCode, '001');
    assert.equal(parsed.value.barcode, boleto.value.barcode);
  });

  test("a letter's boleto falls due after the post has carried it: postal days plus days to pay", () => {
    const settings = validateBoletoSettings({
      bank: '001',
      agreement: '1234567',
      wallet: '17',
      agency: '1234',
      account: '12345',
      days_to_pay: 3,
      postal_days: 4,
    });
    assert.ok(settings.ok);
    const letter = issueBoleto(settings.value, 7, 10_000, '2026-03-03', { byPost: true });
    assert.ok(letter.ok);
    assert.equal(letter.value.dueDate, '2026-03-10');
    const byDefault = validateBoletoSettings({ bank: '001', agreement: '1234567', wallet: '17', agency: '1234', account: '12345' });
    assert.ok(byDefault.ok);
    assert.equal(byDefault.value.postal_days, 5);
    assert.equal(validateBoletoSettings({ bank: '001', agreement: '1234567', wallet: '17', agency: '1', account: '1', postal_days: -2 }).ok, false);
  });

  test('Itaú: 8-digit nosso número with its DAC printed', () => {
    const settings = validateBoletoSettings({ bank: '341', wallet: '109', agency: '0057', account: '12345' });
    assert.ok(settings.ok);
    const boleto = issueBoleto(settings.value, 123_456_789, 10_000, '2026-03-03');
    assert.ok(boleto.ok);
    assert.equal(boleto.value.nossoNumero, '23456789');
    assert.match(boleto.value.nossoNumeroPrinted, /^109\/23456789-\d$/);
    assert.ok(parseBoleto(boleto.value.line, '2026-03-03').ok);
  });

  test('an amount above what a boleto holds is refused, not mis-encoded', () => {
    const settings = validateBoletoSettings({ bank: '001', agreement: '1234567', wallet: '17', agency: '1', account: '1' });
    assert.ok(settings.ok);
    assert.equal(issueBoleto(settings.value, 1, 10_000_000_000, '2026-03-03').ok, false);
  });
});
