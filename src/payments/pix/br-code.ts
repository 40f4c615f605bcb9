/**
 * Pix BR Code ("copia e cola") payloads: build static and dynamic codes and
 * parse / validate a pasted code (Banco Central do Brasil, Manual de Padrões
 * para Iniciação do Pix, on top of EMV QRCPS-MPM).
 *
 * Field layout written by the builders, in this order:
 *   00 payload format indicator "01"
 *   01 point of initiation method ("11" reusable, "12" single use; dynamic codes only)
 *   26 merchant account information: 00 GUI "br.gov.bcb.pix",
 *      01 key (static) or 25 location URL without scheme (dynamic), 02 description (static, optional)
 *   52 merchant category code "0000"
 *   53 currency (ISO 4217 numeric, "986" = BRL)
 *   54 amount, decimal with a point and 2 decimals (optional)
 *   58 country code, 59 merchant name (≤ 25), 60 merchant city (≤ 15)
 *   62 additional data: 05 txid ("***" when none, else ≤ 25 letters/digits)
 *   63 CRC16-CCITT-FALSE over everything before it including "6304"
 *
 * Builders accept printable ASCII only (EMV "ans" characters) and report
 * anything else; use `stripDiacritics` first for names such as "São Paulo".
 * The parser is more tolerant of text (anything but control characters) so
 * that real codes from other generators still validate, but strict about
 * structure, lengths and the CRC.
 */
import type { Result } from '../result.ts';
import { err, ok } from '../result.ts';
import { crc16Hex } from './crc16.ts';
import type { TlvField, TlvInput, TlvNode } from './emv-tlv.ts';
import { decodeTlvTree, encodeTlv, quote, tlvLength } from './emv-tlv.ts';

const PIX_GUI = 'br.gov.bcb.pix';

export type PixCheck = 'crc' | 'tlv' | 'format' | 'field';

export interface PixError {
  readonly check: PixCheck;
  readonly message: string;
  /** The field concerned, as an EMV id path ("59", "26.01", "62.05"), when there is one. */
  readonly field?: string;
}

export type PixKeyType = 'cpf' | 'cnpj' | 'phone' | 'email' | 'evp';

export interface StaticPixInput {
  /** Pix key: CPF (11 digits), CNPJ (14 digits), phone (+5561912345678), e-mail or random key (UUID). */
  readonly key: string;
  /** Amount in centavos; omitted lets the payer type the amount. */
  readonly amountMinor?: number;
  /** Up to 25 letters and digits; default "***" (none). */
  readonly txid?: string;
  readonly merchantName: string;
  readonly merchantCity: string;
  /** Free text shown to the payer (field 26.02). */
  readonly description?: string;
  /** ISO 4217 numeric; default "986" (BRL). */
  readonly currency?: string;
  /** ISO 3166-1 alpha-2; default "BR". */
  readonly countryCode?: string;
}

export interface DynamicPixInput {
  /** The PSP's payload location, with or without "https://" (the code carries it without a scheme). */
  readonly locationUrl: string;
  readonly merchantName: string;
  readonly merchantCity: string;
  readonly amountMinor?: number;
  readonly currency?: string;
  readonly countryCode?: string;
  /** Point of initiation "11" (reusable) instead of the default "12" (single use). */
  readonly reusable?: boolean;
}

export interface ParsedPix {
  readonly key?: string;
  readonly keyType?: PixKeyType;
  readonly locationUrl?: string;
  readonly amountMinor?: number;
  /** As written in field 62.05; "***" means no txid. */
  readonly txid?: string;
  readonly merchantName: string;
  readonly merchantCity: string;
  readonly description?: string;
  readonly currency: string;
  readonly countryCode: string;
  /** "11" reusable, "12" single use. */
  readonly pointOfInitiation?: '11' | '12';
  readonly merchantCategoryCode: string;
  readonly postalCode?: string;
  readonly crc: string;
}

