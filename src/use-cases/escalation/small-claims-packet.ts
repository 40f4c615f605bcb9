import type { Tx } from '../../db/database.ts';
import { dateInZone } from '../../domain/dates.ts';
import { formatAmount } from '../../domain/money.ts';
import { appendInteraction } from '../contact-record.ts';
import { findCustomer, type ActionContext, type RecordRef } from '../customers.ts';
import { ConflictError, UserError } from '../errors.ts';
import { packetPdf } from './packet-pdf.ts';
import { getEscalationSettings } from './settings.ts';
import { storeDocument } from './store-document.ts';

export interface SmallClaimsPacket {
  document_id: string;
  filename: string;
  pdf: Buffer;
  claim_minor: number;
  currency: string;
  limit_minor: number;
  entries: number;
}

/**
 * The small-claims court packet (Brazil: Juizado Especial Cível): the invoices still owed,
 * the customer's acknowledgement of the payment policy when one was recorded, and the whole
 * contact record of the customer with each entry's hash, so the court can check the chain.
 * Refused with `above_court_limit` when the claim exceeds the organisation's court limit.
 */
export async function buildSmallClaimsPacket(trx: Tx, organisationId: string, ref: RecordRef, context: ActionContext): Promise<SmallClaimsPacket> {
  const org = await trx.selectFrom('organisations').selectAll().where('id', '=', organisationId).executeTakeFirstOrThrow();
  const customer = await findCustomer(trx, organisationId, ref);
  const settings = await getEscalationSettings(trx, organisationId);
  const invoices = await trx
    .selectFrom('invoices').selectAll()
    .where('organisation_id', '=', organisationId).where('customer_id', '=', customer.id)
    .where('status', 'in', ['open', 'written_off']).whereRef('paid_minor', '<', 'amount_minor')
    .orderBy('due_date').orderBy('external_id')
    .execute();
  if (invoices.length === 0) throw new ConflictError(`customer ${customer.external_id} owes nothing`, 'nothing_to_claim');
  const currency = settings.courtLimitCurrency;
  const foreign = invoices.filter((i) => i.currency !== currency);
  if (foreign.length > 0) throw new ConflictError(`the court limit is in ${currency} but invoices ${foreign.map((i) => i.external_id).join(', ')} are not`, 'currency_mismatch');
  const claimMinor = invoices.reduce((sum, i) => sum + i.amount_minor - i.paid_minor, 0);
  const limit = { amount: formatAmount(settings.courtLimitMinor, currency), currency };
  if (claimMinor > settings.courtLimitMinor) {
    throw new UserError(
      `the claim of ${formatAmount(claimMinor, currency)} ${currency} is above the small-claims court limit of ${limit.amount} ${currency}`,
      'above_court_limit', { limit, claim: { amount: formatAmount(claimMinor, currency), currency } },
    );
  }
  const acknowledgements = await trx
    .selectFrom('policy_acknowledgements as a')
    .innerJoin('payment_terms as t', (join) => join.onRef('t.organisation_id', '=', 'a.organisation_id').onRef('t.id', '=', 'a.payment_terms_id'))
    .select(['t.name', 'a.terms_version', 'a.channel', 'a.acknowledged_at', 'a.evidence'])
    .where('a.organisation_id', '=', organisationId).where('a.customer_id', '=', customer.id)
    .orderBy('a.acknowledged_at')
    .execute();
  const entries = await trx
    .selectFrom('interactions').select(['seq', 'occurred_at', 'actor', 'channel', 'kind', 'content', 'prev_hash', 'hash'])
    .where('organisation_id', '=', organisationId).where('customer_id', '=', customer.id)
    .orderBy('seq')
    .execute();
  const date = dateInZone(context.now, org.timezone);
  const pdf = await packetPdf({
    title: `Small-claims packet — ${customer.name}`, date,
    creditor: { name: org.name, legalName: org.legal_name, taxId: org.tax_id, address: org.address },
    sections: [
      { heading: 'Debtor', lines: [customer.name, `${customer.tax_id_kind ?? 'tax id'}: ${customer.tax_id ?? '—'}`, customer.postal_address ?? 'no postal address on file'] },
      {
        heading: `Claim: ${formatAmount(claimMinor, currency)} ${currency} (court limit ${limit.amount} ${currency})`,
        lines: invoices.map((i) => `${i.number} (${i.external_id}) — issued ${i.issue_date}, due ${i.due_date}, amount ${formatAmount(i.amount_minor, i.currency)}, paid ${formatAmount(i.paid_minor, i.currency)}, owed ${formatAmount(i.amount_minor - i.paid_minor, i.currency)} ${i.currency}${i.status === 'written_off' ? ' (written off in the books)' : ''}`),
      },
      {
        heading: 'Acknowledgement of the payment policy',
        lines: acknowledgements.length === 0
          ? ['No acknowledgement recorded.']
          : acknowledgements.flatMap((a) => [`${a.name} v${a.terms_version}, acknowledged ${new Date(a.acknowledged_at).toISOString()} by ${a.channel}`, `  evidence ${JSON.stringify(a.evidence)}`]),
      },
      {
        heading: `Contact record (${entries.length} entries, hash-chained: each hash covers the entry and the previous hash)`,
        lines: entries.length === 0 ? ['No entries.'] : entries.flatMap((e) => [
          `#${e.seq} ${new Date(e.occurred_at).toISOString()} — ${e.kind} via ${e.channel} by ${e.actor}`,
          `  ${JSON.stringify(e.content)}`,
          `  prev ${e.prev_hash}`,
          `  hash ${e.hash}`,
        ]),
      },
    ],
  });
  const filename = `small-claims-${customer.external_id}-${date}.pdf`;
  const documentId = await storeDocument(trx, organisationId, { key: `legal/${customer.id}/${context.now.toISOString()}.pdf`, kind: 'legal_packet', customerId: customer.id, filename, contentType: 'application/pdf', content: pdf });
  await appendInteraction(trx, organisationId, {
    occurredAt: context.now, customerId: customer.id, actor: context.actor, channel: 'system', kind: 'legal_packet_built',
    content: { document_id: documentId, claim: formatAmount(claimMinor, currency), currency, entries: entries.length, last_hash: entries.at(-1)?.hash ?? null },
  });
  return { document_id: documentId, filename, pdf, claim_minor: claimMinor, currency, limit_minor: settings.courtLimitMinor, entries: entries.length };
}
