import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { Customer, PaymentTermsScope } from '../../db/schema.ts';
import { jurisdictionFor } from '../../domain/jurisdiction.ts';
import { applicablePaymentTerms, termsOverLegalCaps, validatePaymentTerms, type PaymentTermsRules } from '../../domain/payment-terms.ts';
import { appendInteraction } from '../contact-record.ts';
import { findCustomerNamedInBody } from '../customers.ts';
import { type ActionContext } from '../record-ref.ts';
import { UserError, ValidationError } from '../errors.ts';
import { storedPaymentTerms } from '../payment-plans/crystallise-charges.ts';

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
export async function createPaymentTerms(trx: Tx, organisationId: string, input: PaymentTermsInput, context: ActionContext): Promise<PaymentTermsRow> {
  const scope = input.scope ?? 'organisation';
  const segment = input.segment?.trim() || null;
  if (scope === 'segment' && !segment) throw new ValidationError([{ field: 'segment', reason: 'is required for segment terms' }]);
  if (scope !== 'segment' && segment) throw new ValidationError([{ field: 'segment', reason: `only segment terms name a segment, not ${scope} terms` }]);
  const names = input.customer_id !== undefined || input.customer_external_id !== undefined;
  if (scope === 'customer' && !names) throw new ValidationError([{ field: 'customer_external_id', reason: 'is required for customer terms' }]);
  if (scope !== 'customer' && names) throw new ValidationError([{ field: 'customer_external_id', reason: `only customer terms name a customer, not ${scope} terms` }]);
  const customer = scope === 'customer' ? await findCustomerNamedInBody(trx, organisationId, input) : undefined;

  const validated = validatePaymentTerms(input.rules);
  if (!validated.ok) throw new ValidationError(validated.errors.map((e) => ({ field: e.path ? `rules.${e.path}` : 'rules', reason: e.message })));
  const org = await trx.selectFrom('organisations').select('country').where('id', '=', organisationId).executeTakeFirstOrThrow();
  const overCaps = termsOverLegalCaps(validated.value, jurisdictionFor(customer?.country ?? org.country), customer ? [customer.party_type] : ['consumer', 'business']);
  if (overCaps.length > 0) throw new ValidationError(overCaps.map((e) => ({ field: `rules.${e.path}`, reason: e.message })));

  const name = scope === 'organisation' ? 'default' : scope === 'segment' ? `segment:${segment}` : `customer:${customer!.external_id}`;
  // One writer per organisation at a time, so two saves cannot take the same version.
  await sql`select id from organisations where id = ${organisationId} for update`.execute(trx);
  const latest = await trx.selectFrom('payment_terms').select((eb) => eb.fn.max('version').as('version')).where('organisation_id', '=', organisationId).where('name', '=', name).executeTakeFirst();
  if (scope === 'organisation') await trx.updateTable('payment_terms').set({ is_default: false }).where('organisation_id', '=', organisationId).where('is_default', '=', true).execute();
  const row = await trx
    .insertInto('payment_terms')
    .values({
      organisation_id: organisationId, name, version: (latest?.version ?? 0) + 1, is_default: scope === 'organisation', rules: JSON.stringify(validated.value),
      scope, segment, customer_id: customer?.id ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (customer) {
    await trx.updateTable('customers').set({ payment_terms_id: row.id, updated_at: context.now }).where('organisation_id', '=', organisationId).where('id', '=', customer.id).execute();
  }
  return { ...row, rules: validated.value, customer_external_id: customer?.external_id ?? null };
}

/** Every version of the organisation's terms, newest first (optionally one scope). */
export async function listPaymentTerms(db: Db, organisationId: string, filters: { scope?: PaymentTermsScope } = {}): Promise<PaymentTermsRow[]> {
  let query = db
    .selectFrom('payment_terms as t')
    .leftJoin('customers as c', (join) => join.onRef('c.organisation_id', '=', 't.organisation_id').onRef('c.id', '=', 't.customer_id'))
    .select(['t.id', 't.name', 't.version', 't.scope', 't.segment', 't.is_default', 't.rules', 't.created_at', 'c.external_id as customer_external_id'])
    .where('t.organisation_id', '=', organisationId);
  if (filters.scope) query = query.where('t.scope', '=', filters.scope);
  const rows = await query.orderBy('t.created_at', 'desc').orderBy('t.name').orderBy('t.version', 'desc').execute();
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
export async function acknowledgeTerms(trx: Tx, organisationId: string, input: AcknowledgementInput, context: ActionContext): Promise<AcknowledgementRow> {
  const customer = await findCustomerNamedInBody(trx, organisationId, input);
  if (!(acknowledgementChannels as readonly string[]).includes(input.channel)) {
    throw new ValidationError([{ field: 'channel', reason: `"${input.channel}" is not one of ${acknowledgementChannels.join(', ')}` }]);
  }
  const acknowledgedAt = input.acknowledged_at === undefined ? context.now : new Date(input.acknowledged_at);
  if (Number.isNaN(acknowledgedAt.getTime())) throw new ValidationError([{ field: 'acknowledged_at', reason: `"${input.acknowledged_at}" is not an ISO 8601 date-time` }]);
  if (acknowledgedAt > context.now) throw new ValidationError([{ field: 'acknowledged_at', reason: 'is in the future' }]);
  const evidence = { ...(input.evidence_text?.trim() ? { text: input.evidence_text.trim() } : {}), ...(input.evidence_reference?.trim() ? { reference: input.evidence_reference.trim() } : {}) };
  if (Object.keys(evidence).length === 0) throw new ValidationError([{ field: 'evidence_text', reason: 'give the evidence: its text, a reference, or both' }]);

  const terms = await termsToAcknowledge(trx, organisationId, customer, input.terms_id);
  const row = await trx
    .insertInto('policy_acknowledgements')
    .values({ organisation_id: organisationId, customer_id: customer.id, payment_terms_id: terms.id, terms_version: terms.version, channel: input.channel, acknowledged_at: acknowledgedAt, evidence: JSON.stringify(evidence) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await appendInteraction(trx, organisationId, {
    occurredAt: context.now, customerId: customer.id, actor: context.actor, channel: input.channel, kind: 'terms_acknowledged',
    content: { acknowledgement_id: row.id, terms: terms.name, version: terms.version, acknowledged_at: acknowledgedAt.toISOString(), evidence },
  });
  return { id: row.id, customer_external_id: customer.external_id, terms_id: terms.id, terms_name: terms.name, terms_version: terms.version, channel: input.channel, acknowledged_at: acknowledgedAt, evidence };
}

/** The version named, else the stored terms that apply to the customer now (own, segment, default). */
async function termsToAcknowledge(trx: Tx, organisationId: string, customer: Customer, termsId: string | undefined): Promise<{ id: string; name: string; version: number }> {
  const stored = await storedPaymentTerms(trx, organisationId);
  if (termsId !== undefined) {
    const named = stored.find((t) => t.id === termsId);
    if (!named) throw new UserError(`terms_id: unknown payment terms "${termsId}"`, 'terms_not_found', { field: 'terms_id' });
    return named;
  }
  const current = applicablePaymentTerms(stored, { paymentTermsId: customer.payment_terms_id, segment: customer.segment, country: customer.country });
  if (!current) throw new UserError(`no payment terms on file for customer ${customer.external_id}: create them first (regua terms create)`, 'terms_not_found', { field: 'terms_id' });
  return current;
}