const MAX_NAME = 25;
const MAX_CITY = 15;
const MAX_TXID = 25;
const MAX_AMOUNT_TEXT = 13;
const MAX_VALUE = 99;
const GUI_FIELD_LENGTH = 4 + PIX_GUI.length;
/** 99 minus the GUI subfield and the 4-character header of the key or URL. */
const MAX_KEY_OR_URL = MAX_VALUE - GUI_FIELD_LENGTH - 4;

const FIELD_NAMES: Readonly<Record<string, string>> = {
  '00': 'payload format indicator',
  '01': 'point of initiation method',
  '26': 'merchant account information',
  '52': 'merchant category code',
  '53': 'transaction currency',
  '54': 'transaction amount',
  '58': 'country code',
  '59': 'merchant name',
  '60': 'merchant city',
  '61': 'postal code',
  '62': 'additional data field',
  '63': 'CRC',
  '26.00': 'GUI',
  '26.01': 'Pix key',
  '26.02': 'description',
  '26.25': 'location URL',
  '62.05': 'txid',
};

/** "field 59 (merchant name)"; sub-fields of any merchant account template 26-51 share 26's names. */
function label(path: string): string {
  const [top = '', sub] = path.split('.');
  const topNumber = Number(top);
  const lookup = sub !== undefined && topNumber >= 26 && topNumber <= 51 ? `26.${sub}` : path;
  const name = FIELD_NAMES[lookup];
  return name === undefined ? `field ${path}` : `field ${path} (${name})`;
}

function fieldError(path: string, problem: string): { ok: false; error: PixError } {
  return err({ check: 'field', field: path, message: `${label(path)} ${problem}` });
}

function formatError(message: string, path?: string): { ok: false; error: PixError } {
  return err(path === undefined ? { check: 'format', message } : { check: 'format', field: path, message });
}

const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1F\x7F-\x9F]/;
const EVP = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+[1-9][0-9]{1,14}$/;
const TXID = /^[A-Za-z0-9]{1,25}$/;
const AMOUNT = /^([0-9]+)(?:\.([0-9]{1,2}))?$/;

/** Remove accents ("São Paulo" → "Sao Paulo") so that text fits the builders' character set. */
export function stripDiacritics(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '');
}

/** Recognise the kind of a Pix key by its shape (check digits of CPF/CNPJ keys are not verified here). */
export function pixKeyType(key: string): PixKeyType | undefined {
  if (/^[0-9]{11}$/.test(key)) return 'cpf';
  if (/^[0-9]{14}$/.test(key)) return 'cnpj';
  if (PHONE.test(key)) return 'phone';
  if (EVP.test(key)) return 'evp';
  if (EMAIL.test(key) && PRINTABLE_ASCII.test(key)) return 'email';
  return undefined;
}

/** 12345 → "123.45"; 5 → "0.05". Integer in, text out: no floating point. */
export function formatPixAmount(amountMinor: number): string {
  const digits = String(amountMinor).padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** "123.45" → 12345, "10" → 1000, "10.5" → 1050; undefined when not a decimal amount. */
function parseAmount(text: string): number | undefined {
  const match = AMOUNT.exec(text);
  if (match === null) return undefined;
  const whole = match[1] ?? '';
  const cents = (match[2] ?? '').padEnd(2, '0');
  return Number(`${whole}${cents}`);
}

type Problem = { ok: false; error: PixError } | undefined;

function checkText(path: string, value: string, max: number): Problem {
  if (value.length === 0) return fieldError(path, 'is empty');
  if (!PRINTABLE_ASCII.test(value)) {
    const bad = Array.from(value).find((c) => !PRINTABLE_ASCII.test(c)) ?? '';
    return fieldError(path, `must be printable ASCII without accents, found ${quote(bad)} (use stripDiacritics)`);
  }
  if (tlvLength(value) > max) return fieldError(path, `is longer than ${max} characters`);
  return undefined;
}

function checkAmount(amountMinor: number | undefined): Problem {
  if (amountMinor === undefined) return undefined;
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) {
    return fieldError('54', `must be a positive whole number of centavos, got ${String(amountMinor)}`);
  }
  if (formatPixAmount(amountMinor).length > MAX_AMOUNT_TEXT) {
    return fieldError('54', `is longer than ${MAX_AMOUNT_TEXT} characters`);
  }
  return undefined;
}

