import { createHash } from 'node:crypto';
import type { Config } from '../../config.ts';
import type { Db, Tx } from '../../db/database.ts';
import { letterTransport } from '../../channels/letter/letter-transport.ts';
import type { Transports } from '../../channels/outbox-only-transport.ts';
import type { MessageChannel } from '../../channels/transport.ts';
import type { PaymentProviders } from '../../payments/providers/configured-providers.ts';
import { optOutToken, signingKey } from '../opt-out.ts';
import { composeMessage } from './compose-message.ts';
import type { DeliveryDeps } from './deliver-messages.ts';

/** `providers.paymentLinks` adds a card link to e-mails (payment-request.ts). */
export function deliveryDeps(config: Pick<Config, 'publicUrl'>, transports: Transports, providers: PaymentProviders = {}): DeliveryDeps {
  return {
    channels: Object.keys(transports) as MessageChannel[],
    transportFor: (channel, org, trx) =>
      channel === 'letter' ? letterTransport({ store: (key, pdf) => storeDocument(trx, org.id, key, pdf) }) : transports[channel]!,
    compose: async (trx, org, message, now) => {
      const key = await signingKey(trx, org);
      return composeMessage(trx, org, message, now, {
        optOutUrl: (contactId) => `${config.publicUrl}/optout/${optOutToken(key, org.id, contactId)}`,
        ...(providers.paymentLinks ? { paymentLinks: providers.paymentLinks } : {}),
      });
    },
  };
}

/** Letters go to the documents table, keyed so that a retry replaces the same file. */
async function storeDocument(trx: Tx | Db, organisationId: string, key: string, pdf: Buffer): Promise<void> {
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  await trx
    .insertInto('documents')
    .values({ organisation_id: organisationId, key, kind: 'letter', filename: key.split('/').at(-1)!, content_type: 'application/pdf', content: pdf, sha256 })
    .onConflict((oc) => oc.columns(['organisation_id', 'key']).doUpdateSet({ content: pdf, sha256 }))
    .execute();
}
