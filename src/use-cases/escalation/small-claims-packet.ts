import type { Db, Tx } from '../../db/database.ts';
import { dateInZone } from '../../domain/dates.ts';
import { courtLanguage } from '../../domain/jurisdiction.ts';
import { displayAmount, formatAmount } from '../../domain/money.ts';
import { displayTaxId } from '../../domain/tax-id.ts';
import { appendInteraction } from '../contact-record.ts';
import { findCustomer } from '../customers.ts';
import { type ActionContext, type RecordRef } from '../record-ref.ts';
import { ConflictError, UserError } from '../errors.ts';
import { loadClaim } from './claim.ts';
import { packetPdf, type PacketPdfInput } from './packet-pdf.ts';
import { packetTexts } from './packet-text.ts';
import { getEscalationSettings, requireEscalationStep } from './settings.ts';
import { organisationById } from '../../stores/organisations.ts';
import { acknowledgementsOf, contactRecordOf, storeDocument } from '../../stores/escalations.ts';
import { inTransaction } from '../../db/transaction.ts';

export interface SmallClaimsPacket {
  document_id: string;
  filename: string;
  pdf: Buffer;
  /** Principal plus charges: what the court is asked for. */
  claim_minor: number;
  /** The late charges inside claim_minor. */
  charges_minor: number;
  currency: string;
  limit_minor: number;
  entries: number;
  /** The court's language the packet is written in. */
  language: string;
}

/**
 * The small-claims court packet (Brazil: Juizado Especial Cível), in the court's language:
 * the overdue invoices (all open ones with `includeNotDue`) with the late charges owed on
 * each on the packet date, the customer's acknowledgement of the payment policy when one was
 * recorded, and the whole contact record with each entry's hash, so the court can check the
 * chain. Refused with `escalation_not_configured` where the organisation has not configured
 * the court for the debtor's country, `debtor_address_missing` without a postal address to
 * summon the debtor at, and `above_court_limit` when the claim, charges included, exceeds
 * the court's value limit.
 */
export async function buildSmallClaimsPacket(
  db: Db | Tx,
  organisationId: string,
  ref: RecordRef,
  context: ActionContext,
  options: { includeNotDue?: boolean } = {},
): Promise<SmallClaimsPacket> {
  const prepared = await inTransaction(db, (trx) => prepareSmallClaimsPacket(trx, organisationId, ref, context, options));
  // Rendered after the reading transaction has closed, in a worker thread: a long contact
  // record holds no connection and blocks no other request while it is drawn.
  const pdf = await packetPdf(prepared.document);
  return inTransaction(db, (trx) => prepared.store(trx, pdf));
}

