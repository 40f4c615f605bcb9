/**
 * Errors of the payment-provider adapters. Callers decide on one property: `retryable`.
 * A transient failure (network, timeout, 429, 5xx, rejected credentials) may succeed later
 * with the same idempotency key or txid; a permanent one (the request itself is wrong, the
 * card was declined) will fail again until its input changes.
 */
export interface ProviderViolation {
  /** What is wrong, in the provider's words. */
  readonly reason: string;
  /** The offending field, when the provider names it ("valor.original", "success_url"). */
  readonly property?: string;
}

export interface ProviderErrorDetails {
  /** "stripe", "pix-psp" … */
  readonly provider: string;
  /** HTTP status, when the provider answered at all. */
  readonly status?: number;
  /** Machine-readable: the provider's own code ("parameter_missing", "CobOperacaoInvalida") or ours ("invalid_amount", "authentication_failed"). */
  readonly code?: string;
  readonly violations?: readonly ProviderViolation[];
  /** From a Retry-After header in seconds. */
  readonly retryAfterSeconds?: number;
}

abstract class PaymentProviderError extends Error {
  abstract readonly retryable: boolean;
  readonly provider: string;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly violations: readonly ProviderViolation[];
  readonly retryAfterSeconds: number | undefined;

  constructor(message: string, details: ProviderErrorDetails) {
    super(message);
    this.provider = details.provider;
    this.status = details.status;
    this.code = details.code;
    this.violations = details.violations ?? [];
    this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

/** The request will fail again as it is: a bad parameter, a declined card, an unknown charge. */
export class PermanentProviderError extends PaymentProviderError {
  readonly retryable = false;
  override readonly name = 'PermanentProviderError';
}

/** Worth retrying later with the same idempotency key: unreachable, rate-limited, 5xx, or credentials being fixed. */
export class TransientProviderError extends PaymentProviderError {
  readonly retryable = true;
  override readonly name = 'TransientProviderError';
}

export type WebhookSignatureProblem = 'missing' | 'malformed' | 'mismatch' | 'expired';

/** A webhook that cannot be shown to come from the provider: answer 400 and process nothing. */
export class WebhookSignatureError extends Error {
  override readonly name = 'WebhookSignatureError';
  constructor(
    message: string,
    readonly problem: WebhookSignatureProblem,
  ) {
    super(message);
  }
}

/** An authentic (or, for Pix, mTLS-delivered) webhook whose body is not the documented shape. */
export class WebhookPayloadError extends Error {
  override readonly name = 'WebhookPayloadError';
}

/** The request may or may not have reached the provider (network, timeout, body cut short): retry with the same key. */
export function providerUnreachable(message: string, provider: string): TransientProviderError {
  return new TransientProviderError(message, { provider, code: 'unreachable' });
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
