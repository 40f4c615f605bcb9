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
  /** A credit bureau speaking the JSON API of src/adapters/bureau/http-credit-bureau.ts. */
  bureau: { url: string; token: string } | undefined;
  /** Secrets that authenticate providers' delivery receipts (status callbacks and webhooks). */
  receipts: ReceiptSecrets;
  /** Set to 0 to skip loading the demo portfolio when `serve` starts on an empty embedded database. */
  demoOnFirstStart: boolean;
}

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

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(`DATABASE_URL must start with postgres:// or postgresql:// (got "${databaseUrl.slice(0, 20)}…")`);
  }
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a TCP port number (got "${env.PORT}")`);
  return {
    databaseUrl,
    dataDir: resolve(env.REGUA_DATA_DIR?.trim() || '.regua'),
    port,
    host: env.HOST?.trim() || '127.0.0.1',
    smtpUrl: env.SMTP_URL?.trim() || undefined,
    publicUrl: (env.PUBLIC_URL?.trim() || `http://${env.HOST?.trim() || '127.0.0.1'}:${port}`).replace(/\/$/, ''),
    publicUrlIsDefault: !env.PUBLIC_URL?.trim(),
    demoOnFirstStart: env.REGUA_DEMO_ON_FIRST_START !== '0',
    bureau: bureauConfig(env),
    receipts: receiptSecrets(env),
  };
}

export function receiptSecrets(env: NodeJS.ProcessEnv): ReceiptSecrets {
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
