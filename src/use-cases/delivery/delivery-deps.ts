import type { Config } from '../../config.ts';
import { storeLetterDocument } from '../../stores/documents.ts';
import { letterTransport } from '../../channels/letter/letter-transport.ts';
import type { Transports } from '../../channels/outbox-only-transport.ts';
import type { MessageChannel } from '../../channels/transport.ts';
import type { PaymentProviders } from '../../payments/providers/configured-providers.ts';
import { optOutToken, signingKey } from '../opt-out.ts';
import { composeMessage } from './compose-message.ts';
import { portalLinksOfPass } from '../portal/portal-link.ts';
import type { DeliveryPass } from './delivery-pass.ts';
import type { DeliveryDeps } from './deliver-messages.ts';

/** `providers.paymentLinks` adds a card link to e-mails (payment-request.ts). */
export function deliveryDeps(config: Pick<Config, 'publicUrl' | 'portalSecret'>, transports: Transports, providers: PaymentProviders = {}): DeliveryDeps {
  // One link maker per delivery pass (it reads the revoked customers once).
  const linkMakers = new WeakMap<DeliveryPass, ReturnType<typeof portalLinksOfPass>>();
  const portalLinksOf = (pass: DeliveryPass) => {
    let maker = linkMakers.get(pass);
    if (!maker) {
      maker = portalLinksOfPass(pass.ctx.org, { publicUrl: config.publicUrl, ...(config.portalSecret ? { secret: config.portalSecret } : {}) });
      linkMakers.set(pass, maker);
    }
    return maker;
  };
  return {
    channels: Object.keys(transports) as MessageChannel[],
    transportFor: (channel, org, trx) =>
      channel === 'letter' ? letterTransport({ store: (key, pdf) => storeLetterDocument(trx, org.id, key, pdf) }) : transports[channel]!,
    ...(transports.email ? { emailTransport: transports.email } : {}),
    compose: async (trx, pass, message, customer) => {
      const { org, now } = pass.ctx;
      // No query once the organisation has its key (created on first use).
      const key = await signingKey(trx, org);
      return composeMessage(
        trx,
        org,
        message,
        now,
        {
          optOutUrl: (contactId) => `${config.publicUrl}/optout/${optOutToken(key, org.id, contactId)}`,
          portalUrl: (customerId, sentOn) => portalLinksOf(pass)(trx, customerId, sentOn),
          ...(providers.paymentLinks ? { paymentLinks: providers.paymentLinks } : {}),
        },
        { pass, ...(customer ? { customer } : {}) },
      );
    },
  };
}
