/**
 * Identifiers that banks leave in the free text of a statement line (OFX NAME/MEMO, CSV
 * description): the Pix txid we generated, a Pix end-to-end id, the payer's CPF/CNPJ.
 */
import { validateTaxId } from '../../domain/tax-id.ts';

// "TXID: abc123", "txid=abc123", "TxId abc123": a dynamic cob txid has 26-35 letters and
// digits, a static BR Code txid up to 25.
const LABELLED_TXID = /\btxid[\s:=#-]{0,3}([A-Za-z0-9]{1,35})\b/i;
// Pix end-to-end id: "E", the payer bank's 8-digit ISPB, yyyyMMddHHmm, 11 letters or digits.
const END_TO_END = /\bE[0-9]{8}20[0-9]{2}(?:0[1-9]|1[0-2])[0-9]{6}[A-Za-z0-9]{11}\b/;

/**
 * The labelled txid when there is one, else a Pix end-to-end id, else undefined. A labelled
 * value without any digit is taken for a word ("TXID NAOINFORMADO"), not an id.
 */
export function extractPixTxid(text: string): string | undefined {
  const labelled = LABELLED_TXID.exec(text);
  if (labelled?.[1] !== undefined && /[0-9]/.test(labelled[1])) return labelled[1];
  return END_TO_END.exec(text)?.[0];
}

const FORMATTED_CPF = /\b[0-9]{3}\.[0-9]{3}\.[0-9]{3}-[0-9]{2}\b/g;
const FORMATTED_CNPJ = /\b[0-9]{2}\.[0-9]{3}\.[0-9]{3}\/[0-9]{4}-[0-9]{2}\b/g;
const LABELLED_DIGITS = /\b(?:CPF|CNPJ|CPF\/CNPJ)[\s:.-]{0,3}([0-9]{14}|[0-9]{11})\b/gi;

/**
 * The first CPF or CNPJ in the text whose check digits are right, digits only. Bare runs of
 * 11 or 14 digits count only after a "CPF"/"CNPJ" label: account and document numbers of
 * that length would otherwise pass for tax ids about one time in a hundred.
 */
export function extractTaxId(text: string): string | undefined {
  const candidates: { at: number; value: string }[] = [];
  for (const pattern of [FORMATTED_CPF, FORMATTED_CNPJ]) {
    for (const m of text.matchAll(pattern)) candidates.push({ at: m.index, value: m[0] });
  }
  for (const m of text.matchAll(LABELLED_DIGITS)) candidates.push({ at: m.index, value: m[1] ?? '' });
  candidates.sort((a, b) => a.at - b.at);
  for (const { value } of candidates) {
    const result = validateTaxId('BR', value);
    if (result.ok && (result.kind === 'cpf' || result.kind === 'cnpj')) return result.normalized;
  }
  return undefined;
}
