// Validation and normalisation of customer tax ids (CPF/CNPJ, RFC, NIF/NIE, EIN/SSN).
// Pure functions, no I/O.

export type TaxIdKind = 'cpf' | 'cnpj' | 'rfc' | 'nif' | 'nie' | 'ein' | 'ssn' | 'other';

export type TaxIdResult = { ok: true; kind: TaxIdKind; normalized: string; partyType: 'consumer' | 'business' } | { ok: false; reason: string };

type PartyType = 'consumer' | 'business';

const ok = (kind: TaxIdKind, normalized: string, partyType: PartyType): TaxIdResult => ({
  ok: true,
  kind,
  normalized,
  partyType,
});
const fail = (reason: string): TaxIdResult => ({ ok: false, reason });

// Separators people type inside tax ids: whitespace (incl. NBSP), dots, slashes, ASCII and Unicode dashes.
const SEPARATORS = /[\s./\-\u2010-\u2015\u2212]/g;

/** Upper-cases, composes (so a decomposed "N" + combining tilde becomes "Ñ") and drops separators. */
function normalize(raw: string): string {
  return raw.normalize('NFC').toUpperCase().replace(SEPARATORS, '');
}

const ALNUM = /^[A-Z0-9]+$/;
const BAD_CHARS = 'tax id may only contain letters, digits and separators';

export function validateTaxId(country: string, raw: string): TaxIdResult {
  const normalized = normalize(raw);
  if (normalized === '') return fail('tax id is empty');
  const cc = country.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(cc)) return fail('country must be a two-letter ISO 3166-1 code');

  switch (cc) {
    case 'BR':
      return validateBrazil(normalized, raw);
    case 'MX':
      return validateMexico(normalized);
    case 'ES':
      return validateSpain(normalized);
    case 'US':
      return validateUnitedStates(normalized, raw);
    default:
      if (!ALNUM.test(normalized)) return fail(BAD_CHARS);
      if (normalized.length < 3 || normalized.length > 30) {
        return fail('tax id must have 3 to 30 letters or digits');
      }
      return ok('other', normalized, 'business');
  }
}

// ---------------------------------------------------------------- Brazil

/**
 * Mod-11 check digit shared by CPF and CNPJ: value of each character is its ASCII code minus 48
 * (so '0'..'9' → 0..9 and 'A' → 17 for the alphanumeric CNPJ); remainder < 2 → 0, else 11 − remainder.
 */
function mod11CheckDigit(chars: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += (chars.charCodeAt(i) - 48) * (weights[i] ?? 0);
  const r = sum % 11;
  return r < 2 ? 0 : 11 - r;
}

const CPF_W1 = [10, 9, 8, 7, 6, 5, 4, 3, 2] as const;
const CPF_W2 = [11, 10, 9, 8, 7, 6, 5, 4, 3, 2] as const;
const CNPJ_W1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2] as const;
const CNPJ_W2 = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2] as const;

function cpfCheckDigits(base9: string): string {
  const d1 = mod11CheckDigit(base9, CPF_W1);
  const d2 = mod11CheckDigit(base9 + String(d1), CPF_W2);
  return `${d1}${d2}`;
}

function cnpjCheckDigits(base12: string): string {
  const d1 = mod11CheckDigit(base12, CNPJ_W1);
  const d2 = mod11CheckDigit(base12 + String(d1), CNPJ_W2);
  return `${d1}${d2}`;
}

const allSame = (s: string): boolean => s.split('').every((c) => c === s[0]);

function validateBrazil(n: string, raw: string): TaxIdResult {
  if (!ALNUM.test(n)) return fail(BAD_CHARS);
  const hasLetter = /[A-Z]/.test(n);
  if (n.length === 11 && !hasLetter) {
    if (allSame(n)) return fail('CPF cannot have all digits the same');
    if (cpfCheckDigits(n.slice(0, 9)) !== n.slice(9)) return fail('CPF check digits do not match');
    return ok('cpf', n, 'consumer');
  }
  if (n.length === 14) {
    if (!/^\d{2}$/.test(n.slice(12))) return fail('CNPJ must end with 2 numeric check digits');
    if (allSame(n)) return fail('CNPJ cannot have all digits the same');
    if (cnpjCheckDigits(n.slice(0, 12)) !== n.slice(12)) return fail('CNPJ check digits do not match');
    return ok('cnpj', n, 'business');
  }
  // Wrong length: say which document it looks like.
  if (n.length < 11 && !hasLetter && !raw.includes('/')) return fail('CPF must have 11 digits');
  return fail('CNPJ must have 14 characters');
}