function checkCommon(input: { merchantName: string; merchantCity: string; amountMinor?: number | undefined; currency: string; countryCode: string }): Problem {
  return (
    checkAmount(input.amountMinor) ??
    (/^[0-9]{3}$/.test(input.currency) ? undefined : fieldError('53', `must be 3 digits (ISO 4217), got ${quote(input.currency)}`)) ??
    (/^[A-Z]{2}$/.test(input.countryCode) ? undefined : fieldError('58', `must be 2 upper-case letters (ISO 3166-1), got ${quote(input.countryCode)}`)) ??
    checkText('59', input.merchantName, MAX_NAME) ??
    checkText('60', input.merchantCity, MAX_CITY)
  );
}

function assemble(fields: readonly TlvInput[]): Result<string, PixError> {
  const body = encodeTlv(fields);
  if (!body.ok) return err({ check: 'tlv', message: body.error.message });
  const upToCrc = `${body.value}6304`;
  return ok(`${upToCrc}${crc16Hex(upToCrc)}`);
}

function tailFields(input: {
  merchantName: string;
  merchantCity: string;
  amountMinor?: number | undefined;
  currency: string;
  countryCode: string;
  txid: string;
}): TlvInput[] {
  const fields: TlvInput[] = [
    { id: '52', value: '0000' },
    { id: '53', value: input.currency },
  ];
  if (input.amountMinor !== undefined) fields.push({ id: '54', value: formatPixAmount(input.amountMinor) });
  fields.push(
    { id: '58', value: input.countryCode },
    { id: '59', value: input.merchantName },
    { id: '60', value: input.merchantCity },
    { id: '62', children: [{ id: '05', value: input.txid }] },
  );
  return fields;
}

export function buildStaticPix(input: StaticPixInput): Result<string, PixError> {
  const currency = input.currency ?? '986';
  const countryCode = input.countryCode ?? 'BR';
  const txid = input.txid ?? '***';
  const { key, description } = input;

  if (key.length === 0) return fieldError('26.01', 'is empty');
  if (tlvLength(key) > MAX_KEY_OR_URL) return fieldError('26.01', `is longer than ${MAX_KEY_OR_URL} characters`);
  if (pixKeyType(key) === undefined) {
    return fieldError('26.01', `is not a CPF (11 digits), CNPJ (14 digits), phone (+55…), e-mail or random key (UUID): ${quote(key, 80)}`);
  }
  if (description !== undefined) {
    const room = MAX_VALUE - GUI_FIELD_LENGTH - (4 + tlvLength(key)) - 4;
    if (room < 1) return fieldError('26.02', 'does not fit: with this key field 26 has no room left');
    const problem = checkText('26.02', description, room);
    if (problem !== undefined) return problem;
  }
  const problem =
    checkCommon({ ...input, currency, countryCode }) ??
    (txid === '***' || TXID.test(txid) ? undefined : fieldError('62.05', `must be "***" or 1 to ${MAX_TXID} letters and digits, got ${quote(txid, 30)}`));
  if (problem !== undefined) return problem;

  const account: TlvInput[] = [
    { id: '00', value: PIX_GUI },
    { id: '01', value: key },
  ];
  if (description !== undefined) account.push({ id: '02', value: description });
  return assemble([{ id: '00', value: '01' }, { id: '26', children: account }, ...tailFields({ ...input, currency, countryCode, txid })]);
}

