/** Normalises e-mail addresses and phone numbers (E.164) of debtor contacts. */

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

export function normalizeEmail(raw: string): { ok: true; value: string } | { ok: false; reason: string } {
  const value = raw.trim().toLowerCase();
  if (!emailPattern.test(value) || value.length > 254) return { ok: false, reason: `"${raw}" is not an e-mail address` };
  return { ok: true, value };
}

const callingCodes: Record<string, string> = { BR: '55', MX: '52', ES: '34', US: '1', PT: '351', AR: '54', CL: '56', CO: '57', PE: '51', UY: '598' };

/**
 * Returns the number in E.164 (+5511912345678). A number without "+" is read as national
 * to the customer's country.
 */
export function normalizePhone(raw: string, country: string): { ok: true; value: string } | { ok: false; reason: string } {
  const compact = raw.trim().replace(/[\s().-]/g, '');
  if (!/^\+?\d+$/.test(compact)) return { ok: false, reason: `"${raw}" is not a phone number` };
  let digits: string;
  if (compact.startsWith('+')) digits = compact.slice(1);
  else {
    const code = callingCodes[country];
    if (!code) return { ok: false, reason: `"${raw}" needs an international prefix (+country code)` };
    digits = code + compact.replace(/^0+/, '');
  }
  if (digits.length < 8 || digits.length > 15) return { ok: false, reason: `"${raw}" has ${digits.length} digits; E.164 numbers have 8 to 15` };
  return { ok: true, value: `+${digits}` };
}
