/**
 * The normal forms under which statement lines and open items are compared, and the
 * candidate invoice numbers read out of a line's free text.
 */

/** Upper case, letters and digits only, leading zeros dropped: banks pad nosso número differently. */
export function nossoNumeroKey(raw: string | undefined): string {
  const key = alphanumericKey(raw);
  return key.charCodeAt(0) === 48 ? key.replace(/^0+/, '') : key;
}

/**
 * A bank code as the 3-digit COMPE number: CNAB writes "341", OFX BANKID often "0341".
 * Anything that is not digits is kept as written, upper case.
 */
export function bankCodeKey(raw: string | undefined): string {
  const code = (raw ?? '').trim();
  if (!/^[0-9]+$/.test(code)) return code.toUpperCase();
  return code.replace(/^0+/, '').padStart(3, '0');
}

/** Pix txids are letters and digits; banks echo them in either case. */
export function txidKey(raw: string | undefined): string {
  return alphanumericKey(raw);
}

/** CPF / CNPJ (also the 2026 alphanumeric CNPJ) without punctuation. */
export function taxIdKey(raw: string | undefined): string {
  return alphanumericKey(raw);
}

const ALPHANUMERIC = /^[A-Z0-9]*$/;

/** Upper case, letters and digits only; the common already-clean value is returned as is. */
function alphanumericKey(raw: string | undefined): string {
  if (raw === undefined) return '';
  return ALPHANUMERIC.test(raw) ? raw : raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export function invoiceNumberKey(raw: string): string {
  const trimmed = raw.trim();
  return /[a-z]/.test(trimmed) ? trimmed.toUpperCase() : trimmed;
}

/** A Pix end-to-end id (not a txid we issued): E + ISPB + timestamp + 11 characters. */
export function isEndToEndId(raw: string): boolean {
  return /^E[0-9]{20}[A-Za-z0-9]{11}$/.test(raw);
}

/** Invoice numbers shorter than this are not looked for in free text: "12" is in too many memos. */
const MIN_REFERENCE_LENGTH = 3;
const MAX_PARTS = 6;

/**
 * Every whole token of the text that could be an invoice number, in the key form. Tokens are
 * separated by blanks and punctuation other than - / . _ #; inside a token, each run of
 * consecutive parts is a candidate too, so "REF:NF-2026-0102." yields "NF-2026-0102",
 * "2026-0102", "0102", "NF" … but never "NF-2026-010" or "F-2026".
 */
export function referenceTokens(text: string): string[] {
  const found = new Set<string>();
  for (const coarse of text.toUpperCase().split(/[^A-Z0-9\-/._#]+/)) {
    const token = trimSeparators(coarse);
    if (token === '') continue;
    const pieces = token.split(/([-/._#]+)/);
    // pieces alternate part, separator, part …
    for (let start = 0; start < pieces.length; start += 2) {
      let run = '';
      for (let end = start; end < pieces.length && end < start + 2 * MAX_PARTS; end += 2) {
        run += (end > start ? (pieces[end - 1] ?? '') : '') + (pieces[end] ?? '');
        if (run.length >= MIN_REFERENCE_LENGTH) found.add(run);
      }
    }
    if (token.length >= MIN_REFERENCE_LENGTH) found.add(token);
  }
  return [...found];
}

const SEPARATORS = new Set(['-', '/', '.', '_', '#']);

function trimSeparators(token: string): string {
  let start = 0;
  let end = token.length;
  while (start < end && SEPARATORS.has(token[start] as string)) start += 1;
  while (end > start && SEPARATORS.has(token[end - 1] as string)) end -= 1;
  return token.slice(start, end);
}