export function buildDynamicPix(input: DynamicPixInput): Result<string, PixError> {
  const currency = input.currency ?? '986';
  const countryCode = input.countryCode ?? 'BR';
  let url = input.locationUrl;
  if (/^https:\/\//i.test(url)) url = url.slice('https://'.length);
  else if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(url)) {
    return fieldError('26.25', `must be an https URL (written without the scheme), got ${quote(url, 40)}`);
  }
  if (url.length === 0) return fieldError('26.25', 'is empty');
  if (!/^[\x21-\x7E]+$/.test(url)) return fieldError('26.25', 'must be printable ASCII without spaces');
  if (!/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:[0-9]+)?(\/|$)/.test(url)) {
    return fieldError('26.25', `does not start with a host name: ${quote(url, 40)}`);
  }
  if (tlvLength(url) > MAX_KEY_OR_URL) return fieldError('26.25', `is longer than ${MAX_KEY_OR_URL} characters`);
  const problem = checkCommon({ ...input, currency, countryCode });
  if (problem !== undefined) return problem;

  return assemble([
    { id: '00', value: '01' },
    { id: '01', value: input.reusable === true ? '11' : '12' },
    {
      id: '26',
      children: [
        { id: '00', value: PIX_GUI },
        { id: '25', value: url },
      ],
    },
    // In a dynamic code the txid lives in the location's payload; 62.05 is "***".
    ...tailFields({ ...input, currency, countryCode, txid: '***' }),
  ]);
}

function duplicateId(fields: readonly TlvField[]): string | undefined {
  const seen = new Set<string>();
  for (const { id } of fields) {
    if (seen.has(id)) return id;
    seen.add(id);
  }
  return undefined;
}

function checkCrc(payload: string, given: string): Problem {
  if (!/^[0-9A-F]{4}$/.test(given)) {
    return err({ check: 'crc', field: '63', message: `${label('63')} must be 4 upper-case hex digits, found ${quote(given)}` });
  }
  const computed = crc16Hex(payload.slice(0, -4));
  if (computed !== given) {
    return err({ check: 'crc', field: '63', message: `CRC mismatch: payload says ${given}, computed ${computed}` });
  }
  return undefined;
}

function checkParsedText(path: string, value: string | undefined, max: number): Problem {
  if (value === undefined) return undefined;
  if (value.length === 0) return fieldError(path, 'is empty');
  if (CONTROL.test(value)) return fieldError(path, 'contains control characters');
  if (tlvLength(value) > max) return fieldError(path, `is longer than ${max} characters`);
  return undefined;
}

/**
 * Validate a pasted Pix code and return its fields, or the first failing
 * check. Surrounding whitespace is ignored; everything else must be exact.
 */
