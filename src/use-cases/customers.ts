import type { Db, Tx } from '../db/database.ts';
import type { Contact, Customer, CustomerStatus } from '../db/schema.ts';
import { countryCurrency, validateCustomer, type CustomerInput } from '../domain/customer.ts';
import { formatAmount } from '../domain/money.ts';
import { contactsOfCustomer, insertContacts } from '../stores/contacts.ts';
import { customerByRef, customerColumns, insertCustomer, openBalancesOf, savedPolicyName, searchCustomers, updateCustomerRow } from '../stores/customers.ts';
import { appendInteraction } from './contact-record.ts';
import { ConflictError, UserError, ValidationError } from './errors.ts';
import { likeEscape, RecordNotFoundError, toPage, isUuid, type ActionContext, type Page, type PageRequest, type RecordRef } from './record-ref.ts';

// Kept while branches in flight still import these from here; new code imports src/use-cases/record-ref.ts.

export async function findCustomer(db: Db, organisationId: string, ref: RecordRef, options: { lock?: boolean } = {}): Promise<Customer> {
  if ('id' in ref && !isUuid(ref.id)) throw new RecordNotFoundError('customer', ref);
  const row = await customerByRef(db, organisationId, ref, options);
  if (!row) throw new RecordNotFoundError('customer', ref);
  return row;
}

/**
 * The customer a request body names by `customer_id` or `customer_external_id`. Unknown is a
 * bad request (400 `customer_not_found`), not a missing resource: the path was fine.
 */
export async function findCustomerNamedInBody(
  db: Db,
  organisationId: string,
  body: { customer_id?: string; customer_external_id?: string },
): Promise<Customer> {
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
export async function createCustomer(
  trx: Tx,
  organisationId: string,
  input: CustomerInput & { cadence_policy_name?: string | null },
  context: ActionContext,
): Promise<CustomerDetail> {
  const validated = validateCustomer(input);
  if (!validated.ok) throw new ValidationError(validated.errors);
  const c = validated.value;
  const policyName = await knownPolicyName(trx, organisationId, input.cadence_policy_name);
  const row = await insertCustomer(trx, organisationId, {
    ...customerColumns(c),
    cadence_policy_name: policyName,
  });
  if (!row) {
    const existing = await findCustomer(trx, organisationId, { externalId: c.externalId });
    throw new ConflictError(`customer ${c.externalId} already exists`, 'customer_exists', { external_id: c.externalId, id: existing.id });
  }
  const contacts = (['email', 'phone', 'whatsapp'] as const).filter((channel) => c[channel] !== null);
  await insertContacts(
    trx,
    organisationId,
    contacts.map((channel) => ({ customer_id: row.id, channel, address: c[channel]!, role: 'billing' as const })),
  );
  await appendInteraction(trx, organisationId, {
    occurredAt: context.now,
    customerId: row.id,
    actor: context.actor,
    channel: 'system',
    kind: 'customer_created',
    content: { external_id: c.externalId, name: c.name, ...(policyName ? { cadence_policy_name: policyName } : {}) },
  });
  return getCustomer(trx, organisationId, { id: row.id });
}

export async function getCustomer(db: Db, organisationId: string, ref: RecordRef): Promise<CustomerDetail> {
  const customer = await findCustomer(db, organisationId, ref);
  const contacts = await contactsOfCustomer(db, organisationId, customer.id);
  return { ...customer, contacts, openBalances: await openBalancesOf(db, organisationId, customer.id) };
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
  const q = filters.q?.trim();
  const taxPrefix = q
    ? q
        .normalize('NFC')
        .toUpperCase()
        .replace(/[\s./-]/g, '')
    : '';
  const rows = await searchCustomers(db, organisationId, {
    ...(q ? { namePrefix: likeEscape(q.toLowerCase()), externalIdPrefix: likeEscape(q), ...(taxPrefix ? { taxIdPrefix: likeEscape(taxPrefix) } : {}) } : {}),
    ...(filters.country ? { country: filters.country.toUpperCase() } : {}),
    ...(filters.segment ? { segment: filters.segment } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(page.after ? { afterExternalId: page.after[0]! } : {}),
    limit: page.limit + 1,
  });
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
    name: v.name,
    tax_id: v.taxId,
    tax_id_kind: v.taxIdKind,
    party_type: v.partyType,
    language: v.language,
    timezone: v.timezone,
    segment: v.segment,
    credit_limit_minor: v.creditLimitMinor,
    status: pick(patch.status, current.status),
    paused_until: pick(patch.paused_until, current.paused_until),
    cadence_policy_name:
      patch.cadence_policy_name === undefined ? current.cadence_policy_name : await knownPolicyName(trx, organisationId, patch.cadence_policy_name),
  };
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [field, to] of Object.entries(next)) {
    const from = current[field as keyof typeof next];
    if (from !== to) changes[field] = { from, to };
  }
  if (Object.keys(changes).length === 0) return getCustomer(trx, organisationId, { id: current.id });
  await updateCustomerRow(trx, organisationId, current.id, { ...next, updated_at: context.now });
  await appendInteraction(trx, organisationId, {
    occurredAt: context.now,
    customerId: current.id,
    actor: context.actor,
    channel: 'system',
    kind: 'customer_updated',
    content: { changes },
  });
  return getCustomer(trx, organisationId, { id: current.id });
}

/** A per-customer policy override must name a policy the organisation saved; '' or null clears it. */
async function knownPolicyName(trx: Tx, organisationId: string, name: string | null | undefined): Promise<string | null> {
  if (name === undefined || name === null || name.trim() === '') return null;
  const found = await savedPolicyName(trx, organisationId, name.trim());
  if (found === undefined) throw new ValidationError([{ field: 'cadence_policy_name', reason: `no cadence policy named "${name}" (see GET /policies)` }]);
  return found;
}