// ---------------------------------------------------------------- Mexico

// SAT character table for the RFC check digit: 0-9 → 0-9, A-N → 10-23, & → 24, O-Z → 25-36, space → 37, Ñ → 38.
const RFC_TABLE = '0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ';
const GENERIC_RFCS: ReadonlySet<string> = new Set(['XAXX010101000', 'XEXX010101000']);

/** Check digit over the first 11 (persona moral) or 12 (persona física) characters, or over a full RFC. */
function rfcCheckDigit(rfc: string): string {
  const s = rfc.length === 12 ? ` ${rfc}` : rfc;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += RFC_TABLE.indexOf(s.charAt(i)) * (13 - i);
  const d = 11 - (sum % 11);
  return d === 11 ? '0' : d === 10 ? 'A' : String(d);
}

function isValidYymmdd(yymmdd: string): boolean {
  const yy = Number(yymmdd.slice(0, 2));
  const mm = Number(yymmdd.slice(2, 4));
  const dd = Number(yymmdd.slice(4, 6));
  if (mm < 1 || mm > 12 || dd < 1) return false;
  // The century is not encoded. YY % 4 === 0 is a leap year in 19YY or 20YY (2000 was leap), so
  // 29 February is accepted whenever some century makes it a real date.
  const leap = yy % 4 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mm - 1] ?? 0;
  return dd <= days;
}

function validateMexico(n: string): TaxIdResult {
  if (!/^[A-Z0-9Ñ&]+$/.test(n)) return fail(BAD_CHARS);
  if (n.length !== 12 && n.length !== 13) {
    return fail('RFC must have 12 characters (company) or 13 characters (individual)');
  }
  const letters = n.length - 9;
  if (!/^[A-ZÑ&]+$/.test(n.slice(0, letters))) {
    return fail(letters === 3 ? 'RFC of a company must start with 3 letters' : 'RFC of an individual must start with 4 letters');
  }
  const date = n.slice(letters, letters + 6);
  if (!/^\d{6}$/.test(date)) return fail('RFC must have a 6-digit date (YYMMDD) after the letters');
  if (!isValidYymmdd(date)) return fail('RFC date is not a valid calendar date');
  if (!/^[A-Z0-9]{3}$/.test(n.slice(letters + 6))) return fail('RFC homoclave must be 3 letters or digits');
  const partyType: PartyType = n.length === 12 ? 'business' : 'consumer';
  if (GENERIC_RFCS.has(n)) return ok('rfc', n, partyType);
  if (rfcCheckDigit(n) !== n.charAt(n.length - 1)) return fail('RFC check digit does not match');
  return ok('rfc', n, partyType);
}

// ---------------------------------------------------------------- Spain

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';
const CIF_LETTERS = 'JABCDEFGHI';

function dniLetter(digits: string): string {
  return DNI_LETTERS.charAt(Number(digits) % 23);
}

/** CIF control (0-9) over the 7 digits after the organisation letter. */
function cifControl(digits7: string): number {
  let sum = 0;
  for (let i = 0; i < 7; i++) {
    const d = digits7.charCodeAt(i) - 48;
    if (i % 2 === 1) {
      sum += d; // even positions (2nd, 4th, 6th)
    } else {
      const doubled = d * 2; // odd positions (1st, 3rd, 5th, 7th): double, add the digits
      sum += doubled > 9 ? doubled - 9 : doubled;
    }
  }
  return (10 - (sum % 10)) % 10;
}

