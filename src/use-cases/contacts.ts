import type { Db, Tx } from '../db/database.ts';
import type { Consent, Contact, ContactChannel, ContactRole, Customer } from '../db/schema.ts';
import { normalizeEmail, normalizePhone } from '../domain/contact-address.ts';
import { isValidTimeZone } from '../domain/dates.ts';
import type { FieldError } from '../domain/field-error.ts';
import { contactById, contactIdWithAddress, contactsOfCustomer, deleteContactRow, insertContact, updateContactRow } from '../stores/contacts.ts';
import { appendInteraction } from './contact-record.ts';
import { findCustomer } from './customers.ts';
import type { OrgContext } from './org-context.ts';
import { isUuid, RecordNotFoundError, toPage, type Page, type PageRequest, type RecordRef } from './record-ref.ts';
import { ConflictError, ValidationError } from './errors.ts';

export interface ContactInput {
  name?: string | null;
  role?: ContactRole;
  channel: ContactChannel;
  address: string;
  language?: string | null;
  timezone?: string | null;
  consent?: Consent;
}

export type ContactPatch = Partial<Omit<ContactInput, 'channel'>>;

/** Adds a contact to a customer; the address is normalised for its channel (E.164 phones). */
export async function createContact(trx: Tx, ctx: OrgContext, customerRef: RecordRef, input: ContactInput): Promise<Contact> {
  const organisationId = ctx.org.id;
  const customer = await findCustomer(trx, organisationId, customerRef);
  const address = checkContact(input.channel, input.address, input.timezone, customer);
  const contact = await insertContact(trx, organisationId, {
    customer_id: customer.id,
    name: input.name?.trim() || null,
    role: input.role ?? 'billing',
    channel: input.channel,
    address,
    language: input.language ?? null,
    timezone: input.timezone ?? null,
    consent: input.consent ?? 'granted',
    // Consent stated on creation is a consent decision with a time; the default is not.
    consent_changed_at: input.consent ? ctx.now : null,
  });
  if (!contact) {
    await assertAddressFree(trx, organisationId, customer.id, input.channel, address, null);
    throw new Error('contact insert conflicted but no conflicting contact was found');
  }
  await appendInteraction(trx, organisationId, {
    occurredAt: ctx.now,
    customerId: customer.id,
    actor: ctx.actor,
    channel: 'system',
    kind: 'contact_added',
    content: { contact_id: contact.id, channel: contact.channel, address: contact.address, role: contact.role, consent: contact.consent },
  });
  return contact;
}

async function findContact(db: Db, organisationId: string, id: string, options: { lock?: boolean } = {}): Promise<Contact> {
  if (!isUuid(id)) throw new RecordNotFoundError('contact', { id });
  const row = await contactById(db, organisationId, id, options);
  if (!row) throw new RecordNotFoundError('contact', { id });
  return row;
}

/** A customer's contacts ordered by channel and address (unique per customer). */
export async function listContacts(db: Db, ctx: OrgContext, customerRef: RecordRef, page: PageRequest): Promise<Page<Contact>> {
  const organisationId = ctx.org.id;
  const customer = await findCustomer(db, organisationId, customerRef);
  const after = page.after;
  const rows = await contactsOfCustomer(db, organisationId, customer.id, {
    ...(after ? { after: [after[0] as ContactChannel, after[1]!] as const } : {}),
    limit: page.limit + 1,
  });
  return toPage(rows, page.limit, (r) => [r.channel, r.address]);
}

/**
 * Changes a contact. A consent change is its own entry in the contact record, with the time
 * it was made: it decides whether Régua may write to that address at all.
 */
export async function updateContact(trx: Tx, ctx: OrgContext, id: string, patch: ContactPatch): Promise<Contact> {
  const organisationId = ctx.org.id;
  const current = await findContact(trx, organisationId, id, { lock: true });
  const customer = await findCustomer(trx, organisationId, { id: current.customer_id });
  const address = checkContact(current.channel, patch.address ?? current.address, patch.timezone, customer);
  if (address !== current.address) await assertAddressFree(trx, organisationId, customer.id, current.channel, address, current.id);
  const next = {
    name: patch.name === undefined ? current.name : patch.name?.trim() || null,
    role: patch.role ?? current.role,
    address,
    language: patch.language === undefined ? current.language : patch.language,
    timezone: patch.timezone === undefined ? current.timezone : patch.timezone,
  };
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [field, to] of Object.entries(next)) {
    const from = current[field as keyof typeof next];
    if (from !== to) changes[field] = { from, to };
  }
  const consentChanged = patch.consent !== undefined && patch.consent !== current.consent;
  if (Object.keys(changes).length === 0 && !consentChanged) return current;

  const updated = await updateContactRow(trx, organisationId, current.id, {
    ...next,
    ...(consentChanged ? { consent: patch.consent, consent_changed_at: ctx.now } : {}),
    updated_at: ctx.now,
  });
  const entry = { occurredAt: ctx.now, customerId: customer.id, actor: ctx.actor, channel: 'system' };
  if (Object.keys(changes).length > 0) {
    await appendInteraction(trx, organisationId, { ...entry, kind: 'contact_updated', content: { contact_id: current.id, changes } });
  }
  if (consentChanged) {
    await appendInteraction(trx, organisationId, {
      ...entry,
      kind: 'consent_changed',
      content: { contact_id: current.id, channel: updated.channel, address: updated.address, from: current.consent, to: updated.consent },
    });
  }
  return updated;
}

export async function deleteContact(trx: Tx, ctx: OrgContext, id: string): Promise<void> {
  const organisationId = ctx.org.id;
  const contact = await findContact(trx, organisationId, id, { lock: true });
  await deleteContactRow(trx, organisationId, contact.id);
  await appendInteraction(trx, organisationId, {
    occurredAt: ctx.now,
    customerId: contact.customer_id,
    actor: ctx.actor,
    channel: 'system',
    kind: 'contact_removed',
    content: { contact_id: contact.id, channel: contact.channel, address: contact.address, role: contact.role },
  });
}

function checkContact(channel: ContactChannel, rawAddress: string, timezone: string | null | undefined, customer: Customer): string {
  const errors: FieldError[] = [];
  const normalized = channel === 'email' ? normalizeEmail(rawAddress) : normalizePhone(rawAddress, customer.country);
  if (!normalized.ok) errors.push({ field: 'address', reason: normalized.reason });
  if (timezone && !isValidTimeZone(timezone)) errors.push({ field: 'timezone', reason: `"${timezone}" is not an IANA time zone` });
  if (errors.length > 0 || !normalized.ok) throw new ValidationError(errors);
  return normalized.value;
}

async function assertAddressFree(
  trx: Tx,
  organisationId: string,
  customerId: string,
  channel: ContactChannel,
  address: string,
  exceptId: string | null,
): Promise<void> {
  const taken = await contactIdWithAddress(trx, organisationId, customerId, channel, address);
  if (taken !== undefined && taken !== exceptId) {
    throw new ConflictError(`the customer already has the ${channel} contact ${address}`, 'contact_exists', { id: taken });
  }
}
