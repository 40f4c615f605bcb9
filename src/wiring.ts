/**
 * The composition root: the adapters a process runs with, built from the typed Config
 * (src/config.ts is the only reader of the environment). `serve`, `worker`, `run` and
 * `deliver` take their transports, payment providers and bureau from here, and `buildServer`
 * receives its providers from its caller.
 */
import type { FetchLike } from './adapters/http.ts';
import { transportsOf, type Transports } from './channels/outbox-only-transport.ts';
import { channelsConfig, type Config } from './config.ts';
import { paymentProvidersOf, type PaymentProviders } from './payments/providers/configured-providers.ts';
import { deliveryDeps } from './use-cases/delivery/delivery-deps.ts';
import type { DeliveryDeps } from './use-cases/delivery/deliver-messages.ts';
import { configuredBureau } from './adapters/bureau/configured-bureau.ts';
import type { CreditBureau } from './adapters/bureau/credit-bureau.ts';

export interface Adapters {
  transports: Transports;
  paymentProviders: PaymentProviders;
  bureau: CreditBureau;
  /** What delivery needs: the transports, the composer with opt-out links and card links. */
  delivery: DeliveryDeps;
}

export function wire(config: Config, options: { fetch?: FetchLike } = {}): Adapters {
  const transports = transportsOf(config.channels, { storeLetter: letterStoredInTransaction, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const paymentProviders = paymentProvidersOf(config.payments, options);
  return { transports, paymentProviders, bureau: configuredBureau(config), delivery: deliveryDeps(config, transports, paymentProviders) };
}

/** The transports an environment configures, validated as at start (config.ts), e.g. for a test's own environment. */
export function transportsFromEnv(env: NodeJS.ProcessEnv, deps: Parameters<typeof transportsOf>[1]): Transports {
  return transportsOf(channelsConfig(env), deps);
}

/** deliveryDeps binds letters to the delivery transaction; this store is never reached. */
async function letterStoredInTransaction(): Promise<never> {
  throw new Error('letters are stored in the delivery transaction');
}
