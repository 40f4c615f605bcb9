import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import type { Contact, Customer, CustomerStatus } from '../db/schema.ts';
import { countryCurrency, validateCustomer, type CustomerInput } from '../domain/customer.ts';
import { formatAmount } from '../domain/money.ts';
import { appendInteraction } from './contact-record.ts';
import { ConflictError, NotFoundError, UserError, ValidationError } from './errors.ts';

/** A record named by its uuid or by the id it has in the business's own system. */
export type RecordRef = { id: string } | { externalId: string };

/** Who acts and when: the actor and the instant go into the contact record. */
export interface ActionContext {
  actor: string;
  now: Date;
}

/** A keyset page: rows after `after` (the sort key of the last row already seen). */
export interface PageRequest {
  limit: number;
  after: readonly string[] | null;
}

export interface Page<T> {
  items: T[];
  /** Sort key of the last item when more rows follow, else null. */
  next: string[] | null;
}

/** A record missing from the organisation; code `<what>_not_found` (HTTP 404). */
export class RecordNotFoundError extends NotFoundError {
  override readonly code: string;
  constructor(what: string, ref: RecordRef) {
    super(what, 'id' in ref ? ref.id : `ext:${ref.externalId}`);
    this.code = `${what}_not_found`;
  }
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A uuid that is not even well formed names no record (and must not reach a uuid column). */
export function isUuid(text: string): boolean {
  return uuidPattern.test(text);
}

/** Takes `limit + 1` rows from a keyset query and splits off the next cursor key. */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => string[]): Page<T> {
  const items = rows.slice(0, limit);
  return { items, next: rows.length > limit ? keyOf(items.at(-1)!) : null };
}

/** Escapes LIKE wildcards so user text matches literally. */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function findCustomer(db: Db, organisationId: string, ref: RecordRef, options: { lock?: boolean } = {}): Promise<Customer> {
  if ('id' in ref && !isUuid(ref.id)) throw new RecordNotFoundError('customer', ref);
  let query = db.selectFrom('customers').selectAll().where('organisation_id', '=', organisationId);
  query = 'id' in ref ? query.where('id', '=', ref.id) : query.where('external_id', '=', ref.externalId);
  const row = await (options.lock ? query.forUpdate() : query).executeTakeFirst();
  if (!row) throw new RecordNotFoundError('customer', ref);
  return row;
}

/**
 * The customer a request body names by `customer_id` or `customer_external_id`. Unknown is a
 * bad request (400 `customer_not_found`), not a missing resource: the path was fine.
 */
export async function findCustomerNamedInBody(db: Db, organisationId: string, body: { customer_id?: string; customer_external_id?: string }): Promise<Customer> {
  const field = body.customer_id !== undefined ? 'customer_id' : 'customer_external_id';
  const ref: RecordRef = body.customer_id !== undefined ? { id: body.customer_id } : { externalId: body.customer_external_id?.trim() ?? '' };
  try {
    return await findCustomer(db, organisationId, ref);
  } catch (error) {
    if (!(error instanceof RecordNotFoundError)) throw error;
    throw new UserError(`${field}: unknown customer "${'id' in ref ? ref.id : ref.externalId}"`, 'customer_not_found', { field });
  }
}

export interface CustomerDetail extends Customer {
  contacts: Contact[];
  /** Open balance (amount minus paid of open invoices) per currency. */
  openBalances: { currency: string; amountMinor: number }[];
}

/**
 * Creates a customer validated like a customers.csv row; e-mail, phone and WhatsApp become
 * billing contacts as in the import. An external_id already in use is `customer_exists`.
 */
