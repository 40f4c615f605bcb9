import type { Random } from './random.ts';

/**
 * Generators of tax ids with correct check digits, written from the published rules
 * (src/domain/tax-id.ts validates them; the tests check every generated id against it).
 * They return the form people write: CPF "123.456.789-09", CNPJ "12.345.678/0001-95",
 * EIN "12-3456789"; RFC, DNI and CIF have no separators.
 */

const DIGITS = '0123456789';

function mod11(digits: string, weights: readonly number[]): number {
  let sum = 0;
  weights.forEach((weight, i) => {
    sum += Number(digits.charAt(i)) * weight;
  });
  const remainder = sum % 11;
  return remainder < 2 ? 0 : 11 - remainder;
}

// Ninth CPF digit: the fiscal region that issued it (0 RS, 1 DF/GO/MT/MS/TO, … 8 SP, 9 PR/SC).
export function generateCpf(random: Random, fiscalRegion: number = random.int(0, 9)): string {
  const base = random.string(8, DIGITS) + String(fiscalRegion);
  const d1 = mod11(base, [10, 9, 8, 7, 6, 5, 4, 3, 2]);
  const d2 = mod11(base + d1, [11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
  const cpf = `${base}${d1}${d2}`;
  return `${cpf.slice(0, 3)}.${cpf.slice(3, 6)}.${cpf.slice(6, 9)}-${cpf.slice(9)}`;
}

/** CNPJ of a head office (branch 0001) or, now and then, of a branch. */
export function generateCnpj(random: Random): string {
  const root = String(random.int(1, 9)) + random.string(7, DIGITS);
  const branch = random.chance(0.9) ? '0001' : `000${random.int(2, 9)}`;
  const base = root + branch;
  const d1 = mod11(base, [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
  const d2 = mod11(base + d1, [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
  return `${root.slice(0, 2)}.${root.slice(2, 5)}.${root.slice(5, 8)}/${branch}-${d1}${d2}`;
}

// SAT table: 0-9 → 0-9, A-N → 10-23, & → 24, O-Z → 25-36, space → 37, Ñ → 38.
const RFC_TABLE = '0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ';
const HOMOCLAVE = '123456789ABCDEFGHIJKLMNPQRSTUVWXYZ';

function rfcCheck(base: string): string {
  // A company RFC (11 characters before the check) is padded with a leading space.
  const s = base.length === 11 ? ` ${base}` : base;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += RFC_TABLE.indexOf(s.charAt(i)) * (13 - i);
  const digit = 11 - (sum % 11);
  return digit === 11 ? '0' : digit === 10 ? 'A' : String(digit);
}

/** Plain upper-case letters of a name: accents dropped, Ñ kept (the RFC allows it). */
function rfcLetters(text: string): string {
  return text
    .toUpperCase()
    .normalize('NFD')
    .replace(/N\u0303/g, 'Ñ')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-ZÑ ]/g, ' ');
}

const COMPANY_FORM = /\b(S\s?A|DE|C\s?V|S|R\s?L|SAPI|Y|LA|EL|LOS|LAS|DEL|SC|A|C)\b/g;

/**
 * RFC of a persona moral: initials of the first three words of the name (the SAT rule,
 * simplified), the incorporation date as YYMMDD, a two-character homoclave, the check digit.
 */
export function generateCompanyRfc(random: Random, name: string, incorporated: string): string {
  const words = rfcLetters(name).replace(COMPANY_FORM, ' ').split(/\s+/).filter(Boolean);
  const [first = '', second = '', third = ''] = words;
  const letters =
    words.length >= 3 ? first.charAt(0) + second.charAt(0) + third.charAt(0) : words.length === 2 ? first.charAt(0) + second.slice(0, 2) : first.slice(0, 3);
  const base = letters.padEnd(3, 'X') + yymmdd(incorporated) + random.string(2, HOMOCLAVE);
  return base + rfcCheck(base);
}

/**
 * RFC of a persona física: first letter and first vowel of the paternal surname, the initial
 * of the maternal surname and of the given name, the birth date, homoclave and check digit.
 */
export function generatePersonRfc(random: Random, person: { given: string; paternal: string; maternal: string }, born: string): string {
  const paternal = rfcLetters(person.paternal).replace(/\s/g, '');
  const vowel = /[AEIOU]/.exec(paternal.slice(1))?.[0] ?? 'X';
  const maternal = rfcLetters(person.maternal).trim().charAt(0) || 'X';
  // "José" and "María" are skipped when another given name follows (SAT rule).
  const givenNames = rfcLetters(person.given).split(/\s+/).filter(Boolean);
  const given = (givenNames.length > 1 && /^(JOSE|MARIA|MA|J)$/.test(givenNames[0] ?? '') ? givenNames[1] : givenNames[0]) ?? 'X';
  const base = `${paternal.charAt(0)}${vowel}${maternal}${given.charAt(0)}` + yymmdd(born) + random.string(2, HOMOCLAVE);
  return base + rfcCheck(base);
}

function yymmdd(date: string): string {
  return date.slice(2, 4) + date.slice(5, 7) + date.slice(8, 10);
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

export function generateDni(random: Random): string {
  const digits = String(random.int(1_000_000, 79_999_999)).padStart(8, '0');
  return digits + DNI_LETTERS.charAt(Number(digits) % 23);
}

// First two digits of a CIF: the province of registration (Madrid, Barcelona, Valencia, Sevilla, Málaga, Bizkaia, Zaragoza).
const CIF_PROVINCES = ['28', '78', '80', '82', '84', '08', '58', '60', '62', '64', '46', '96', '97', '41', '91', '29', '92', '48', '95', '50', '99'];

/**
 * CIF of a company: its form letter (A sociedad anónima, B limitada, F cooperativa), the
 * province, a serial number and the control, a digit for these forms.
 */
export function generateCif(random: Random, form: 'A' | 'B' | 'F'): string {
  const digits = random.pick(CIF_PROVINCES) + random.string(5, DIGITS);
  let sum = 0;
  for (let i = 0; i < 7; i++) {
    const d = Number(digits.charAt(i));
    if (i % 2 === 1) sum += d;
    else sum += d * 2 > 9 ? d * 2 - 9 : d * 2;
  }
  return form + digits + String((10 - (sum % 10)) % 10);
}

// Prefixes the IRS assigns (campus and internet prefixes); the others are never issued.
const EIN_PREFIXES = [
  '01',
  '02',
  '03',
  '04',
  '05',
  '06',
  '10',
  '11',
  '12',
  '13',
  '14',
  '15',
  '16',
  '20',
  '21',
  '22',
  '23',
  '24',
  '25',
  '26',
  '27',
  '30',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '38',
  '39',
  '40',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '47',
  '48',
  '50',
  '51',
  '52',
  '53',
  '54',
  '55',
  '56',
  '57',
  '58',
  '59',
  '60',
  '61',
  '62',
  '63',
  '64',
  '65',
  '66',
  '67',
  '68',
  '71',
  '72',
  '73',
  '74',
  '75',
  '76',
  '77',
  '80',
  '81',
  '82',
  '83',
  '84',
  '85',
  '86',
  '87',
  '88',
  '90',
  '91',
  '92',
  '93',
  '94',
  '95',
  '98',
  '99',
];

export function generateEin(random: Random): string {
  return `${random.pick(EIN_PREFIXES)}-${random.string(7, DIGITS)}`;
}
