/**
 * Sign-in rate limiting: at most 5 failed attempts per account and 20 per address in a sliding
 * 15-minute window. Pure: the failures and "now" are inputs.
 */
export interface LoginLimits {
  windowMs: number;
  perAccount: number;
  perAddress: number;
}

const loginLimits: LoginLimits = { windowMs: 15 * 60_000, perAccount: 5, perAddress: 20 };

export type LoginDecision = { allowed: true } | { allowed: false; scope: 'account' | 'address'; retryAt: Date };

/**
 * `accountFailures` / `addressFailures`: times of the failed attempts within the window (any
 * order). Refused while the limit is reached; allowed again when the oldest failure that counts
 * leaves the window.
 */
export function decideLogin(accountFailures: readonly Date[], addressFailures: readonly Date[], now: Date, limits: LoginLimits = loginLimits): LoginDecision {
  const check = (failures: readonly Date[], max: number): Date | null => {
    const recent = failures
      .map((d) => d.getTime())
      .filter((t) => t > now.getTime() - limits.windowMs && t <= now.getTime())
      .sort((a, b) => b - a);
    if (recent.length < max) return null;
    // The max-th most recent failure must leave the window before one more attempt is allowed.
    return new Date(recent[max - 1]! + limits.windowMs);
  };
  const account = check(accountFailures, limits.perAccount);
  if (account) return { allowed: false, scope: 'account', retryAt: account };
  const address = check(addressFailures, limits.perAddress);
  if (address) return { allowed: false, scope: 'address', retryAt: address };
  return { allowed: true };
}

/** The window start: failures before it no longer count. */
export function loginWindowStart(now: Date, limits: LoginLimits = loginLimits): Date {
  return new Date(now.getTime() - limits.windowMs);
}
