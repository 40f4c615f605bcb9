import { resolve } from 'node:path';

/** Process configuration, parsed once from the environment and validated. */
export interface Config {
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  smtpUrl: string | undefined;
  /** The address debtors reach (opt-out links, portal); default http://HOST:PORT. */
  publicUrl: string;
  /** PUBLIC_URL was not set: links in messages point at this machine, which debtors cannot reach. */
  publicUrlIsDefault: boolean;
  /**
   * REGUA_PORTAL_SECRET: the key that signs debtor-portal links (at least 32 characters). Unset,
   * each organisation's own signing key, created and stored in the database on first use, signs them.
   */
  portalSecret?: string;
  /** A credit bureau speaking the JSON API of src/adapters/bureau/http-credit-bureau.ts. */
  bureau: { url: string; token: string } | undefined;
  /** Secrets that authenticate providers' delivery receipts (status callbacks and webhooks). */
  receipts: ReceiptSecrets;
  /** Set to 0 to skip loading the demo portfolio when `serve` starts on an empty embedded database. */
  demoOnFirstStart: boolean;
  /** The message transports the environment configures (src/wiring.ts builds them). */
  channels: ChannelsConfig;
  /** The payment providers the environment configures (src/wiring.ts builds them). */
  payments: PaymentsConfig;
  /** REGUA_LOG_LEVEL: `serve`'s JSON log level (fatal, error, warn, info, debug, trace, silent; default info). */
  logLevel: string;
  /** REGUA_METRICS_TOKEN: the bearer token /metrics asks for; unset, /metrics answers loopback clients only. */
  metricsToken: string | undefined;
  /** REGUA_RATE_LIMIT: requests a minute one client address may make (API, portal, hooks); 0 turns the limit off. Default 1200. */
  rateLimitPerMinute: number;
}

/**
 * A channel without configuration has no transport: its messages stay in the outbox (shown in
 * the UI), never lost. Half a configuration is a mistake and stops the start with a message
 * naming what is missing.
 *
 * - e-mail: SMTP_URL (smtp:// or smtps://), SMTP_FROM (default cobranca@localhost)
 * - SMS: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM (E.164 number, MG… service sid or alphanumeric sender id), TWILIO_BASE_URL;
 *   with PUBLIC_URL set, each message asks for status callbacks at PUBLIC_URL/hooks/twilio/status
 * - WhatsApp: WHATSAPP_TOKEN, WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_BASE_URL
 */
export interface ChannelsConfig {
  email?: { smtpUrl: string; from: string };
  sms?: { accountSid: string; authToken: string; from: string; baseUrl: string | undefined; statusCallbackUrl: string | undefined };
  whatsapp?: { token: string; phoneNumberId: string; baseUrl: string | undefined };
}

/**
 * - STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET (several separated by commas while rolling),
 *   STRIPE_BASE_URL (default https://api.stripe.com), STRIPE_SUCCESS_URL / STRIPE_CANCEL_URL
 *   (where the payer lands after the checkout page; default PUBLIC_URL);
 * - PIX_WEBHOOK_SECRET: the shared secret the Pix PSP webhook must present.
 */
export interface PaymentsConfig {
  stripe?: { secretKey: string; webhookSecrets: string[]; baseUrl: string | undefined; successUrl: string; cancelUrl: string };
  pixWebhookSecret?: string;
}

/** Where Régua receives Twilio's status callbacks (src/http/routes/delivery-receipts.ts). */
export const twilioStatusPath = '/hooks/twilio/status';

/**
 * Twilio signs its status callbacks with the account's auth token (TWILIO_AUTH_TOKEN); Meta signs
 * WhatsApp webhooks with the app secret (WHATSAPP_APP_SECRET) and confirms the subscription with
 * the verify token chosen when the webhook was registered (WHATSAPP_VERIFY_TOKEN).
 */
export interface ReceiptSecrets {
  twilioAuthToken: string | undefined;
  whatsapp: { appSecret: string; verifyToken: string } | undefined;
}

export class ConfigError extends Error {}

/** A payment provider configured by half (exit 1 with its message, like any ConfigError). */
class ProviderConfigError extends ConfigError {}

