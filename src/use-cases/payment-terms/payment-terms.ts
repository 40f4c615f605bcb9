import type { Db, Tx } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { Customer, PaymentTermsScope } from '../../db/schema.ts';
import { jurisdictionFor } from '../../domain/jurisdiction.ts';
import { applicablePaymentTerms, termsOverLegalCaps, validatePaymentTerms, type PaymentTermsRules } from '../../domain/payment-terms.ts';
import { appendInteraction } from '../contact-record.ts';
import { findCustomerNamedInBody } from '../customers.ts';
import { UserError, ValidationError } from '../errors.ts';
import type { OrgContext } from '../org-context.ts';
import {
  insertAcknowledgement,
  insertPaymentTerms,
  latestTermsVersion,
  lockTermsWriter,
  paymentTermsVersions,
  setCustomerPaymentTerms,
  storedPaymentTerms,
} from '../../stores/payment-terms.ts';

export interface PaymentTermsInput {
  /** organisation (the default), segment or customer. */
  scope?: PaymentTermsScope;
  segment?: string;
  customer_id?: string;
  customer_external_id?: string;
  /** The rules as payment-terms JSON (netDays, graceDays, earlyPaymentDiscount, lateFee, interest, statutoryB2B). */
  rules: unknown;
}

export interface PaymentTermsRow {
  id: string;
  name: string;
  version: number;
  scope: PaymentTermsScope;
  segment: string | null;
  customer_external_id: string | null;
  is_default: boolean;
  rules: PaymentTermsRules;
  created_at: Date;
}

/**
 * Saves terms as the next version of their name — "default" for the organisation's, the
 * segment's or the customer's external id otherwise — after checking them (validatePaymentTerms)
 * and the legal caps of the organisation's country (for a customer: its country and kind). The
 * new version takes over at once: the organisation's default moves to it, a customer points at it.
 */
export function createPaymentTerms(db: Db | Tx, ctx: OrgContext, input: PaymentTermsInput): Promise<PaymentTermsRow> {
  return inTransaction(db, (trx) => createPaymentTermsInTransaction(trx, ctx, input));
}

async function createPaymentTermsInTransaction(trx: Tx, ctx: OrgContext, input: PaymentTermsInput): Promise<PaymentTermsRow> {
  const organisationId = ctx.org.id;
  const scope = input.scope ?? 'organisation';
  const segment = input.segment?.trim() || null;
  if (scope === 'segment' && !segment) throw new ValidationError([{ field: 'segment', reason: 'is required for segment terms' }]);
  if (scope !== 'segment' && segment) throw new ValidationError([{ field: 'segment', reason: `only segment terms name a segment, not ${scope} terms` }]);
  const names = input.customer_id !== undefined || input.customer_external_id !== undefined;
  if (scope === 'customer' && !names) throw new ValidationError([{ field: 'customer_external_id', reason: 'is required for customer terms' }]);
  if (scope !== 'customer' && names)
    throw new ValidationError([{ field: 'customer_external_id', reason: `only customer terms name a customer, not ${scope} terms` }]);
  const customer = scope === 'customer' ? await findCustomerNamedInBody(trx, organisationId, input) : undefined;

  const validated = validatePaymentTerms(input.rules);
  if (!validated.ok) throw new ValidationError(validated.errors.map((e) => ({ field: e.path ? `rules.${e.path}` : 'rules', reason: e.message })));
  const overCaps = termsOverLegalCaps(
    validated.value,
    jurisdictionFor(customer?.country ?? ctx.org.country),
    customer ? [customer.party_type] : ['consumer', 'business'],
  );
  if (overCaps.length > 0) throw new ValidationError(overCaps.map((e) => ({ field: `rules.${e.path}`, reason: e.message })));

  const name = scope === 'organisation' ? 'default' : scope === 'segment' ? `segment:${segment}` : `customer:${customer!.external_id}`;
  await lockTermsWriter(trx, organisationId);
  const version = (await latestTermsVersion(trx, organisationId, name)) + 1;
  const row = await insertPaymentTerms(trx, organisationId, { name, version, scope, segment, customerId: customer?.id ?? null, rules: validated.value });
  if (customer) await setCustomerPaymentTerms(trx, organisationId, customer.id, row.id, ctx.now);
  return { ...row, rules: validated.value, customer_external_id: customer?.external_id ?? null };
}

/** Every version of the organisation's terms, newest first (optionally one scope). */
export async function listPaymentTerms(db: Db, ctx: OrgContext, filters: { scope?: PaymentTermsScope } = {}): Promise<PaymentTermsRow[]> {
  const rows = await paymentTermsVersions(db, ctx.org.id, filters.scope);
  return rows.map((r) => ({ ...r, rules: r.rules as PaymentTermsRules }));
}

