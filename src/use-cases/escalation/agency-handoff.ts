import type { Db, Tx } from '../../db/database.ts';
import type { Customer } from '../../db/schema.ts';
import { dateInZone, isIsoDate } from '../../domain/dates.ts';
import { parsePercentBps } from '../../domain/fees.ts';
import { divideRounded, formatAmount } from '../../domain/money.ts';
import { displayTaxId } from '../../domain/tax-id.ts';
import { appendInteraction } from '../contact-record.ts';
import { findCustomer } from '../customers.ts';
import { toPage, type ActionContext, type Page, type PageRequest, type RecordRef } from '../record-ref.ts';
import { ConflictError, NotFoundError, UserError } from '../errors.ts';
import { loadClaim } from './claim.ts';
import { csvRow } from '../../domain/csv.ts';
import { packetPdf } from './packet-pdf.ts';
import { getEscalationSettings, requireEscalationStep } from './settings.ts';
import { organisationById } from '../../stores/organisations.ts';
import {
  contactRecordOf,
  handoffForUpdate,
  handoffRows,
  insertHandoff,
  markRecalled,
  setCustomerStatus,
  setHandoffDocuments,
  storeDocument,
  type HandoffRow,
} from '../../stores/escalations.ts';

export interface HandoffInput {
  agency: string;
  /** Commission on what the agency recovers, in percent with at most two decimals ("15", "12.5"). */
  commissionPercent: string;
  /** Hand-off date (default: today in the organisation's time zone). */
  date?: string;
  /** Also hand off open invoices not yet due on the date (default: only overdue ones). */
  includeNotDue?: boolean;
}

/** A hand-off as stored, with the agency's commission on what it recovered. */
export interface AgencyHandoff extends HandoffRow {
  commission_minor: number;
}

const agencyCsvHeader = [
  'customer_external_id',
  'customer_name',
  'customer_tax_id',
  'invoice_external_id',
  'invoice_number',
  'issue_date',
  'due_date',
  'days_overdue',
  'amount',
  'paid',
  'open',
  'late_fee',
  'interest',
  'compensation',
  'claimed',
  'currency',
  'contacts_logged',
  'last_contact_on',
] as const;

/** "15" → 1500 basis points; at most two decimals, from 0 to 100. */
function parseCommissionPercent(text: string): number {
  const bp = parsePercentBps(text);
  if (bp === null)
    throw new UserError(`commission "${text}" must be a percentage from 0 to 100 with at most two decimals`, 'validation_failed', [
      { field: 'commission_percent', reason: 'is not a percentage' },
    ]);
  return bp;
}

/**
 * Hands a customer's overdue invoices (all open ones with includeNotDue) to a collection agency,
 * where the organisation configured agencies for the debtor's country: the packet (CSV of the
 * invoices with their late charges on the date, PDF with the contact-history summary) is stored, the customer becomes 'with_agency' (the cadence
 * leaves them alone) and what is paid from now until a recall counts as the agency's recovery.
 */