/**
 * The one place that reads `process.env`: every other module receives the typed Config (or a
 * part of it). `overrides.port` is a command-line --port, which wins over PORT.
 */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env, overrides: { port?: string } = {}): Config {
  const env = overrides.port === undefined ? environment : { ...environment, PORT: overrides.port };
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(`DATABASE_URL must start with postgres:// or postgresql:// (got "${databaseUrl.slice(0, 20)}…")`);
  }
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a TCP port number (got "${env.PORT}")`);
  const publicUrl = (env.PUBLIC_URL?.trim() || `http://${env.HOST?.trim() || '127.0.0.1'}:${port}`).replace(/\/$/, '');
  return {
    databaseUrl,
    dataDir: resolve(env.REGUA_DATA_DIR?.trim() || '.regua'),
    port,
    host: env.HOST?.trim() || '127.0.0.1',
    smtpUrl: env.SMTP_URL?.trim() || undefined,
    publicUrl,
    publicUrlIsDefault: !env.PUBLIC_URL?.trim(),
    ...portalSecret(env),
    demoOnFirstStart: env.REGUA_DEMO_ON_FIRST_START !== '0',
    bureau: bureauConfig(env),
    receipts: receiptSecrets(env),
    channels: channelsConfig(env),
    payments: paymentsConfig(env, publicUrl),
    logLevel: logLevel(env.REGUA_LOG_LEVEL),
    metricsToken: env.REGUA_METRICS_TOKEN?.trim() || undefined,
    rateLimitPerMinute: rateLimit(env.REGUA_RATE_LIMIT),
  };
}