export const acknowledgementChannels = ['signed_contract', 'portal', 'email', 'whatsapp', 'sms', 'phone', 'letter', 'in_person', 'other'] as const;
export type AcknowledgementChannel = (typeof acknowledgementChannels)[number];

export interface AcknowledgementInput {
  customer_id?: string;
  customer_external_id?: string;
  /** The version acknowledged; default: the terms that apply to the customer now. */
  terms_id?: string;
  channel: AcknowledgementChannel;
  /** When the customer acknowledged them; default: now. */
  acknowledged_at?: string;
  /** What proves it: the accepted text, a reference (signed contract no., portal session, message id). */
  evidence_text?: string;
  evidence_reference?: string;
}

export interface AcknowledgementRow {
  id: string;
  customer_external_id: string;
  terms_id: string;
  terms_name: string;
  terms_version: number;
  channel: string;
  acknowledged_at: Date;
  evidence: { text?: string; reference?: string };
}

/**
 * Records that a customer acknowledged a version of the payment terms (time, channel,
 * evidence), and writes it to the contact record: the small-claims packet cites it.
 */
export function acknowledgeTerms(db: Db | Tx, ctx: OrgContext, input: AcknowledgementInput): Promise<AcknowledgementRow> {
  return inTransaction(db, (trx) => acknowledgeTermsInTransaction(trx, ctx, input));
}

async function acknowledgeTermsInTransaction(trx: Tx, ctx: OrgContext, input: AcknowledgementInput): Promise<AcknowledgementRow> {
  const organisationId = ctx.org.id;
  const customer = await findCustomerNamedInBody(trx, organisationId, input);
  if (!(acknowledgementChannels as readonly string[]).includes(input.channel)) {
    throw new ValidationError([{ field: 'channel', reason: `"${input.channel}" is not one of ${acknowledgementChannels.join(', ')}` }]);
  }
  const acknowledgedAt = input.acknowledged_at === undefined ? ctx.now : new Date(input.acknowledged_at);
  if (Number.isNaN(acknowledgedAt.getTime()))
    throw new ValidationError([{ field: 'acknowledged_at', reason: `"${input.acknowledged_at}" is not an ISO 8601 date-time` }]);
  if (acknowledgedAt > ctx.now) throw new ValidationError([{ field: 'acknowledged_at', reason: 'is in the future' }]);
  const evidence = {
    ...(input.evidence_text?.trim() ? { text: input.evidence_text.trim() } : {}),
    ...(input.evidence_reference?.trim() ? { reference: input.evidence_reference.trim() } : {}),
  };
  if (Object.keys(evidence).length === 0) throw new ValidationError([{ field: 'evidence_text', reason: 'give the evidence: its text, a reference, or both' }]);

  const terms = await termsToAcknowledge(trx, organisationId, customer, input.terms_id);
  const id = await insertAcknowledgement(trx, organisationId, {
    customerId: customer.id,
    termsId: terms.id,
    termsVersion: terms.version,
    channel: input.channel,
    acknowledgedAt,
    evidence,
  });
  await appendInteraction(trx, organisationId, {
    occurredAt: ctx.now,
    customerId: customer.id,
    actor: ctx.actor,
    channel: input.channel,
    kind: 'terms_acknowledged',
    content: { acknowledgement_id: id, terms: terms.name, version: terms.version, acknowledged_at: acknowledgedAt.toISOString(), evidence },
  });
  return {
    id,
    customer_external_id: customer.external_id,
    terms_id: terms.id,
    terms_name: terms.name,
    terms_version: terms.version,
    channel: input.channel,
    acknowledged_at: acknowledgedAt,
    evidence,
  };
}

/** The version named, else the stored terms that apply to the customer now (own, segment, default). */
async function termsToAcknowledge(
  trx: Tx,
  organisationId: string,
  customer: Customer,
  termsId: string | undefined,
): Promise<{ id: string; name: string; version: number }> {
  const stored = await storedPaymentTerms(trx, organisationId);
  if (termsId !== undefined) {
    const named = stored.find((t) => t.id === termsId);
    if (!named) throw new UserError(`terms_id: unknown payment terms "${termsId}"`, 'terms_not_found', { field: 'terms_id' });
    return named;
  }
  const current = applicablePaymentTerms(stored, { paymentTermsId: customer.payment_terms_id, segment: customer.segment, country: customer.country });
  if (!current)
    throw new UserError(`no payment terms on file for customer ${customer.external_id}: create them first (regua terms create)`, 'terms_not_found', {
      field: 'terms_id',
    });
  return current;
}