export async function handOffToAgency(trx: Tx, organisationId: string, ref: RecordRef, input: HandoffInput, context: ActionContext): Promise<AgencyHandoff> {
  const agency = input.agency.trim();
  if (agency === '') throw new UserError('name the agency', 'validation_failed', [{ field: 'agency', reason: 'is empty' }]);
  const commissionBp = parseCommissionPercent(input.commissionPercent);
  if (input.date !== undefined && !isIsoDate(input.date))
    throw new UserError(`date "${input.date}" is not a date in the form YYYY-MM-DD`, 'validation_failed', [{ field: 'date', reason: 'is not a date' }]);
  const org = await organisationById(trx, organisationId);
  const customer = await findCustomer(trx, organisationId, ref, { lock: true });
  if (customer.status === 'with_agency') throw new ConflictError(`customer ${customer.external_id} is already with an agency`, 'already_with_agency');
  if (customer.status !== 'active' && customer.status !== 'paused')
    throw new ConflictError(`customer ${customer.external_id} is ${customer.status}`, 'customer_not_active');
  requireEscalationStep(await getEscalationSettings(trx, organisationId), 'agency', customer);
  const date = input.date ?? dateInZone(context.now, org.timezone);
  const claim = await loadClaim(trx, organisationId, customer, date, { statuses: ['open'], includeNotDue: input.includeNotDue === true });
  if (claim.lines.length === 0) {
    const notDue =
      claim.notDue.length > 0 ? ` overdue on ${date} (${claim.notDue.length} invoice(s) not yet due; include_not_due hands them off too)` : ' open';
    throw new ConflictError(`customer ${customer.external_id} has no invoices${notDue} to hand off`, 'nothing_to_hand_off');
  }
  const currencies = [...new Set(claim.lines.map((l) => l.invoice.currency))];
  if (currencies.length > 1)
    throw new ConflictError(`customer ${customer.external_id} owes in ${currencies.join(' and ')}: hand-offs are per currency`, 'mixed_currencies');
  const currency = currencies[0]!;
  const invoices = claim.lines.map((l) => l.invoice);
  const amountMinor = claim.openMinor;
  const history = await contactSummary(trx, organisationId, customer.id, org.timezone);
  const taxId = customer.tax_id ? displayTaxId(customer.country, customer.tax_id) : '';

  const handoffId = await insertHandoff(trx, organisationId, {
    customer_id: customer.id,
    agency,
    commission_bp: commissionBp,
    invoice_ids: invoices.map((i) => i.id),
    currency,
    amount_minor: amountMinor,
    charges_minor: claim.chargesMinor,
    handed_off_on: date,
    previous_customer_status: customer.status,
  });

  const money = (minor: number) => formatAmount(minor, currency);
  const csv =
    [
      csvRow(agencyCsvHeader),
      ...claim.lines.map(({ invoice: i, ...l }) =>
        csvRow([
          customer.external_id,
          customer.name,
          taxId,
          i.external_id,
          i.number,
          i.issue_date,
          i.due_date,
          l.daysOverdue,
          money(i.amount_minor),
          money(i.paid_minor),
          money(i.openMinor),
          money(l.lateFeeMinor),
          money(l.interestMinor),
          money(l.compensationMinor),
          money(l.totalMinor),
          currency,
          history.count,
          history.lastOn ?? '',
        ]),
      ),
    ].join('\n') + '\n';
  const pdf = await packetPdf({
    title: `Collection agency hand-off — ${customer.name}`,
    date,
    creditor: { name: org.name, legalName: org.legal_name, taxId: org.tax_id ? displayTaxId(org.country, org.tax_id) : null, address: org.address },
    sections: [
      { heading: 'Agency', lines: [`${agency}, commission ${percentText(commissionBp)} % of amounts recovered`] },
      {
        heading: 'Debtor',
        lines: [
          customer.name,
          `${customer.tax_id_kind ?? 'tax id'}: ${taxId || '—'}`,
          customer.postal_address ?? '',
          `external id ${customer.external_id}`,
        ].filter((l) => l !== ''),
      },
      {
        heading: `Claimed on ${date}: ${money(claim.totalMinor)} ${currency} (${money(amountMinor)} principal + ${money(claim.chargesMinor)} late charges)`,
        lines: [
          ...claim.lines.flatMap(({ invoice: i, ...l }) => [
            `${i.number} — issued ${i.issue_date}, due ${i.due_date} (${l.daysOverdue} days overdue): ${money(i.openMinor)} ${currency} open of ${money(i.amount_minor)}`,
            `  late fee ${money(l.lateFeeMinor)}, interest ${money(l.interestMinor)}${l.compensationMinor > 0 ? `, compensation ${money(l.compensationMinor)}` : ''}; claimed ${money(l.totalMinor)} ${currency}`,
          ]),
          ...(claim.notDue.length > 0
            ? [`${claim.notDue.length} invoice(s) not yet due, ${money(claim.notDue.reduce((sum, i) => sum + i.openMinor, 0))} ${currency}, stay with us.`]
            : []),
        ],
      },
      { heading: 'Contact history', lines: history.lines },
    ],
  });
  const csvId = await storeDocument(trx, organisationId, {
    key: `agency/${handoffId}/packet.csv`,
    kind: 'agency_packet',
    customerId: customer.id,
    filename: `agency-${customer.external_id}-${date}.csv`,
    contentType: 'text/csv; charset=utf-8',
    content: Buffer.from(csv, 'utf8'),
  });
  const pdfId = await storeDocument(trx, organisationId, {
    key: `agency/${handoffId}/packet.pdf`,
    kind: 'agency_packet',
    customerId: customer.id,
    filename: `agency-${customer.external_id}-${date}.pdf`,
    contentType: 'application/pdf',
    content: pdf,
  });
  await setHandoffDocuments(trx, organisationId, handoffId, { csv: csvId, pdf: pdfId });
  await setCustomerStatus(trx, organisationId, customer.id, 'with_agency', context.now);
  await appendInteraction(trx, organisationId, {
    occurredAt: context.now,
    customerId: customer.id,
    actor: context.actor,
    channel: 'system',
    kind: 'agency_handoff',
    content: {
      handoff_id: handoffId,
      agency,
      commission_bp: commissionBp,
      handed_off_on: date,
      amount: money(amountMinor),
      charges: money(claim.chargesMinor),
      currency,
      invoices: invoices.map((i) => i.external_id),
    },
  });
  return getAgencyHandoff(trx, organisationId, handoffId);
}

