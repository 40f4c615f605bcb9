import { httpExchange, isRecord, type FetchLike } from '../http.ts';
import { BureauRejectedError, BureauUnavailableError, type BureauListingInput, type BureauRemovalReason, type CreditBureau } from './credit-bureau.ts';

/**
 * The generic bureau JSON API Régua speaks; a gateway in front of a real bureau implements it.
 *
 *   POST {baseUrl}/v1/listings
 *     Authorization: Bearer {token}; Idempotency-Key: {reference}
 *     { "reference", "creditor": {"name","legal_name","tax_id"},
 *       "debtor": {"name","tax_id","tax_id_kind","party_type","address","state"},
 *       "amount": {"amount": "1234.56", "currency": "BRL"}, "oldest_due_date", "expires_on",
 *       "receivables": [{"number","due_date","amount"}],
 *       "notice": {"channel","sent_at","delivered_at"} }
 *     → 201 (or 200 when the same Idempotency-Key was seen) { "protocol": "…", "status": "listed" }
 *
 *   POST {baseUrl}/v1/listings/{protocol}/removal
 *     Authorization: Bearer {token}; Idempotency-Key: {protocol}:removal
 *     { "reason": "paid" | "expired" | "cancelled" }
 *     → 200 { "protocol": "…", "status": "removed" } (also when it was removed already)
 *
 * Errors: { "error": { "code", "message" } }. 4xx other than 408/429 are refusals
 * (BureauRejectedError, e.g. invalid_tax_id); 408, 429, 5xx and network failures are
 * BureauUnavailableError and the next daily review retries with the same idempotency key.
 */
export interface HttpCreditBureauOptions {
  baseUrl: string;
  token: string;
  fetch?: FetchLike;
  timeoutMs?: number;
}

export function httpCreditBureau(options: HttpCreditBureauOptions): CreditBureau {
  const fetchImpl = options.fetch ?? ((url, init) => fetch(url, init));
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 15_000;

  async function post(path: string, idempotencyKey: string, body: unknown): Promise<Record<string, unknown>> {
    const response = await httpExchange(
      fetchImpl,
      'credit bureau',
      `${base}${path}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}`, 'idempotency-key': idempotencyKey },
        body: JSON.stringify(body),
      },
      timeoutMs,
      (message) => new BureauUnavailableError(message),
    );
    const json = isRecord(response.json) ? response.json : {};
    if (response.status >= 200 && response.status < 300) return json;
    const problem = isRecord(json.error) ? json.error : {};
    const code = typeof problem.code === 'string' ? problem.code : `http_${response.status}`;
    const message = `credit bureau answered ${response.status}${typeof problem.message === 'string' ? `: ${problem.message}` : ''}`;
    if (response.status === 408 || response.status === 429 || response.status >= 500) throw new BureauUnavailableError(message);
    throw new BureauRejectedError(message, code);
  }

  return {
    async list(input: BureauListingInput) {
      const json = await post('/v1/listings', input.reference, {
        reference: input.reference,
        creditor: { name: input.creditor.name, legal_name: input.creditor.legalName, tax_id: input.creditor.taxId },
        debtor: {
          name: input.debtor.name,
          tax_id: input.debtor.taxId,
          tax_id_kind: input.debtor.taxIdKind,
          party_type: input.debtor.partyType,
          address: input.debtor.address,
          state: input.debtor.state,
        },
        amount: { amount: input.amount, currency: input.currency },
        oldest_due_date: input.oldestDueDate,
        expires_on: input.expiresOn,
        receivables: input.receivables.map((r) => ({ number: r.number, due_date: r.dueDate, amount: r.amount })),
        notice: { channel: input.notice.channel, sent_at: input.notice.sentAt, delivered_at: input.notice.deliveredAt },
      });
      if (typeof json.protocol !== 'string' || json.protocol === '') throw new BureauUnavailableError('credit bureau answered without a protocol');
      return { protocol: json.protocol };
    },
    async remove(protocol: string, reason: BureauRemovalReason) {
      await post(`/v1/listings/${encodeURIComponent(protocol)}/removal`, `${protocol}:removal`, { reason });
    },
  };
}
