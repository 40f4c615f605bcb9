import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { ContactTable } from '../db/schema.ts';
import { addDays, type IsoDate } from '../domain/dates.ts';
import { receivableStatus } from '../domain/receivable.ts';
import { validateTaxId } from '../domain/tax-id.ts';
import { insertDemoPortfolio } from '../stores/demo-portfolio.ts';
import { allocatePortfolio, toMinor } from './allocate.ts';
import { locales, type Country } from './locales.ts';
import { personalEmail, personName } from './people.ts';
import { generatePortfolio } from './portfolio.ts';
import { createRandom, mixSeed } from './random.ts';
import type { CustomerRow } from './rows.ts';

export interface LoadDemoOptions {
  readonly seed?: number;
  /** Default 300. */
  readonly customers?: number;
  /** Last day of the generated history. */
  readonly asOf: IsoDate;
}

export interface LoadDemoResult {
  customers: number;
  invoices: number;
  payments: number;
}

const demoDefaults = { seed: 20_261_122, customers: 300 } as const;

/** The organisation already has data (or does not exist): the demo only goes into an empty one. */
export class DemoRefusedError extends Error {}

/**
 * Loads a generated portfolio into an empty organisation in one transaction: customers
 * with their contacts, invoices, payments and their allocations, paid amounts and statuses
 * consistent with the allocations.
 */
export async function loadDemo(db: Db, organisationId: string, options: LoadDemoOptions): Promise<LoadDemoResult> {
  const seed = options.seed ?? demoDefaults.seed;
  const portfolio = generatePortfolio({ seed, customers: options.customers ?? demoDefaults.customers, asOf: options.asOf });
  const allocated = allocatePortfolio(portfolio.invoices, portfolio.payments);

  const customerIds = new Map(portfolio.customers.map((c) => [c.external_id, randomUUID()]));
  const invoiceIds = new Map(portfolio.invoices.map((i) => [i.external_id, randomUUID()]));
  const paymentIds = new Map(portfolio.payments.map((p) => [p.external_id, randomUUID()]));
  const idOf = (ids: Map<string, string>, externalId: string): string => {
    const id = ids.get(externalId);
    if (id === undefined) throw new Error(`demo portfolio refers to unknown ${externalId}`);
    return id;
  };
  const organisation_id = organisationId;

  const customers = portfolio.customers.map((row) => {
    const taxId = validateTaxId(row.country, row.tax_id);
    if (!taxId.ok) throw new Error(`demo customer ${row.external_id} has an invalid tax id ${row.tax_id}: ${taxId.reason}`);
    const currency = locales[row.country as Country].currency;
    return {
      organisation_id,
      id: idOf(customerIds, row.external_id),
      external_id: row.external_id,
      name: row.name,
      tax_id: taxId.normalized,
      tax_id_kind: taxId.kind,
      party_type: taxId.partyType,
      country: row.country,
      language: row.language,
      timezone: row.timezone,
      segment: row.segment,
      credit_limit_minor: row.credit_limit === '' ? null : toMinor(row.credit_limit, currency),
    };
  });

  const contacts = portfolio.customers.flatMap((row, index) => demoContacts(row, customers[index]!, seed, index, options.asOf));

  const invoices = portfolio.invoices.map((row) => {
    const amount = toMinor(row.amount, row.currency);
    const paid = allocated.paidMinor.get(row.external_id) ?? 0;
    return {
      organisation_id,
      id: idOf(invoiceIds, row.external_id),
      external_id: row.external_id,
      customer_id: idOf(customerIds, row.customer_external_id),
      number: row.external_id,
      issue_date: row.issue_date,
      due_date: row.due_date,
      amount_minor: amount,
      currency: row.currency,
      description: row.description || null,
      paid_minor: paid,
      status: receivableStatus('open', { amountMinor: amount, paidMinor: paid }),
    };
  });

  const payments = portfolio.payments.map((row) => ({
    organisation_id,
    id: idOf(paymentIds, row.external_id),
    external_id: row.external_id,
    customer_id: idOf(customerIds, row.customer_external_id),
    received_on: row.date,
    amount_minor: toMinor(row.amount, row.currency),
    currency: row.currency,
    method: row.method || null,
    reference: row.reference || null,
    allocated_minor: allocated.allocatedMinor.get(row.external_id) ?? 0,
  }));

  const allocations = allocated.allocations.map((a) => ({
    organisation_id,
    payment_id: idOf(paymentIds, a.paymentExternalId),
    invoice_id: idOf(invoiceIds, a.invoiceExternalId),
    amount_minor: a.amountMinor,
    allocated_on: a.allocatedOn,
  }));

  const outcome = await insertDemoPortfolio(db, organisationId, { customers, contacts, invoices, payments, allocations });
  if (outcome === 'no_organisation') throw new DemoRefusedError(`organisation ${organisationId} does not exist`);
  if (outcome === 'not_empty') {
    throw new DemoRefusedError(`organisation ${organisationId} already has customers: the demo portfolio is only loaded into an empty organisation`);
  }
  return { customers: customers.length, invoices: invoices.length, payments: payments.length };
}

/**
 * A billing contact per channel the customer gave; for about one company in eight a manager
 * with an e-mail address too. About 3 % of contacts have opted out of their channel.
 */
function demoContacts(
  row: CustomerRow,
  customer: { organisation_id: string; id: string; party_type: string },
  seed: number,
  index: number,
  asOf: IsoDate,
): Insertable<ContactTable>[] {
  const random = createRandom(mixSeed(seed, index, 4));
  const country = row.country as Country;
  const locale = locales[country];
  const isCompany = customer.party_type === 'business';
  const billingName = isCompany ? personName(random, locale).full : row.name;
  const contact = (role: 'billing' | 'manager', channel: 'email' | 'phone' | 'whatsapp', address: string, name: string): Insertable<ContactTable> => {
    const optedOut = random.chance(0.03);
    return {
      organisation_id: customer.organisation_id,
      customer_id: customer.id,
      name,
      role,
      channel,
      address,
      consent: optedOut ? 'opted_out' : 'granted',
      // Opted out some day in the past year.
      consent_changed_at: optedOut ? new Date(`${addDays(asOf, -random.int(1, 365))}T14:00:00Z`) : null,
    };
  };
  const rows: Insertable<ContactTable>[] = [];
  if (row.email) rows.push(contact('billing', 'email', row.email, billingName));
  if (row.phone) rows.push(contact('billing', 'phone', row.phone, billingName));
  if (row.whatsapp) rows.push(contact('billing', 'whatsapp', row.whatsapp, billingName));
  if (isCompany && random.chance(0.12)) {
    const manager = personName(random, locale);
    const domain = row.email.split('@')[1] ?? undefined;
    const address = personalEmail(random, manager, country, domain);
    if (address !== row.email) rows.push(contact('manager', 'email', address, manager.full));
  }
  return rows;
}
