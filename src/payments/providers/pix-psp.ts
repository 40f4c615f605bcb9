/**
 * Dynamic Pix through a PSP that implements the Banco Central's API Pix
 * (https://github.com/bacen/pix-api, openapi.yaml): OAuth2 client credentials,
 * `PUT /v2/cob/{txid}` to create (or, while ATIVA, revise) an immediate charge,
 * `GET /v2/cob/{txid}` to read it, and the webhook the PSP posts to `<our url>/pix`.
 *
 * Authenticity of webhooks: API Pix secures them with mutual TLS between the PSP and our
 * endpoint, not with a signature in the body, so `parsePixWebhook` cannot tell a forged
 * body from a real one. Whoever processes its events must first re-read the charge with
 * `getCharge(txid)` (an authenticated call to the PSP) and trust only what that returns.
 *
 * Most production PSPs also demand a client certificate on these API calls; pass a `fetch`
 * that presents it (Node's global fetch has no client-certificate option).
 */
import { createHash } from 'node:crypto';
import { formatAmount, parseAmount } from '../../domain/money.ts';
import { validateTaxId } from '../../domain/tax-id.ts';
import { buildDynamicPix, stripDiacritics } from '../pix/br-code.ts';
import type { CreatePixChargeInput, DynamicPixProvider, PixCharge, PixChargePayment, PixChargeStatus } from './dynamic-pix.ts';
import { httpExchange, isRecord, type FetchLike, type HttpReply as ProviderReply } from '../../adapters/http.ts';
import { errorForStatus, PermanentProviderError, providerUnreachable, unexpectedResponse, WebhookPayloadError } from './errors.ts';
import { clientCredentialsTokens } from './oauth-token.ts';
import type { PaymentEvent } from './payment-link.ts';

export interface PixPspOptions {
  /** The PSP's API Pix root, without "/v2" (e.g. https://pix.example-psp.com.br). */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** OAuth scopes when the PSP wants them, e.g. "cob.write cob.read". */
  scope?: string;
  fetch?: FetchLike;
  timeoutMs?: number;
  /** Decides when the cached token expires; default the system clock. */
  now?: () => Date;
}

const PROVIDER = 'pix-psp';
const TXID = /^[a-zA-Z0-9]{26,35}$/;
const MAX_PAYER_REQUEST = 140;
const MAX_MERCHANT_NAME = 25;
const MAX_MERCHANT_CITY = 15;

/**
 * The txid for one of our references: the first 32 hex digits of its SHA-256 (128 bits),
 * so a retried creation revises the same charge instead of opening a second one. A new
 * charge for the same debt after this one expired needs a new reference (add an attempt
 * number): a PSP refuses to reuse the txid of a charge that is no longer ATIVA.
 */
export function txidFor(reference: string): string {
  return createHash('sha256').update(reference, 'utf8').digest('hex').slice(0, 32);
}

