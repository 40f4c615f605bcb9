import type { Config } from '../../config.ts';
import type { Organisation } from '../../db/schema.ts';
import { missingCreditorIdentity } from '../../domain/creditor-identity.ts';

/**
 * What will stop or spoil delivery, said before a run or delivery starts rather than found
 * later in the outbox: an organisation without the creditor identity every collection
 * message must carry (its messages fail), and links that point at this machine.
 */
export function deliveryWarnings(org: Pick<Organisation, 'slug' | 'tax_id' | 'address'>, config: Pick<Config, 'publicUrl' | 'publicUrlIsDefault'>): string[] {
  const warnings: string[] = [];
  const missing = missingCreditorIdentity(org);
  if (missing.length > 0) {
    const options = missing.map((m) => (m === 'tax id' ? '--tax-id …' : '--address …')).join(' ');
    warnings.push(
      `organisation ${org.slug} has no ${missing.join(' and ')}: collection messages must identify the creditor (CDC art. 42-A), so none can be sent; set it with: regua org update ${options}`,
    );
  }
  if (config.publicUrlIsDefault) {
    warnings.push(
      `PUBLIC_URL is not set: opt-out links in messages point at ${config.publicUrl}, which debtors cannot reach; set PUBLIC_URL to the address they can`,
    );
  }
  return warnings;
}