/** Reads and checks everything the packet says; `store` keeps the rendered file and records it. */
async function prepareSmallClaimsPacket(
  trx: Tx,
  organisationId: string,
  ref: RecordRef,
  context: ActionContext,
  options: { includeNotDue?: boolean } = {},
): Promise<{ document: PacketPdfInput; store: (write: Tx, pdf: Buffer) => Promise<SmallClaimsPacket> }> {
  const org = await organisationById(trx, organisationId);
  const customer = await findCustomer(trx, organisationId, ref);
  const settings = await getEscalationSettings(trx, organisationId);
  requireEscalationStep(settings, 'court', customer);
  const postalAddress = customer.postal_address?.trim() ?? '';
  if (postalAddress === '') {
    throw new ConflictError(
      `customer ${customer.external_id} has no postal address: the court needs one to summon the debtor; add it to the customer first`,
      'debtor_address_missing',
      { field: 'postal_address' },
    );
  }
  const date = dateInZone(context.now, org.timezone);
  const claim = await loadClaim(trx, organisationId, customer, date, { statuses: ['open', 'written_off'], ...options });
  if (claim.lines.length === 0) {
    throw new ConflictError(
      `customer ${customer.external_id} owes nothing ${claim.notDue.length > 0 ? `overdue on ${date} (${claim.notDue.length} invoice(s) not yet due)` : ''}`.trim(),
      'nothing_to_claim',
    );
  }
  const currency = settings.courtLimitCurrency;
  const foreign = [...claim.lines.map((l) => l.invoice), ...claim.notDue].filter((i) => i.currency !== currency);
  if (foreign.length > 0)
    throw new ConflictError(`the court limit is in ${currency} but invoices ${foreign.map((i) => i.external_id).join(', ')} are not`, 'currency_mismatch');
  const claimMinor = claim.totalMinor;
  const limit = { amount: formatAmount(settings.courtLimitMinor, currency), currency };
  if (claimMinor > settings.courtLimitMinor) {
    throw new UserError(
      `the claim of ${formatAmount(claimMinor, currency)} ${currency} (${formatAmount(claim.openMinor, currency)} principal and ${formatAmount(claim.chargesMinor, currency)} charges) is above the small-claims court limit of ${limit.amount} ${currency}`,
      'above_court_limit',
      { limit, claim: { amount: formatAmount(claimMinor, currency), currency } },
    );
  }
  const acknowledgements = await acknowledgementsOf(trx, organisationId, customer.id);
  const entries = await contactRecordOf(trx, organisationId, customer.id);
  const language = courtLanguage(customer.country);
  const text = packetTexts[language];
  const money = (minor: number) => displayAmount(minor, currency, language);
  const notDueMinor = claim.notDue.reduce((sum, i) => sum + i.openMinor, 0);
  const document: PacketPdfInput = {
    title: text.title(customer.name),
    date,
    creditor: { name: org.name, legalName: org.legal_name, taxId: org.tax_id ? displayTaxId(org.country, org.tax_id) : null, address: org.address },
    sections: [
      {
        heading: text.debtor,
        lines: [customer.name, `${text.taxId}: ${customer.tax_id ? displayTaxId(customer.country, customer.tax_id) : '—'}`, postalAddress],
      },
      {
        heading: text.claim(money(claimMinor), money(settings.courtLimitMinor)),
        lines: [
          ...claim.lines.flatMap((l) => [
            text.invoice({
              number: l.invoice.number,
              externalId: l.invoice.external_id,
              issued: l.invoice.issue_date,
              due: l.invoice.due_date,
              daysOverdue: l.daysOverdue,
              open: money(l.invoice.openMinor),
            }) + (l.invoice.status === 'written_off' ? text.writtenOff : ''),
            `  ${text.charges({ lateFee: money(l.lateFeeMinor), interest: money(l.interestMinor), compensation: l.compensationMinor > 0 ? money(l.compensationMinor) : '', total: money(l.totalMinor) })}`,
          ]),
          text.totals({ open: money(claim.openMinor), charges: money(claim.chargesMinor), total: money(claimMinor) }),
          ...(claim.notDue.length > 0 ? [text.notClaimed(claim.notDue.length, money(notDueMinor))] : []),
        ],
      },
      {
        heading: text.acknowledgement,
        lines:
          acknowledgements.length === 0
            ? [text.noAcknowledgement]
            : acknowledgements.flatMap((a) => [
                text.acknowledged({ terms: a.name, version: a.terms_version, at: new Date(a.acknowledged_at).toISOString(), channel: a.channel }),
                `  ${text.evidence} ${JSON.stringify(a.evidence)}`,
              ]),
      },
      {
        heading: text.record(entries.length),
        lines:
          entries.length === 0
            ? [text.noEntries]
            : entries.flatMap((e) => [
                text.entry({ seq: e.seq, at: new Date(e.occurred_at).toISOString(), kind: e.kind, channel: e.channel, actor: e.actor }),
                `  ${JSON.stringify(e.content)}`,
                `  prev ${e.prev_hash}`,
                `  hash ${e.hash}`,
              ]),
      },
    ],
  };
  const store = async (write: Tx, pdf: Buffer): Promise<SmallClaimsPacket> => {
    const filename = `small-claims-${customer.external_id}-${date}.pdf`;
    const documentId = await storeDocument(write, organisationId, {
      key: `legal/${customer.id}/${context.now.toISOString()}.pdf`,
      kind: 'legal_packet',
      customerId: customer.id,
      filename,
      contentType: 'application/pdf',
      content: pdf,
    });
    await appendInteraction(write, organisationId, {
      occurredAt: context.now,
      customerId: customer.id,
      actor: context.actor,
      channel: 'system',
      kind: 'legal_packet_built',
      content: {
        document_id: documentId,
        claim: formatAmount(claimMinor, currency),
        principal: formatAmount(claim.openMinor, currency),
        charges: formatAmount(claim.chargesMinor, currency),
        currency,
        invoices: claim.lines.map((l) => l.invoice.external_id),
        language,
        entries: entries.length,
        last_hash: entries.at(-1)?.hash ?? null,
      },
    });
    return {
      document_id: documentId,
      filename,
      pdf,
      claim_minor: claimMinor,
      charges_minor: claim.chargesMinor,
      currency,
      limit_minor: settings.courtLimitMinor,
      entries: entries.length,
      language,
    };
  };
  return { document, store };
}
