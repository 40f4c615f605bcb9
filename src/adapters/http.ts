/**
 * The one outbound HTTP exchange every adapter makes (message channels, payment providers,
 * the credit bureau, organisation webhooks): send, read the whole body, parse JSON when there
 * is some. A network failure, a timeout or a body cut short means the request may or may not
 * have reached the other side; the caller names the error that says so in its own terms
 * (`unreachable`), and its retry carries the same idempotency key.
 */

/** The part of `fetch` the adapters use, so tests, proxies or an mTLS client can stand in. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  headers: Record<string, string>;
  body?: string;
}

export interface HttpReply {
  status: number;
  /** Parsed JSON body; undefined when the body is empty or not JSON. */
  json: unknown;
  text: string;
  retryAfterSeconds: number | undefined;
}

/** Builds the caller's error for "`peer` unreachable: …" / "`peer` response interrupted: …". */
export type Unreachable = (message: string, peer: string) => Error;

export async function httpExchange(
  fetchImpl: FetchLike,
  peer: string,
  url: string,
  request: HttpRequest,
  timeoutMs: number,
  unreachable: Unreachable,
): Promise<HttpReply> {
  let response: Response;
  try {
    response = await fetchImpl(url, { ...request, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw unreachable(`${peer} unreachable: ${describeFetchError(error)}`, peer);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw unreachable(`${peer} response interrupted: ${describeFetchError(error)}`, peer);
  }
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text, retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after')) };
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
