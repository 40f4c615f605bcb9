import type { FetchLike } from './http.ts';

/** What the receiver answered: its status code, or the error that kept the request from an answer. */
export interface WebhookAttempt {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
}

/** Posts one signed webhook body to an organisation's endpoint. */
export interface WebhookSender {
  send(url: string, headers: Record<string, string>, body: string): Promise<WebhookAttempt>;
}

/** Over HTTP: the receiver's body is not read (only its status counts); a non-2xx answer is an error "HTTP <status>". */
export function httpWebhookSender(options: { fetch?: FetchLike; timeoutMs?: number } = {}): WebhookSender {
  const fetchImpl = options.fetch ?? fetch;
  return {
    async send(url, headers, body) {
      let statusCode: number | null = null;
      try {
        const response = await fetchImpl(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body,
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
        statusCode = response.status;
        await response.body?.cancel();
        return response.ok ? { ok: true, statusCode, error: null } : { ok: false, statusCode, error: `HTTP ${statusCode}` };
      } catch (e) {
        return { ok: false, statusCode, error: e instanceof Error ? e.message : String(e) };
      }
    },
  };
}
