import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/** An error the API answered ({"error": {code, message, details}}), or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
/** The session's CSRF token, sent as X-CSRF-Token on every mutation (POST, PUT, PATCH, DELETE). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

let onUnauthorized: () => void = () => {};
/** Called when the API answers 401: the session ended, the app shows sign-in again. */
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

const csrf: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && csrfToken) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
};

/** The typed client of /api/v1, generated from the server's OpenAPI document (web/scripts/openapi.ts). */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(csrf);

async function errorOf(response: Response, body?: unknown): Promise<ApiError> {
  let payload = body;
  if (payload === undefined) payload = await response.json().catch(() => null);
  const error = (payload as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
  if (response.status === 401) onUnauthorized();
  return new ApiError(response.status, error?.code ?? 'http_error', error?.message ?? `${response.status} ${response.statusText}`, error?.details ?? null);
}

/** Unwraps an openapi-fetch answer: its data, or throws the API's error. */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (cause) {
    throw new ApiError(0, 'network', cause instanceof Error ? cause.message : String(cause));
  }
  if (!result.response.ok) throw await errorOf(result.response, result.error);
  return result.data as T;
}

/** A request outside the typed client (the auth routes and the raw CSV upload). */
export async function request<T>(method: string, path: string, body?: { json?: unknown; text?: string; contentType?: string }): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let payload: string | undefined;
  if (body?.json !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body.json);
  } else if (body?.text !== undefined) {
    headers['content-type'] = body.contentType ?? 'text/plain';
    payload = body.text;
  }
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  } catch (cause) {
    throw new ApiError(0, 'network', cause instanceof Error ? cause.message : String(cause));
  }
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
