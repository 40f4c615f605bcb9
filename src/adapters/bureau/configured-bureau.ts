import type { Config } from '../../config.ts';
import { BureauUnavailableError, type CreditBureau } from './credit-bureau.ts';
import { httpCreditBureau } from './http-credit-bureau.ts';

/**
 * The bureau from the configuration. Without one, listings still get their prior notice and
 * wait; each attempt to list is recorded as failed with the reason, so nothing is lost.
 */
export function configuredBureau(config: Pick<Config, 'bureau'>): CreditBureau {
  if (config.bureau) return httpCreditBureau({ baseUrl: config.bureau.url, token: config.bureau.token });
  const unconfigured = async (): Promise<never> => {
    throw new BureauUnavailableError('no credit bureau configured (set REGUA_BUREAU_URL and REGUA_BUREAU_TOKEN)');
  };
  return { list: unconfigured, remove: unconfigured };
}