export function parsePix(code: string): Result<ParsedPix, PixError> {
  if (typeof code !== 'string') return formatError('a Pix code must be text');
  const payload = code.trim();
  if (payload.length === 0) return formatError('the Pix code is empty');

  // When the code ends like a CRC field, check the CRC first: a typo anywhere
  // is then reported as what it is rather than as whatever structure it broke.
  const tail = /6304([0-9A-Fa-f]{4})$/.exec(payload);
  if (tail !== null) {
    const problem = checkCrc(payload, tail[1] ?? '');
    if (problem !== undefined) return problem;
  }

  const tree = decodeTlvTree(payload);
  if (!tree.ok) return err({ check: 'tlv', message: tree.error.message });
  const nodes: readonly TlvNode[] = tree.value;

  const first = nodes[0];
  if (first === undefined || first.id !== '00') return formatError(`${label('00')} must be the first field`, '00');
  if (first.value !== '01') return formatError(`${label('00')} must be "01", found ${quote(first.value)}`, '00');
  const duplicate = duplicateId(nodes);
  if (duplicate !== undefined) return formatError(`${label(duplicate)} appears more than once`, duplicate);
  const last = nodes[nodes.length - 1];
  if (last === undefined || last.id !== '63') {
    return nodes.some((n) => n.id === '63')
      ? formatError(`${label('63')} must be the last field`, '63')
      : formatError(`missing ${label('63')} at the end`, '63');
  }
  if (tail === null) {
    const problem = checkCrc(payload, last.value);
    if (problem !== undefined) return problem;
  }

  const top = new Map(nodes.map((n) => [n.id, n]));
  const value = (id: string): string | undefined => top.get(id)?.value;

  const initiation = value('01');
  const pointOfInitiation = initiation === '11' || initiation === '12' ? initiation : undefined;
  if (initiation !== undefined && pointOfInitiation === undefined) {
    return fieldError('01', `must be "11" (reusable) or "12" (single use), found ${quote(initiation)}`);
  }

  const account = nodes.find((n) => Number(n.id) >= 26 && Number(n.id) <= 51 && n.children?.find((c) => c.id === '00')?.value.toLowerCase() === PIX_GUI);
  if (account === undefined || account.children === undefined) {
    return err({ check: 'field', field: '26', message: `missing field 26 with GUI ${PIX_GUI}` });
  }
  const sub = account.children;
  const subDuplicate = duplicateId(sub);
  if (subDuplicate !== undefined) {
    const path = `${account.id}.${subDuplicate}`;
    return formatError(`${label(path)} appears more than once`, path);
  }
  const subValue = (id: string): string | undefined => sub.find((c) => c.id === id)?.value;
  const key = subValue('01');
  const locationUrl = subValue('25');
  const description = subValue('02');
  if (key === undefined && locationUrl === undefined) {
    return fieldError(account.id, `has neither a Pix key (${account.id}.01) nor a location URL (${account.id}.25)`);
  }

  const required = ['52', '53', '58', '59', '60'] as const;
  for (const id of required) {
    if (value(id) === undefined) return fieldError(id, 'is missing');
  }
  const merchantCategoryCode = value('52') ?? '';
  const currency = value('53') ?? '';
  const countryCode = value('58') ?? '';
  const merchantName = value('59') ?? '';
  const merchantCity = value('60') ?? '';
  const amountText = value('54');
  const postalCode = value('61');
  const additional = top.get('62');
  const txid = additional?.children?.find((c) => c.id === '05')?.value;

  let amountMinor: number | undefined;
  if (amountText !== undefined) {
    if (amountText.length > MAX_AMOUNT_TEXT) return fieldError('54', `is longer than ${MAX_AMOUNT_TEXT} characters`);
    amountMinor = parseAmount(amountText);
    if (amountMinor === undefined) {
      return fieldError('54', `must be a decimal amount with a point, such as "123.45", found ${quote(amountText)}`);
    }
    if (amountMinor === 0) return fieldError('54', 'must be greater than zero');
  }

  const problem =
    checkParsedText(`${account.id}.01`, key, MAX_KEY_OR_URL) ??
    (locationUrl !== undefined && /\s/.test(locationUrl) ? fieldError(`${account.id}.25`, 'contains spaces') : undefined) ??
    checkParsedText(`${account.id}.25`, locationUrl, MAX_KEY_OR_URL) ??
    checkParsedText(`${account.id}.02`, description, MAX_VALUE) ??
    (/^[0-9]{4}$/.test(merchantCategoryCode) ? undefined : fieldError('52', `must be 4 digits, found ${quote(merchantCategoryCode)}`)) ??
    (/^[0-9]{3}$/.test(currency) ? undefined : fieldError('53', `must be 3 digits (ISO 4217), found ${quote(currency)}`)) ??
    (/^[A-Z]{2}$/.test(countryCode) ? undefined : fieldError('58', `must be 2 upper-case letters, found ${quote(countryCode)}`)) ??
    checkParsedText('59', merchantName, MAX_NAME) ??
    checkParsedText('60', merchantCity, MAX_CITY) ??
    checkParsedText('61', postalCode, MAX_VALUE) ??
    (txid === undefined || txid === '***' || TXID.test(txid)
      ? undefined
      : fieldError('62.05', `must be "***" or 1 to ${MAX_TXID} letters and digits, found ${quote(txid, 30)}`));
  if (problem !== undefined) return problem;

  const keyType = key === undefined ? undefined : pixKeyType(key);
  return ok({
    ...(key !== undefined && { key }),
    ...(keyType !== undefined && { keyType }),
    ...(locationUrl !== undefined && { locationUrl }),
    ...(amountMinor !== undefined && { amountMinor }),
    ...(txid !== undefined && { txid }),
    merchantName,
    merchantCity,
    ...(description !== undefined && { description }),
    currency,
    countryCode,
    ...(pointOfInitiation !== undefined && { pointOfInitiation }),
    merchantCategoryCode,
    ...(postalCode !== undefined && { postalCode }),
    crc: last.value,
  });
}
