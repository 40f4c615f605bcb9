/**
 * Requests to the debtor portal per client address: at most `max` in a fixed window. Pure:
 * the counter and "now" are inputs; the caller keeps one counter per address.
 */
export interface WindowCounter {
  windowStart: number;
  count: number;
}

export const portalRateLimit = { windowMs: 60_000, max: 60 };

export function countRequest(counter: WindowCounter | undefined, nowMs: number, limit = portalRateLimit): { counter: WindowCounter; allowed: boolean } {
  const current = counter && nowMs - counter.windowStart < limit.windowMs ? counter : { windowStart: nowMs, count: 0 };
  const next = { windowStart: current.windowStart, count: current.count + 1 };
  return { counter: next, allowed: next.count <= limit.max };
}
