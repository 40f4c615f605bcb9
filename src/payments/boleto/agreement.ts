/**
 * The business's boleto agreement with its bank (org setting `boleto`), validated, and the
 * boleto a reminder carries: nosso número from a sequence number, free field through the
 * bank's adapter, barcode and linha digitável. Pure: the caller passes the dates.
 *
 *   { "bank": "001", "agreement": "1234567", "wallet": "17", "agency": "1234", "account": "12345", "days_to_pay": 3, "postal_days": 5 }
 *   { "bank": "341", "wallet": "109", "agency": "1234", "account": "12345" }
 *
 * Banco do Brasil needs the 7-digit convênio (`agreement`) and the carteira (`wallet`, 2
 * digits); agency and account are printed on the PDF. Itaú needs carteira (3 digits), agency
 * (4) and account (5, without its check digit).
 */
import type { FieldError } from '../../domain/field-error.ts';
import { addDays } from '../../domain/dates.ts';
import { buildBarcode } from './barcode.ts';
import { bancoDoBrasilConvenio7 } from './free-field/banco-do-brasil.ts';
import { ITAU_OTHER_LAYOUT_CARTEIRAS, itau, itauNossoNumeroDac } from './free-field/itau.ts';
import { barcodeToLine } from './line.ts';

export const boletoBanks = { '001': 'Banco do Brasil', '341': 'Itaú' } as const;
export type BoletoBank = keyof typeof boletoBanks;

export interface BoletoSettings {
  bank: BoletoBank;
  /** Banco do Brasil: the 7-digit convênio. */
  agreement?: string;
  /** Carteira: 2 digits at Banco do Brasil, 3 at Itaú. */
  wallet: string;
  agency: string;
  account: string;
  /** The boleto falls due this many days after the send date (default 3). */
  days_to_pay: number;
  /** A letter's boleto falls due this many days later still: the time the post takes (default 5). */
  postal_days: number;
}

/** Correios' carta simples takes up to about five business days between state capitals. */
const defaultPostalDays = 5;

export function validateBoletoSettings(raw: unknown): { ok: true; value: BoletoSettings } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const field = (name: string, reason: string) => errors.push({ field: `boleto.${name}`, reason });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return {
      ok: false,
      errors: [{ field: 'boleto', reason: 'must be an object such as {"bank":"001","agreement":"1234567","wallet":"17","agency":"1234","account":"12345"}' }],
    };
  const r = raw as Record<string, unknown>;
  const text = (name: string): string => (typeof r[name] === 'string' ? (r[name] as string).trim() : typeof r[name] === 'number' ? String(r[name]) : '');
  const bank = text('bank');
  const known = Object.keys(boletoBanks);
  if (!known.includes(bank)) field('bank', `"${bank}" is not a supported bank (${known.map((b) => `${b} ${boletoBanks[b as BoletoBank]}`).join(', ')})`);
  const wallet = text('wallet');
  const agency = text('agency');
  const account = text('account');
  const agreement = text('agreement');
  const daysRaw = r.days_to_pay ?? 3;
  const days = typeof daysRaw === 'number' ? daysRaw : Number.NaN;
  if (!Number.isInteger(days) || days < 0 || days > 60) field('days_to_pay', 'must be a whole number of days from 0 to 60');
  const postalRaw = r.postal_days ?? defaultPostalDays;
  const postalDays = typeof postalRaw === 'number' ? postalRaw : Number.NaN;
  if (!Number.isInteger(postalDays) || postalDays < 0 || postalDays > 30) field('postal_days', 'must be a whole number of days from 0 to 30');
  if (bank === '001') {
    if (!/^[1-9][0-9]{6}$/.test(agreement)) field('agreement', 'Banco do Brasil needs the 7-digit convênio');
    if (!/^[0-9]{2}$/.test(wallet)) field('wallet', 'Banco do Brasil carteira has 2 digits (e.g. 17)');
    if (!/^[0-9]{1,5}(-?[0-9Xx])?$/.test(agency)) field('agency', 'agency number (up to 5 digits, optional check digit)');
    if (!/^[0-9]{1,12}(-?[0-9Xx])?$/.test(account)) field('account', 'account number (up to 12 digits, optional check digit)');
  } else if (bank === '341') {
    if (!/^[0-9]{3}$/.test(wallet)) field('wallet', 'Itaú carteira has 3 digits (e.g. 109)');
    else if ((ITAU_OTHER_LAYOUT_CARTEIRAS as readonly string[]).includes(wallet)) field('wallet', `Itaú carteira ${wallet} uses another layout, not supported`);
    if (!/^[0-9]{4}$/.test(agency)) field('agency', 'Itaú agency has 4 digits');
    if (!/^[0-9]{5}$/.test(account)) field('account', 'Itaú account has 5 digits, without its check digit');
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: { bank: bank as BoletoBank, ...(bank === '001' ? { agreement } : {}), wallet, agency, account, days_to_pay: days, postal_days: postalDays },
  };
}

export interface IssuedBoleto {
  bank: BoletoBank;
  /** As the bank echoes it in a CNAB retorno (Banco do Brasil: 17 digits; Itaú: 8). */
  nossoNumero: string;
  /** As printed on the boleto (Itaú: carteira/number-DAC). */
  nossoNumeroPrinted: string;
  barcode: string;
  line: string;
  dueDate: string;
  amountMinor: number;
}

/**
 * The boleto for `sequence` (a number unique within the organisation, fixed per reminder) for
 * `amountMinor` centavos, due `days_to_pay` days after `sendDate`, plus `postal_days` when it
 * goes by post (the debtor gets the letter days after it is sent).
 */
export function issueBoleto(
  settings: BoletoSettings,
  sequence: number,
  amountMinor: number,
  sendDate: string,
  options: { byPost?: boolean } = {},
): { ok: true; value: IssuedBoleto } | { ok: false; error: string } {
  const dueDate = addDays(sendDate, settings.days_to_pay + (options.byPost ? settings.postal_days : 0));
  let freeField;
  let nossoNumero: string;
  let printed: string;
  if (settings.bank === '001') {
    const complement = String(sequence % 10_000_000_000).padStart(10, '0');
    freeField = bancoDoBrasilConvenio7.build({ convenio: settings.agreement ?? '', nossoNumeroComplement: complement, carteira: settings.wallet });
    nossoNumero = `${settings.agreement}${complement}`;
    printed = nossoNumero;
  } else {
    const number = String(sequence % 100_000_000).padStart(8, '0');
    freeField = itau.build({ carteira: settings.wallet, nossoNumero: number, agencia: settings.agency, conta: settings.account });
    nossoNumero = number;
    printed = `${settings.wallet}/${number}-${itauNossoNumeroDac(settings.agency, settings.account, settings.wallet, number)}`;
  }
  if (!freeField.ok) return { ok: false, error: freeField.error.message };
  const barcode = buildBarcode({ bankCode: settings.bank, dueDate, amountMinor, freeField: freeField.value });
  if (!barcode.ok) return { ok: false, error: barcode.error.message };
  const line = barcodeToLine(barcode.value);
  if (!line.ok) return { ok: false, error: line.error.message };
  return { ok: true, value: { bank: settings.bank, nossoNumero, nossoNumeroPrinted: printed, barcode: barcode.value, line: line.value, dueDate, amountMinor } };
}
