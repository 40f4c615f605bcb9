/**
 * EMV QR Code (EMVCo MPM) TLV: every field is a 2-digit id, a 2-digit length
 * and a value of that many characters. Some ids hold templates, i.e. their
 * value is itself a TLV list: 26-51 (merchant account information), 62
 * (additional data field), 64 (merchant information in another language) and
 * 80-99 (unreserved templates).
 *
 * Lengths count characters (Unicode code points), not bytes or UTF-16 units;
 * a Pix BR Code is ASCII, where all three coincide.
 *
 * Decoding never throws: bad input is an `err` whose message says where and
 * what is wrong.
 */
import type { Result } from '../result.ts';
import { err, ok } from '../result.ts';

export interface TlvError {
  readonly check: 'tlv';
  readonly message: string;
  /** Position (in characters) in the decoded input where the problem was found. */
  readonly offset?: number;
}

export interface TlvField {
  readonly id: string;
  readonly value: string;
}

/** A decoded field; templates also carry their decoded children. */
export interface TlvNode extends TlvField {
  readonly children?: readonly TlvField[];
}

/** What `encodeTlv` accepts: a plain value or a template built from children. */
export type TlvInput = { readonly id: string; readonly value: string } | { readonly id: string; readonly children: readonly TlvInput[] };

const TWO_DIGITS = /^[0-9]{2}$/;
const MAX_VALUE_LENGTH = 99;

/** Whether an EMV id denotes a template (its value is a nested TLV list). */
export function isEmvTemplateId(id: string): boolean {
  if (!TWO_DIGITS.test(id)) return false;
  const n = Number(id);
  return (n >= 26 && n <= 51) || n === 62 || n === 64 || n >= 80;
}

/** Length of a value as EMV counts it: characters (code points). */
export function tlvLength(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

/** Quote a piece of user input for an error message, shortened and with control characters visible. */
export function quote(text: string, max = 20): string {
  const chars = Array.from(text);
  const shown = chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
  return JSON.stringify(shown);
}

export function encodeTlv(fields: readonly TlvInput[]): Result<string, TlvError> {
  let out = '';
  for (const field of fields) {
    if (!TWO_DIGITS.test(field.id)) {
      return err({ check: 'tlv', message: `field id ${quote(field.id)} is not two digits` });
    }
    let value: string;
    if ('children' in field) {
      const inner = encodeTlv(field.children);
      if (!inner.ok) return err({ check: 'tlv', message: `inside field ${field.id}: ${inner.error.message}` });
      value = inner.value;
    } else {
      value = field.value;
    }
    const length = tlvLength(value);
    if (length < 1 || length > MAX_VALUE_LENGTH) {
      return err({
        check: 'tlv',
        message: `field ${field.id} has ${length} characters; an EMV value has 1 to ${MAX_VALUE_LENGTH}`,
      });
    }
    out += `${field.id}${String(length).padStart(2, '0')}${value}`;
  }
  return ok(out);
}

interface Located extends TlvField {
  /** Offset of the value's first character in the whole input. */
  readonly valueOffset: number;
}

function decodeChars(chars: readonly string[], base: number): Result<Located[], TlvError> {
  const fields: Located[] = [];
  let i = 0;
  while (i < chars.length) {
    const at = base + i;
    const remaining = chars.length - i;
    if (remaining < 4) {
      return err({
        check: 'tlv',
        offset: at,
        message: `at position ${at}: ${remaining} trailing character(s) ${quote(chars.slice(i).join(''))} are too short for a field (2-digit id and 2-digit length)`,
      });
    }
    const id = chars.slice(i, i + 2).join('');
    if (!TWO_DIGITS.test(id)) {
      return err({ check: 'tlv', offset: at, message: `at position ${at}: expected a 2-digit field id, found ${quote(id)}` });
    }
    const lengthText = chars.slice(i + 2, i + 4).join('');
    if (!TWO_DIGITS.test(lengthText)) {
      return err({
        check: 'tlv',
        offset: at + 2,
        message: `field ${id} at position ${at}: expected a 2-digit length, found ${quote(lengthText)}`,
      });
    }
    const length = Number(lengthText);
    const available = remaining - 4;
    if (length > available) {
      return err({
        check: 'tlv',
        offset: at,
        message: `field ${id} at position ${at} declares length ${length} but only ${available} character(s) follow`,
      });
    }
    fields.push({ id, value: chars.slice(i + 4, i + 4 + length).join(''), valueOffset: at + 4 });
    i += 4 + length;
  }
  return ok(fields);
}

/** Decode one level of TLV fields. The empty string decodes to no fields. */
export function decodeTlv(input: string): Result<TlvField[], TlvError> {
  const decoded = decodeChars(Array.from(input), 0);
  if (!decoded.ok) return decoded;
  return ok(decoded.value.map(({ id, value }) => ({ id, value })));
}

/**
 * Decode the top level and, for template ids, their children (one level of
 * nesting, which is all a BR Code uses). A template whose value is not a
 * valid TLV list is an error naming the template.
 */
export function decodeTlvTree(input: string, isTemplate: (id: string) => boolean = isEmvTemplateId): Result<TlvNode[], TlvError> {
  const decoded = decodeChars(Array.from(input), 0);
  if (!decoded.ok) return decoded;
  const nodes: TlvNode[] = [];
  for (const field of decoded.value) {
    if (!isTemplate(field.id)) {
      nodes.push({ id: field.id, value: field.value });
      continue;
    }
    const inner = decodeChars(Array.from(field.value), field.valueOffset);
    if (!inner.ok) {
      return err({ ...inner.error, message: `inside template field ${field.id}: ${inner.error.message}` });
    }
    nodes.push({ id: field.id, value: field.value, children: inner.value.map(({ id, value }) => ({ id, value })) });
  }
  return ok(nodes);
}
