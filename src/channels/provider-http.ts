import { httpExchange, type FetchLike, type HttpReply } from '../adapters/http.ts';
import { TransientDeliveryError } from './transport.ts';

/**
 * Kept only for the credit-bureau adapter until it moves to src/adapters/bureau/ (it should then
 * call src/adapters/http.ts itself); channels and payment providers use src/adapters/http.ts.
 */
export { isRecord, type FetchLike } from '../adapters/http.ts';
export type ProviderResponse = HttpReply;

export function postToProvider(
  fetchImpl: FetchLike,
  provider: string,
  url: string,
  init: { headers: Record<string, string>; body: string },
  timeoutMs: number,
): Promise<ProviderResponse> {
  return httpExchange(fetchImpl, provider, url, { method: 'POST', ...init }, timeoutMs, (message) => new TransientDeliveryError(message));
}
