import type { Db, Tx } from '../../db/database.ts';
import type { Organisation } from '../../db/schema.ts';
import type { ContactCapsByCountry } from '../../domain/cadence/index.ts';
import { escalationStepsFor, type EscalationStep, type ReferenceRate } from '../../domain/jurisdiction.ts';
import type { StoredPaymentTerms } from '../../domain/payment-terms.ts';
import type { TemplateOverride } from '../../channels/templates/message-context.ts';
import { contactCapsOf } from '../contact-caps-settings.ts';
import { getEscalationSettings } from '../escalation/settings.ts';
import { loadEcbRates } from '../jurisdiction/ecb-rates.ts';
import type { OrgContext } from '../org-context.ts';
import { storedPaymentTerms } from '../../stores/payment-terms.ts';
import { asTemplateOverride, loadTemplateOverrides } from '../templates/load-template-overrides.ts';

/**
 * What a delivery pass knows of the organisation, read once when the pass starts and handed
 * to every message: the organisation row (in `ctx`), its escalation steps per country, contact
 * caps and payment tolerance, its payment terms, ECB rate table and edited templates. Per
 * message, delivery then reads only the message's customer, its current snapshot and what the
 * message lists.
 */
export interface DeliveryPass {
  ctx: OrgContext;
  escalationsOf(country: string): readonly EscalationStep[];
  toleranceMinor: Record<string, number>;
  caps: ContactCapsByCountry;
  paymentTerms: readonly StoredPaymentTerms[];
  ecbRates: readonly ReferenceRate[];
  templateOverrides: readonly TemplateOverride[];
}

export async function loadDeliveryPass(db: Db | Tx, org: Organisation, now: Date): Promise<DeliveryPass> {
  const [{ stepsByCountry }, paymentTerms, ecbRates, overrides] = await Promise.all([
    getEscalationSettings(db, org.id),
    storedPaymentTerms(db, org.id),
    loadEcbRates(db, org.id),
    loadTemplateOverrides(db, org.id),
  ]);
  return {
    ctx: { org, actor: 'delivery', now },
    escalationsOf: (country) => escalationStepsFor(country, stepsByCountry),
    toleranceMinor: org.settings.tolerance_minor ?? {},
    caps: contactCapsOf(org),
    paymentTerms,
    ecbRates,
    templateOverrides: overrides.map(asTemplateOverride),
  };
}