export async function createCustomer(trx: Tx, organisationId: string, input: CustomerInput & { cadence_policy_name?: string | null }, context: ActionContext): Promise<CustomerDetail> {
  const validated = validateCustomer(input);
  if (!validated.ok) throw new ValidationError(validated.errors);
  const c = validated.value;
  const policyName = await knownPolicyName(trx, organisationId, input.cadence_policy_name);
  const row = await trx
    .insertInto('customers')
    .values({
      organisation_id: organisationId, external_id: c.externalId, name: c.name, tax_id: c.taxId, tax_id_kind: c.taxIdKind, party_type: c.partyType,
      country: c.country, language: c.language, timezone: c.timezone, segment: c.segment, credit_limit_minor: c.creditLimitMinor, cadence_policy_name: policyName,
    })
    .onConflict((oc) => oc.columns(['organisation_id', 'external_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) {
    const existing = await findCustomer(trx, organisationId, { externalId: c.externalId });
    throw new ConflictError(`customer ${c.externalId} already exists`, 'customer_exists', { external_id: c.externalId, id: existing.id });
  }
  const contacts = (['email', 'phone', 'whatsapp'] as const).filter((channel) => c[channel] !== null);
  if (contacts.length > 0) {
    await trx
      .insertInto('contacts')
      .values(contacts.map((channel) => ({ organisation_id: organisationId, customer_id: row.id, channel, address: c[channel]!, role: 'billing' as const })))
      .execute();
  }
  await appendInteraction(trx, organisationId, {
    occurredAt: context.now, customerId: row.id, actor: context.actor, channel: 'system', kind: 'customer_created',
    content: { external_id: c.externalId, name: c.name, ...(policyName ? { cadence_policy_name: policyName } : {}) },
  });
  return getCustomer(trx, organisationId, { id: row.id });
}

export async function getCustomer(db: Db, organisationId: string, ref: RecordRef): Promise<CustomerDetail> {
  const customer = await findCustomer(db, organisationId, ref);
  const contacts = await db
    .selectFrom('contacts')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('customer_id', '=', customer.id)
    .orderBy('channel')
    .orderBy('address')
    .execute();
  const balances = await db
    .selectFrom('invoices')
    .select(['currency', sql<number>`sum(amount_minor - paid_minor)::bigint`.as('open_minor')])
    .where('organisation_id', '=', organisationId)
    .where('customer_id', '=', customer.id)
    .where('status', '=', 'open')
    .groupBy('currency')
    .orderBy('currency')
    .execute();
  return { ...customer, contacts, openBalances: balances.map((b) => ({ currency: b.currency, amountMinor: b.open_minor })) };
}

export interface CustomerFilters {
  /** Prefix of the name (or of a word in it), of the external id or of the tax id. */
  q?: string;
  country?: string;
  segment?: string;
  status?: CustomerStatus;
}

/** Customers ordered by external_id (unique per organisation, so the keyset never ties). */
export async function listCustomers(db: Db, organisationId: string, filters: CustomerFilters, page: PageRequest): Promise<Page<Customer>> {
  let query = db.selectFrom('customers').selectAll().where('organisation_id', '=', organisationId);
  const q = filters.q?.trim();
  if (q) {
    const prefix = likeEscape(q.toLowerCase());
    const taxPrefix = q.normalize('NFC').toUpperCase().replace(/[\s./-]/g, '');
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['name']), 'like', `${prefix}%`),
        eb(eb.fn('lower', ['name']), 'like', `% ${prefix}%`),
        eb('external_id', 'like', `${likeEscape(q)}%`),
        ...(taxPrefix ? [eb('tax_id', 'like', `${likeEscape(taxPrefix)}%`)] : []),
      ]),
    );
  }
  if (filters.country) query = query.where('country', '=', filters.country.toUpperCase());
  if (filters.segment) query = query.where('segment', '=', filters.segment);
  if (filters.status) query = query.where('status', '=', filters.status);
  if (page.after) query = query.where('external_id', '>', page.after[0]!);
  const rows = await query.orderBy('external_id').limit(page.limit + 1).execute();
  return toPage(rows, page.limit, (r) => [r.external_id]);
}

export interface CustomerPatch {
  name?: string;
  tax_id?: string | null;
  segment?: string | null;
  language?: string;
  timezone?: string;
  credit_limit?: string | null;
  status?: CustomerStatus;
  paused_until?: string | null;
  /** The customer's own cadence policy (a saved policy's name), or null for its segment's / the default. */
  cadence_policy_name?: string | null;
}

/**
 * Changes a customer. The merged record is validated like an imported row; what changed is
 * written to the contact record (a pause or an agency handoff must be traceable).
 */
export async function updateCustomer(trx: Tx, organisationId: string, ref: RecordRef, patch: CustomerPatch, context: ActionContext): Promise<CustomerDetail> {
  const current = await findCustomer(trx, organisationId, ref, { lock: true });
  const pick = <T>(value: T | undefined, fallback: T): T => (value === undefined ? fallback : value);
  const currentLimit = current.credit_limit_minor === null ? null : formatAmount(current.credit_limit_minor, countryCurrency(current.country));
  const validated = validateCustomer({
    external_id: current.external_id,
    name: pick(patch.name, current.name),
    tax_id: pick(patch.tax_id, current.tax_id) ?? '',
    country: current.country,
    language: pick(patch.language, current.language),
    timezone: pick(patch.timezone, current.timezone),
    segment: pick(patch.segment, current.segment) ?? '',
    credit_limit: pick(patch.credit_limit, currentLimit) ?? '',
  });
  if (!validated.ok) throw new ValidationError(validated.errors);
  const v = validated.value;
  const next = {
    name: v.name, tax_id: v.taxId, tax_id_kind: v.taxIdKind, party_type: v.partyType, language: v.language, timezone: v.timezone,
    segment: v.segment, credit_limit_minor: v.creditLimitMinor, status: pick(patch.status, current.status), paused_until: pick(patch.paused_until, current.paused_until),
    cadence_policy_name: patch.cadence_policy_name === undefined ? current.cadence_policy_name : await knownPolicyName(trx, organisationId, patch.cadence_policy_name),
  };
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [field, to] of Object.entries(next)) {
    const from = current[field as keyof typeof next];
    if (from !== to) changes[field] = { from, to };
  }
  if (Object.keys(changes).length === 0) return getCustomer(trx, organisationId, { id: current.id });
  await trx
    .updateTable('customers')
    .set({ ...next, updated_at: context.now })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', current.id)
    .execute();
  await appendInteraction(trx, organisationId, {
    occurredAt: context.now, customerId: current.id, actor: context.actor, channel: 'system', kind: 'customer_updated', content: { changes },
  });
  return getCustomer(trx, organisationId, { id: current.id });
}

/** A per-customer policy override must name a policy the organisation saved; '' or null clears it. */
async function knownPolicyName(trx: Tx, organisationId: string, name: string | null | undefined): Promise<string | null> {
  if (name === undefined || name === null || name.trim() === '') return null;
  const found = await trx.selectFrom('cadence_policies').select('name').where('organisation_id', '=', organisationId).where('name', '=', name.trim()).limit(1).executeTakeFirst();
  if (!found) throw new ValidationError([{ field: 'cadence_policy_name', reason: `no cadence policy named "${name}" (see GET /policies)` }]);
  return found.name;
}