/** Ends a hand-off: the customer goes back to the status it had, the cadence resumes. */
export async function recallFromAgency(
  trx: Tx,
  organisationId: string,
  handoffId: string,
  input: { date?: string },
  context: ActionContext,
): Promise<AgencyHandoff> {
  const org = await organisationById(trx, organisationId);
  const handoff = await handoffForUpdate(trx, organisationId, handoffId);
  if (!handoff) throw new NotFoundError('agency hand-off', handoffId);
  if (handoff.status === 'recalled') throw new ConflictError(`hand-off ${handoffId} was recalled on ${handoff.recalled_on}`, 'already_recalled');
  if (input.date !== undefined && !isIsoDate(input.date))
    throw new UserError(`date "${input.date}" is not a date in the form YYYY-MM-DD`, 'validation_failed', [{ field: 'date', reason: 'is not a date' }]);
  const date = input.date ?? dateInZone(context.now, org.timezone);
  if (date < handoff.handed_off_on)
    throw new UserError(`the recall date ${date} precedes the hand-off on ${handoff.handed_off_on}`, 'validation_failed', [
      { field: 'date', reason: 'precedes the hand-off' },
    ]);
  await markRecalled(trx, organisationId, handoffId, date);
  await setCustomerStatus(trx, organisationId, handoff.customer_id, handoff.previous_customer_status as Customer['status'], context.now, 'with_agency');
  const result = await getAgencyHandoff(trx, organisationId, handoffId);
  await appendInteraction(trx, organisationId, {
    occurredAt: context.now,
    customerId: handoff.customer_id,
    actor: context.actor,
    channel: 'system',
    kind: 'agency_recall',
    content: {
      handoff_id: handoffId,
      agency: handoff.agency,
      recalled_on: date,
      recovered: formatAmount(result.recovered_minor, result.currency),
      commission: formatAmount(result.commission_minor, result.currency),
      currency: result.currency,
    },
  });
  return result;
}

export async function getAgencyHandoff(db: Db | Tx, organisationId: string, id: string): Promise<AgencyHandoff> {
  const [row] = await handoffRows(db, organisationId, { id });
  if (!row) throw new NotFoundError('agency hand-off', id);
  return present(row);
}

/** Hand-offs, newest first, with what was recovered while they were active and the commission on it. */
export async function listAgencyHandoffs(
  db: Db | Tx,
  organisationId: string,
  filters: { status?: 'active' | 'recalled'; customerId?: string },
  page: PageRequest,
): Promise<Page<AgencyHandoff>> {
  const after = page.after ? ([page.after[0]!, page.after[1]!] as const) : undefined;
  const rows = await handoffRows(db, organisationId, { status: filters.status, customerId: filters.customerId, after, limit: page.limit + 1 });
  return toPage(rows.map(present), page.limit, (h) => [h.handed_off_on, h.id]);
}

function present(row: HandoffRow): AgencyHandoff {
  return { ...row, commission_minor: divideRounded(row.recovered_minor * row.commission_bp, 10_000) };
}

/** 1500 → "15", 1250 → "12.5". */
export function percentText(bp: number): string {
  return `${Math.trunc(bp / 100)}${
    bp % 100 === 0
      ? ''
      : `.${String(bp % 100)
          .padStart(2, '0')
          .replace(/0$/, '')}`
  }`;
}

/** Counts per kind, first and last contact, and the latest 30 entries, for the agency. */
async function contactSummary(
  trx: Tx,
  organisationId: string,
  customerId: string,
  timezone: string,
): Promise<{ count: number; lastOn: string | null; lines: string[] }> {
  const entries = await contactRecordOf(trx, organisationId, customerId);
  if (entries.length === 0) return { count: 0, lastOn: null, lines: ['No contact recorded.'] };
  const byKind = new Map<string, number>();
  for (const e of entries) byKind.set(`${e.kind} (${e.channel})`, (byKind.get(`${e.kind} (${e.channel})`) ?? 0) + 1);
  const first = dateInZone(new Date(entries[0]!.occurred_at), timezone);
  const last = dateInZone(new Date(entries.at(-1)!.occurred_at), timezone);
  return {
    count: entries.length,
    lastOn: last,
    lines: [
      `${entries.length} entries from ${first} to ${last}.`,
      ...[...byKind.entries()].sort().map(([kind, n]) => `• ${kind}: ${n}`),
      'Latest entries:',
      ...entries.slice(-30).map((e) => `  #${e.seq} ${new Date(e.occurred_at).toISOString()} ${e.actor} ${e.channel} ${e.kind}`),
    ],
  };
}