function rateLimit(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 1200;
  const perMinute = Number(value);
  if (!Number.isInteger(perMinute) || perMinute < 0)
    throw new ConfigError(`REGUA_RATE_LIMIT must be a whole number of requests a minute, 0 for none (got "${value}")`);
  return perMinute;
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function logLevel(value: string | undefined): string {
  const level = value?.trim().toLowerCase() || 'info';
  if (!logLevels.includes(level)) throw new ConfigError(`REGUA_LOG_LEVEL must be one of ${logLevels.join(', ')} (got "${value}")`);
  return level;
}

function portalSecret(env: NodeJS.ProcessEnv): Pick<Config, 'portalSecret'> {
  const secret = env.REGUA_PORTAL_SECRET?.trim();
  if (!secret) return {};
  if (secret.length < 32) throw new ConfigError('REGUA_PORTAL_SECRET must be at least 32 characters (e.g. openssl rand -base64 32)');
  return { portalSecret: secret };
}

function receiptSecrets(env: NodeJS.ProcessEnv): ReceiptSecrets {
  const appSecret = env.WHATSAPP_APP_SECRET?.trim();
  const verifyToken = env.WHATSAPP_VERIFY_TOKEN?.trim();
  if (Boolean(appSecret) !== Boolean(verifyToken)) {
    throw new ConfigError('set both WHATSAPP_APP_SECRET and WHATSAPP_VERIFY_TOKEN to receive WhatsApp delivery receipts, or neither');
  }
  return { twilioAuthToken: env.TWILIO_AUTH_TOKEN?.trim() || undefined, whatsapp: appSecret && verifyToken ? { appSecret, verifyToken } : undefined };
}

function bureauConfig(env: NodeJS.ProcessEnv): Config['bureau'] {
  const url = env.REGUA_BUREAU_URL?.trim();
  const token = env.REGUA_BUREAU_TOKEN?.trim();
  if (!url && !token) return undefined;
  if (!url || !token) throw new ConfigError('set both REGUA_BUREAU_URL and REGUA_BUREAU_TOKEN to list debtors at a credit bureau, or neither');
  if (!/^https?:\/\//.test(url)) throw new ConfigError(`REGUA_BUREAU_URL must be an http(s) URL (got "${url}")`);
  return { url, token };
}

export function channelsConfig(env: NodeJS.ProcessEnv): ChannelsConfig {
  const value = (name: string) => env[name]?.trim() || undefined;
  const channels: ChannelsConfig = {};

  const smtpUrl = value('SMTP_URL');
  const smtpFrom = value('SMTP_FROM');
  if (smtpUrl) {
    if (!/^smtps?:\/\/[^/?#]+/.test(smtpUrl))
      throw new ConfigError(`SMTP_URL must look like smtp://user:password@host:587 or smtps://… (got "${redact(smtpUrl)}")`);
    const from = smtpFrom ?? 'cobranca@localhost';
    if (!/@[^\s@>]+>?$/.test(from))
      throw new ConfigError(`SMTP_FROM must be an e-mail address, optionally with a name: "Cobrança <cobranca@example.com>" (got "${from}")`);
    channels.email = { smtpUrl, from };
  } else if (smtpFrom) {
    throw new ConfigError('SMTP_FROM is set but SMTP_URL is not: set SMTP_URL to send e-mail, or remove SMTP_FROM');
  }

  const twilio = group(value, 'SMS (Twilio)', ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'], ['TWILIO_BASE_URL']);
  if (twilio) {
    const [accountSid, authToken, from] = twilio.required as [string, string, string];
    if (!/^AC[0-9a-fA-F]{32}$/.test(accountSid)) throw new ConfigError('TWILIO_ACCOUNT_SID must be "AC" followed by 32 hex digits');
    const alphanumericSender = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/.test(from) && !/^MG[0-9a-fA-F]/.test(from);
    if (!/^\+[1-9]\d{7,14}$/.test(from) && !/^MG[0-9a-fA-F]{32}$/.test(from) && !alphanumericSender) {
      throw new ConfigError(
        `TWILIO_FROM must be an E.164 number such as +5511999990000, a Messaging Service SID (MG…) or an alphanumeric sender id of up to 11 characters (got "${from}")`,
      );
    }
    const baseUrl = httpUrl('TWILIO_BASE_URL', twilio.optional[0]);
    const publicUrl = value('PUBLIC_URL');
    const statusCallbackUrl = publicUrl ? `${httpUrl('PUBLIC_URL', publicUrl)!.replace(/\/+$/, '')}${twilioStatusPath}` : undefined;
    channels.sms = { accountSid, authToken, from, baseUrl, statusCallbackUrl };
  }

  const whatsapp = group(value, 'WhatsApp', ['WHATSAPP_TOKEN', 'WHATSAPP_PHONE_NUMBER_ID'], ['WHATSAPP_BASE_URL']);
  if (whatsapp) {
    const [token, phoneNumberId] = whatsapp.required as [string, string];
    if (!/^\d+$/.test(phoneNumberId))
      throw new ConfigError(`WHATSAPP_PHONE_NUMBER_ID must be the numeric id Meta shows for the number (got "${phoneNumberId}")`);
    channels.whatsapp = { token, phoneNumberId, baseUrl: httpUrl('WHATSAPP_BASE_URL', whatsapp.optional[0]) };
  }
  return channels;
}

function paymentsConfig(env: NodeJS.ProcessEnv, publicUrl: string): PaymentsConfig {
  const payments: PaymentsConfig = {};
  const secretKey = env.STRIPE_SECRET_KEY?.trim();
  const webhookSecrets = (env.STRIPE_WEBHOOK_SECRET ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (secretKey) {
    if (webhookSecrets.length === 0)
      throw new ProviderConfigError('STRIPE_SECRET_KEY is set without STRIPE_WEBHOOK_SECRET: payments made on the card links could not be recorded');
    payments.stripe = {
      secretKey,
      webhookSecrets,
      baseUrl: env.STRIPE_BASE_URL?.trim() || undefined,
      successUrl: env.STRIPE_SUCCESS_URL?.trim() || publicUrl,
      cancelUrl: env.STRIPE_CANCEL_URL?.trim() || publicUrl,
    };
  }
  const pixSecret = env.PIX_WEBHOOK_SECRET?.trim();
  if (pixSecret) {
    if (pixSecret.length < 16) throw new ProviderConfigError('PIX_WEBHOOK_SECRET must be at least 16 characters');
    payments.pixWebhookSecret = pixSecret;
  }
  return payments;
}

/** All of `required` or none; an optional variable alone counts as half a configuration. */
function group(
  value: (name: string) => string | undefined,
  label: string,
  required: string[],
  optional: string[],
): { required: string[]; optional: (string | undefined)[] } | undefined {
  const present = required.filter((name) => value(name) !== undefined);
  const extras = optional.filter((name) => value(name) !== undefined);
  if (present.length === 0 && extras.length === 0) return undefined;
  const missing = required.filter((name) => value(name) === undefined);
  if (missing.length > 0) {
    const set = [...present, ...extras].join(', ');
    throw new ConfigError(
      `${label} is half configured: ${set} ${present.length + extras.length === 1 ? 'is' : 'are'} set but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing`,
    );
  }
  return { required: required.map((name) => value(name)!), optional: optional.map(value) };
}

function httpUrl(name: string, url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return url;
  } catch {
    // reported below
  }
  throw new ConfigError(`${name} must be an http(s) URL (got "${url}")`);
}

/** Never echo an SMTP password into logs. */
function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