function validateSpain(input: string): TaxIdResult {
  if (!ALNUM.test(input)) return fail(BAD_CHARS);
  // EU VAT form "ESB12345674": no Spanish NIF has 11 characters, so the prefix is unambiguous.
  const n = input.length === 11 && input.startsWith('ES') ? input.slice(2) : input;
  if (n.length !== 9) return fail('Spanish NIF must have 9 characters');
  const first = n.charAt(0);

  if (/\d/.test(first)) {
    if (!/^\d{8}[A-Z]$/.test(n)) return fail('DNI must be 8 digits followed by a control letter');
    if (dniLetter(n.slice(0, 8)) !== n.charAt(8)) return fail('DNI control letter does not match');
    return ok('nif', n, 'consumer');
  }
  if ('XYZ'.includes(first)) {
    if (!/^[XYZ]\d{7}[A-Z]$/.test(n)) return fail('NIE must be X, Y or Z, 7 digits and a control letter');
    const prefix = String('XYZ'.indexOf(first));
    if (dniLetter(prefix + n.slice(1, 8)) !== n.charAt(8)) return fail('NIE control letter does not match');
    return ok('nie', n, 'consumer');
  }
  if ('KLM'.includes(first)) {
    // Individuals without DNI/NIE (K: under 14, L: Spanish resident abroad, M: foreigner without NIE):
    // control letter is the DNI one over the 7 digits.
    if (!/^[KLM]\d{7}[A-Z]$/.test(n)) return fail('NIF must be K, L or M, 7 digits and a control letter');
    if (dniLetter(n.slice(1, 8)) !== n.charAt(8)) return fail('NIF control letter does not match');
    return ok('nif', n, 'consumer');
  }
  if ('ABCDEFGHJNPQRSUVW'.includes(first)) {
    if (!/^[A-Z]\d{7}[0-9A-J]$/.test(n)) {
      return fail('CIF must be a letter, 7 digits and a control digit or letter');
    }
    const control = cifControl(n.slice(1, 8));
    const asDigit = String(control);
    const asLetter = CIF_LETTERS.charAt(control);
    const given = n.charAt(8);
    const givenIsLetter = /[A-Z]/.test(given);
    if ('PQSNW'.includes(first) && !givenIsLetter) return fail(`CIF starting with ${first} must end with a control letter`);
    if ('ABEH'.includes(first) && givenIsLetter) return fail(`CIF starting with ${first} must end with a control digit`);
    if (given !== asDigit && given !== asLetter) return fail('CIF control character does not match');
    return ok('nif', n, 'business');
  }
  return fail(`Spanish NIF cannot start with the letter ${first}`);
}

// ---------------------------------------------------------------- United States

// Two-digit EIN prefixes the IRS does not assign.
const EIN_INVALID_PREFIXES: ReadonlySet<string> = new Set([
  '00',
  '07',
  '08',
  '09',
  '17',
  '18',
  '19',
  '28',
  '29',
  '49',
  '69',
  '70',
  '78',
  '79',
  '89',
  '96',
  '97',
]);

function validateUnitedStates(n: string, raw: string): TaxIdResult {
  if (/^\d{3}-\d{2}-\d{4}$/.test(raw.trim())) {
    const area = Number(n.slice(0, 3));
    if (area === 0 || area === 666 || area >= 900) return fail(`SSN area number ${n.slice(0, 3)} is not valid`);
    if (n.slice(3, 5) === '00') return fail('SSN group number cannot be 00');
    if (n.slice(5) === '0000') return fail('SSN serial number cannot be 0000');
    return ok('ssn', n, 'consumer');
  }
  if (!ALNUM.test(n)) return fail(BAD_CHARS);
  if (!/^\d+$/.test(n)) return fail('EIN must contain only digits');
  if (n.length !== 9) return fail('EIN must have 9 digits');
  const prefix = n.slice(0, 2);
  if (EIN_INVALID_PREFIXES.has(prefix)) return fail(`EIN prefix ${prefix} is not one the IRS assigns`);
  return ok('ein', n, 'business');
}

// ---------------------------------------------------------------- formatting

/**
 * Human format of a normalized tax id. RFC, NIF and NIE are conventionally written without
 * separators, so they (and 'other') come back unchanged, as does anything not in normalized form.
 */
export function formatTaxId(kind: TaxIdKind, normalized: string): string {
  const s = normalized;
  switch (kind) {
    case 'cpf':
      return /^\d{11}$/.test(s) ? `${s.slice(0, 3)}.${s.slice(3, 6)}.${s.slice(6, 9)}-${s.slice(9)}` : s;
    case 'cnpj':
      return /^[A-Z0-9]{12}\d{2}$/.test(s) ? `${s.slice(0, 2)}.${s.slice(2, 5)}.${s.slice(5, 8)}/${s.slice(8, 12)}-${s.slice(12)}` : s;
    case 'ein':
      return /^\d{9}$/.test(s) ? `${s.slice(0, 2)}-${s.slice(2)}` : s;
    case 'ssn':
      return /^\d{9}$/.test(s) ? `${s.slice(0, 3)}-${s.slice(3, 5)}-${s.slice(5)}` : s;
    case 'rfc':
    case 'nif':
    case 'nie':
    case 'other':
      return s;
  }
}

/** A tax id as people write it (CNPJ 11.222.333/0001-81) when it is valid for the country; as stored otherwise. */
export function displayTaxId(country: string, taxId: string): string {
  const result = validateTaxId(country, taxId);
  return result.ok ? formatTaxId(result.kind, result.normalized) : taxId;
}
