/**
 * OAuth 2.0 client-credentials tokens (RFC 6749 §4.4), as API Pix PSPs issue them:
 * POST <tokenUrl> with HTTP Basic client authentication and `grant_type=client_credentials`,
 * answered by `{ access_token, token_type, expires_in }`. One token is shared until shortly
 * before it expires; concurrent callers wait for the same request instead of each fetching one.
 */
import { httpExchange, isRecord, type FetchLike } from '../../adapters/http.ts';
import { errorForStatus, providerUnreachable, TransientProviderError, unexpectedResponse } from './errors.ts';

export interface ClientCredentialsOptions {
  provider: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Space-separated scopes ("cob.write cob.read") for PSPs that require them. */
  scope?: string;
  fetch: FetchLike;
  timeoutMs: number;
  /** The clock that decides expiry. */
  now: () => Date;
}

export interface TokenSource {
  /** A valid bearer token, from the cache when it has one. */
  get(): Promise<string>;
  /** Forget the cached token (the API refused it before its time). */
  invalidate(token: string): void;
}

/** Refresh this long before the PSP's expiry, so a token never dies in flight; halved for very short tokens. */
const EARLY_REFRESH_MS = 30_000;

export function clientCredentialsTokens(options: ClientCredentialsOptions): TokenSource {
  const authorization = `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64')}`;
  let cached: { token: string; validUntil: number } | undefined;
  let pending: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (options.scope !== undefined) form.set('scope', options.scope);
    const requestedAt = options.now().getTime();
    const reply = await httpExchange(
      options.fetch,
      options.provider,
      options.tokenUrl,
      {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
      },
      options.timeoutMs,
      providerUnreachable,
    );

    if (reply.status !== 200) {
      // RFC 6749 §5.2: { error, error_description? }
      const body = isRecord(reply.json) ? reply.json : {};
      const code = typeof body.error === 'string' ? body.error : undefined;
      const detail = typeof body.error_description === 'string' ? body.error_description : reply.text.slice(0, 200);
      const message = `${options.provider} token endpoint ${reply.status}${code ? ` (${code})` : ''}: ${detail}`;
      // A refused client is a credentials problem whatever status the PSP picked (RFC 6749 allows 400).
      if (code === 'invalid_client') {
        throw new TransientProviderError(message, { provider: options.provider, status: reply.status, code: 'authentication_failed' });
      }
      throw errorForStatus(message, {
        provider: options.provider,
        status: reply.status,
        ...(code !== undefined && { code }),
        ...(reply.retryAfterSeconds !== undefined && { retryAfterSeconds: reply.retryAfterSeconds }),
      });
    }
    const body = reply.json;
    if (!isRecord(body) || typeof body.access_token !== 'string' || body.access_token === '') {
      throw unexpectedResponse(options.provider, reply.status, 'from the token endpoint without an access_token');
    }
    const lifetimeMs = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in * 1000 : 0;
    // Counted from when we asked, not when the answer arrived: the PSP's clock started first.
    cached = { token: body.access_token, validUntil: requestedAt + lifetimeMs - Math.min(EARLY_REFRESH_MS, lifetimeMs / 2) };
    return body.access_token;
  }

  return {
    get(): Promise<string> {
      if (cached !== undefined && options.now().getTime() < cached.validUntil) return Promise.resolve(cached.token);
      pending ??= fetchToken().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    invalidate(token: string): void {
      if (cached?.token === token) cached = undefined;
    },
  };
}
