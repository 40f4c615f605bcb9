/**
 * The one HTTP exchange every payment adapter makes: send, read the whole body, parse JSON
 * when there is some. Network failures and timeouts become TransientProviderError: the
 * request may or may not have reached the provider, and the retry carries the same
 * idempotency key (Stripe) or txid (Pix), so repeating it is safe.
 */
import { PermanentProviderError, TransientProviderError, type ProviderErrorDetails } from './errors.ts';

/** The part of `fetch` the adapters use, so tests, proxies or an mTLS client can stand in. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface ProviderRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  headers: Record<string, string>;
  body?: string;
}

export interface ProviderReply {
  status: number;
  /** Parsed JSON body; undefined when the body is empty or not JSON. */
  json: unknown;
  text: string;
  retryAfterSeconds: number | undefined;
}

export async function callProvider(
  fetchImpl: FetchLike,
  provider: string,
  url: string,
  request: ProviderRequest,
  timeoutMs: number,
): Promise<ProviderReply> {
  let response: Response;
  try {
    response = await fetchImpl(url, { ...request, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new TransientProviderError(`${provider} unreachable: ${describeFetchError(error)}`, { provider, code: 'unreachable' });
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw new TransientProviderError(`${provider} response interrupted: ${describeFetchError(error)}`, { provider, code: 'unreachable' });
  }
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text, retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after')) };
}

/**
 * The error for a non-2xx answer. 429 and 5xx pass with time; so do 408/409 (a concurrent
 * request holds the same idempotency key). 401/403 mean Régua's credentials or contract are
 * wrong, not the request: once the operator fixes them the same request must still go
 * through, so they are transient too, always with code "authentication_failed" (the
 * provider's own wording stays in the message).
 */
export function errorForStatus(message: string, details: ProviderErrorDetails & { status: number }): Error {
  const { status } = details;
  if (status === 401 || status === 403) {
    return new TransientProviderError(message, { ...details, code: 'authentication_failed' });
  }
  if (status === 408 || status === 409 || status === 429 || status >= 500) return new TransientProviderError(message, details);
  return new PermanentProviderError(message, details);
}

/** A 2xx answer whose body is not what the API documents. Replaying the request would give the same body. */
export function unexpectedResponse(provider: string, status: number, what: string): PermanentProviderError {
  return new PermanentProviderError(`${provider} answered ${status} ${what}`, { provider, status, code: 'unexpected_response' });
}

/** Retry-After is either delta-seconds or an HTTP date; only the first is worth trusting. */
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

/** Case-insensitive header lookup; repeated headers are joined with "," as HTTP allows. */
export function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return Array.isArray(value) ? value.join(',') : value;
  }
  return undefined;
}
