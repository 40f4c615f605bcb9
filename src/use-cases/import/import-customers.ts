import { sql } from 'kysely';
import { validateCustomer, type CustomerRecord } from '../../domain/customer.ts';
import { duplicateExternalIds, type ImportSpec } from './import-file.ts';

/**
 * customers.csv: an upsert by external_id. New customers are created, changed ones updated,
 * identical ones left alone; each email/phone/whatsapp becomes a billing contact.
 */
export const customersImport: ImportSpec<CustomerRecord> = {
  kind: 'customers',
  columns: ['external_id', 'name', 'tax_id', 'email', 'phone', 'whatsapp', 'language', 'timezone', 'country', 'segment', 'credit_limit'],
  staging: [
    { name: 'line', type: 'int' }, { name: 'external_id', type: 'text' }, { name: 'name', type: 'text' }, { name: 'tax_id', type: 'text' },
    { name: 'tax_id_kind', type: 'text' }, { name: 'party_type', type: 'text' }, { name: 'country', type: 'text' }, { name: 'language', type: 'text' },
    { name: 'timezone', type: 'text' }, { name: 'segment', type: 'text' }, { name: 'credit_limit_minor', type: 'bigint' },
    { name: 'email', type: 'text' }, { name: 'phone', type: 'text' }, { name: 'whatsapp', type: 'text' },
  ],
  validate: (values, decimal) => validateCustomer(values as unknown as Parameters<typeof validateCustomer>[0], decimal),
  toStaging: (c, line) => ({
    line, external_id: c.externalId, name: c.name, tax_id: c.taxId, tax_id_kind: c.taxIdKind, party_type: c.partyType, country: c.country,
    language: c.language, timezone: c.timezone, segment: c.segment, credit_limit_minor: c.creditLimitMinor, email: c.email, phone: c.phone, whatsapp: c.whatsapp,
  }),

  async check(trx) {
    return duplicateExternalIds(trx, 'customers');
  },

  async merge(trx, organisationId) {
    const merged = await sql<{ inserted: number; updated: number; total: number }>`
      with m as (
        insert into customers (organisation_id, external_id, name, tax_id, tax_id_kind, party_type, country, language, timezone, segment, credit_limit_minor)
        select ${organisationId}, external_id, name, tax_id, tax_id_kind, party_type, country, language, timezone, segment, credit_limit_minor
        from import_customers
        on conflict (organisation_id, external_id) do update set
          name = excluded.name, tax_id = excluded.tax_id, tax_id_kind = excluded.tax_id_kind, party_type = excluded.party_type,
          country = excluded.country, language = excluded.language, timezone = excluded.timezone, segment = excluded.segment,
          credit_limit_minor = excluded.credit_limit_minor, updated_at = now()
        where (customers.name, customers.tax_id, customers.country, customers.language, customers.timezone, customers.segment, customers.credit_limit_minor)
          is distinct from (excluded.name, excluded.tax_id, excluded.country, excluded.language, excluded.timezone, excluded.segment, excluded.credit_limit_minor)
        returning (xmax = 0) as inserted
      )
      select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated,
             (select count(*)::int from import_customers) as total
      from m`.execute(trx);
    const contacts = await sql`
      insert into contacts (organisation_id, customer_id, channel, address, role)
      select ${organisationId}, c.id, v.channel, v.address, 'billing'
      from import_customers s
      join customers c on c.organisation_id = ${organisationId} and c.external_id = s.external_id
      cross join lateral (values ('email', s.email), ('phone', s.phone), ('whatsapp', s.whatsapp)) as v(channel, address)
      where v.address is not null
      on conflict (organisation_id, customer_id, channel, address) do nothing`.execute(trx);
    const { inserted, updated, total } = merged.rows[0]!;
    // A customer whose only change is a new contact address counts as updated.
    const contactOnly = Number(contacts.numAffectedRows ?? 0n) > 0 && inserted + updated < total ? await countCustomersWithNewContacts(trx, organisationId) : 0;
    return { inserted, updated: updated + contactOnly, unchanged: total - inserted - updated - contactOnly };
  },
};

async function countCustomersWithNewContacts(trx: Parameters<ImportSpec<unknown>['merge']>[0], organisationId: string): Promise<number> {
  const row = await sql<{ n: number }>`
    select count(distinct c.id)::int as n from import_customers s
    join customers c on c.organisation_id = ${organisationId} and c.external_id = s.external_id
    join contacts k on k.organisation_id = c.organisation_id and k.customer_id = c.id
    where c.updated_at < now() and k.created_at = now() and c.created_at < now()`.execute(trx);
  return row.rows[0]?.n ?? 0;
}