export function pixPspProvider(options: PixPspOptions): DynamicPixProvider {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const fetchImpl = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const tokens = clientCredentialsTokens({
    provider: PROVIDER,
    tokenUrl: `${baseUrl}/oauth/token`,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    ...(options.scope !== undefined && { scope: options.scope }),
    fetch: fetchImpl,
    timeoutMs,
    now: options.now ?? (() => new Date()),
  });

  /** One API call with the cached token; a token the PSP revoked early is replaced once. */
  async function call(method: 'GET' | 'PUT', path: string, body?: unknown): Promise<ProviderReply> {
    const send = async (token: string) =>
      httpExchange(
        fetchImpl,
        PROVIDER,
        `${baseUrl}${path}`,
        {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            accept: 'application/json',
            ...(body !== undefined && { 'content-type': 'application/json' }),
          },
          ...(body !== undefined && { body: JSON.stringify(body) }),
        },
        timeoutMs,
        providerUnreachable,
      );
    const token = await tokens.get();
    const reply = await send(token);
    if (reply.status !== 401) return reply;
    tokens.invalidate(token);
    return send(await tokens.get());
  }

  return {
    async createCharge(input: CreatePixChargeInput): Promise<PixCharge> {
      const { body, merchantName, merchantCity } = cobRequest(input);
      const reply = await call('PUT', `/v2/cob/${input.txid}`, body);
      if (reply.status !== 200 && reply.status !== 201) throw pixError(reply);

      const cob = reply.json;
      const location = isRecord(cob) ? (typeof cob.location === 'string' ? cob.location : isRecord(cob.loc) ? cob.loc.location : undefined) : undefined;
      if (!isRecord(cob) || typeof location !== 'string' || location === '') {
        throw unexpectedResponse(PROVIDER, reply.status, 'to PUT /cob without a location');
      }
      const txid = typeof cob.txid === 'string' ? cob.txid : input.txid;
      if (typeof cob.pixCopiaECola === 'string' && cob.pixCopiaECola !== '') {
        return { txid, location, copyPaste: cob.pixCopiaECola };
      }
      // A dynamic code carries neither amount nor txid: the payer's bank reads both from the
      // location's signed payload (Manual de Padrões para Iniciação do Pix).
      const code = buildDynamicPix({ locationUrl: location, merchantName, merchantCity });
      if (!code.ok) throw unexpectedResponse(PROVIDER, reply.status, `with a location unfit for a BR Code: ${code.error.message}`);
      return { txid, location, copyPaste: code.value };
    },

    async getCharge(txid: string): Promise<PixChargeStatus> {
      if (!TXID.test(txid)) throw invalid('invalid_txid', `txid must be 26 to 35 letters and digits, got ${JSON.stringify(txid)}`);
      const reply = await call('GET', `/v2/cob/${txid}`);
      if (reply.status !== 200) throw pixError(reply);
      const cob = reply.json;
      if (!isRecord(cob)) throw unexpectedResponse(PROVIDER, reply.status, 'to GET /cob without a JSON body');
      const status = cobStatus(cob.status);
      if (status === undefined) throw unexpectedResponse(PROVIDER, reply.status, `with unknown status ${JSON.stringify(cob.status)}`);
      const received = cob.pix === undefined ? [] : cob.pix;
      if (!Array.isArray(received)) throw unexpectedResponse(PROVIDER, reply.status, 'with a "pix" that is not a list');
      const payments = received.map((item: unknown) => {
        const payment = pixPayment(item);
        if (typeof payment === 'string') throw unexpectedResponse(PROVIDER, reply.status, `with ${payment}`);
        const { endToEndId, amountMinor, paidAt } = payment;
        return { endToEndId, amountMinor, paidAt };
      });
      return { status, payments };
    },
  };
}

function invalid(code: string, message: string): PermanentProviderError {
  return new PermanentProviderError(message, { provider: PROVIDER, code });
}

/** Validates our side before anything leaves, and builds the `PUT /cob` body. */
function cobRequest(input: CreatePixChargeInput): { body: Record<string, unknown>; merchantName: string; merchantCity: string } {
  if (!TXID.test(input.txid)) throw invalid('invalid_txid', `txid must be 26 to 35 letters and digits, got ${JSON.stringify(input.txid)}`);
  if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0) {
    throw invalid('invalid_amount', `amount must be a positive whole number of centavos, got ${input.amountMinor}`);
  }
  if (!Number.isSafeInteger(input.expiresInSeconds) || input.expiresInSeconds <= 0) {
    throw invalid('invalid_expiry', `expiresInSeconds must be a positive whole number, got ${input.expiresInSeconds}`);
  }
  if (input.key.trim() === '') throw invalid('invalid_key', 'the Pix key is empty');
  const merchantName = fitText(input.merchantName, MAX_MERCHANT_NAME);
  const merchantCity = fitText(input.merchantCity, MAX_MERCHANT_CITY);
  if (merchantName === '' || merchantCity === '') throw invalid('invalid_merchant', 'merchant name and city must not be empty');

  const body: Record<string, unknown> = { calendario: { expiracao: input.expiresInSeconds } };
  if (input.payer !== undefined) {
    const taxId = validateTaxId('BR', input.payer.taxId);
    if (!taxId.ok || (taxId.kind !== 'cpf' && taxId.kind !== 'cnpj')) {
      throw invalid('invalid_payer', `payer tax id is not a valid CPF or CNPJ${taxId.ok ? '' : `: ${taxId.reason}`}`);
    }
    body.devedor = { [taxId.kind]: taxId.normalized, nome: input.payer.name };
  }
  body.valor = { original: formatAmount(input.amountMinor, 'BRL') };
  body.chave = input.key;
  if (input.description !== undefined && input.description !== '') {
    body.solicitacaoPagador = Array.from(input.description).slice(0, MAX_PAYER_REQUEST).join('');
  }
  return { body, merchantName, merchantCity };
}

/** BR Code text fields take printable ASCII only: drop accents, then anything else, then cut. */
function fitText(text: string, max: number): string {
  return stripDiacritics(text)
    .replace(/[^\x20-\x7E]/g, '')
    .trim()
    .slice(0, max)
    .trim();
}

