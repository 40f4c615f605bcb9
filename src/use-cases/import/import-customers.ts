import { validateCustomer, type CustomerRecord } from '../../domain/customer.ts';
import { customerColumns } from '../../stores/customers.ts';
import { mergeStagedCustomers } from '../../stores/imports.ts';
import { duplicateExternalIds, type ImportSpec } from './import-file.ts';

/**
 * customers.csv: an upsert by external_id. New customers are created, changed ones updated,
 * identical ones left alone; each email/phone/whatsapp becomes a billing contact.
 */
export const customersImport: ImportSpec<CustomerRecord> = {
  kind: 'customers',
  columns: ['external_id', 'name', 'tax_id', 'email', 'phone', 'whatsapp', 'language', 'timezone', 'country', 'segment', 'credit_limit'],
  staging: [
    { name: 'line', type: 'int' },
    { name: 'external_id', type: 'text' },
    { name: 'name', type: 'text' },
    { name: 'tax_id', type: 'text' },
    { name: 'tax_id_kind', type: 'text' },
    { name: 'party_type', type: 'text' },
    { name: 'country', type: 'text' },
    { name: 'language', type: 'text' },
    { name: 'timezone', type: 'text' },
    { name: 'segment', type: 'text' },
    { name: 'credit_limit_minor', type: 'bigint' },
    { name: 'email', type: 'text' },
    { name: 'phone', type: 'text' },
    { name: 'whatsapp', type: 'text' },
  ],
  validate: (values, decimal) => validateCustomer(values as unknown as Parameters<typeof validateCustomer>[0], decimal),
  toStaging: (c, line) => ({
    line,
    ...customerColumns(c),
    email: c.email,
    phone: c.phone,
    whatsapp: c.whatsapp,
  }),

  async check(trx) {
    return duplicateExternalIds(trx, 'customers');
  },

  merge: (trx, organisationId) => mergeStagedCustomers(trx, organisationId),
};
