import { TransientDeliveryError } from './transport.ts';

/** The part of `fetch` the HTTP providers use, so tests and proxies can swap it. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface ProviderResponse {
  status: number;
  /** Parsed JSON body, or undefined when the body is empty or not JSON. */
  json: unknown;
  text: string;
  retryAfterSeconds: number | undefined;
}

/**
 * One POST to a provider API. Network failures and timeouts become TransientDeliveryError:
 * the message may or may not have left, and the caller's retry carries the same idempotency key.
 */
export async function postToProvider(
  fetchImpl: FetchLike,
  provider: string,
  url: string,
  init: { headers: Record<string, string>; body: string },
  timeoutMs: number,
): Promise<ProviderResponse> {
  let response: Response;
  try {
    response = await fetchImpl(url, { method: 'POST', headers: init.headers, body: init.body, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new TransientDeliveryError(`${provider} unreachable: ${describeFetchError(error)}`);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw new TransientDeliveryError(`${provider} response interrupted: ${describeFetchError(error)}`);
  }
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text, retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after')) };
}

/** Retry-After is either delta-seconds or an HTTP date; only the first is worth trusting here. */
function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'timed out';
  const cause = (error as { cause?: unknown }).cause;
  const detail = cause instanceof Error ? cause.message : '';
  return detail ? `${error.message} (${detail})` : error.message;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