function cobStatus(status: unknown): PixChargeStatus['status'] | undefined {
  switch (status) {
    case 'ATIVA':
      return 'active';
    case 'CONCLUIDA':
      return 'paid';
    case 'REMOVIDA_PELO_USUARIO_RECEBEDOR':
    case 'REMOVIDA_PELO_PSP':
      return 'removed';
    default:
      return undefined;
  }
}

/** One element of a `pix` list (GET /cob or the webhook), or what is wrong with it. */
function pixPayment(item: unknown): (PixChargePayment & { txid?: string }) | string {
  if (!isRecord(item) || typeof item.endToEndId !== 'string' || item.endToEndId === '') return 'a pix entry without endToEndId';
  const { endToEndId } = item;
  const amount = typeof item.valor === 'string' ? parseAmount(item.valor, 'BRL') : undefined;
  if (amount === undefined || !amount.ok) return `pix ${endToEndId} without a decimal valor`;
  const paidAt = typeof item.horario === 'string' ? new Date(item.horario) : undefined;
  if (paidAt === undefined || Number.isNaN(paidAt.getTime())) return `pix ${endToEndId} without a valid horario`;
  return {
    endToEndId,
    amountMinor: amount.minor,
    paidAt,
    ...(typeof item.txid === 'string' && item.txid !== '' && { txid: item.txid }),
  };
}

/** RFC 7807 problem `{ type, title, status, detail, violacoes? }` → a typed error. */
function pixError(reply: ProviderReply): Error {
  const problem = isRecord(reply.json) ? reply.json : {};
  const type = typeof problem.type === 'string' ? problem.type : undefined;
  // type is https://pix.bcb.gov.br/api/v2/error/<TipoErro>; the last segment is the code.
  const code = type?.split('/').filter(Boolean).pop();
  const title = typeof problem.title === 'string' ? problem.title : undefined;
  const detail = typeof problem.detail === 'string' ? problem.detail : undefined;
  const violations = Array.isArray(problem.violacoes)
    ? problem.violacoes.filter(isRecord).map((v) => ({
        reason: typeof v.razao === 'string' ? v.razao : '',
        ...(typeof v.propriedade === 'string' && { property: v.propriedade }),
      }))
    : [];
  const text = [title, detail].filter(Boolean).join(': ') || reply.text.slice(0, 200);
  const listed = violations.map((v) => (v.property ? `${v.property}: ${v.reason}` : v.reason)).join('; ');
  return errorForStatus(`PSP ${reply.status}${code ? ` (${code})` : ''}: ${text}${listed ? ` [${listed}]` : ''}`, {
    provider: PROVIDER,
    status: reply.status,
    ...(code !== undefined && { code }),
    ...(violations.length > 0 && { violations }),
    ...(reply.retryAfterSeconds !== undefined && { retryAfterSeconds: reply.retryAfterSeconds }),
  });
}

/**
 * The API Pix webhook body `{ pix: [{ endToEndId, txid?, valor, horario, infoPagador?, … }] }`
 * (raw bytes or already parsed) → one event per Pix received. A Pix with a txid is a payment
 * of that charge (`linkId`); one without came to the key directly (static code or manual
 * transfer) and is `ignored` here: bank-statement matching deals with those.
 *
 * Not proof of payment by itself (see the header comment): confirm with getCharge(txid).
 * Refund notifications (`devolucoes` on an already-notified Pix) keep the same endToEndId,
 * so idempotent processing by event id treats them as already seen.
 */
export function parsePixWebhook(body: unknown): PaymentEvent[] {
  let parsed: unknown = body;
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new WebhookPayloadError('Pix webhook body is not JSON');
    }
  }
  if (!isRecord(parsed) || !Array.isArray(parsed.pix)) throw new WebhookPayloadError('Pix webhook body has no "pix" list');
  return parsed.pix.map((item: unknown): PaymentEvent => {
    const payment = pixPayment(item);
    if (typeof payment === 'string') throw new WebhookPayloadError(`Pix webhook has ${payment}`);
    const { endToEndId, amountMinor, paidAt, txid } = payment;
    if (txid === undefined) return { id: endToEndId, type: 'ignored', providerPaymentId: endToEndId };
    return { id: endToEndId, type: 'payment.succeeded', linkId: txid, amountMinor, currency: 'BRL', paidAt, providerPaymentId: endToEndId };
  });
}
