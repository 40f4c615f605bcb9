/**
 * How long people's text may be, wherever it comes in (API bodies, CSV rows): names and
 * identifiers, descriptions and reasons, notes and interaction text. Documented in the README.
 */
export const textLimits = { name: 200, description: 1000, note: 5000 } as const;

// A UTF-16 surrogate without its pair has no UTF-8 form.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a text cannot be stored as it is, or null: too long for its kind, a NUL character, an unpaired surrogate. */
export function textProblem(value: string, maxLength: number): string | null {
  if (value.length > maxLength) return `is longer than ${maxLength} characters`;
  if (value.includes('\u0000')) return 'must not contain a NUL character (\\u0000)';
  if (loneSurrogate.test(value)) return 'must be valid Unicode text (it has an unpaired surrogate)';
  return null;
}
