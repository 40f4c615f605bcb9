import type { Db } from '../db/database.ts';
import type { Organisation } from '../db/schema.ts';
import { loadDemo, type LoadDemoResult } from '../demo/load-demo.ts';
import { addMissingSettings, hasNoCustomersNorRecord, updateOrganisationRow } from '../stores/organisations.ts';

/**
 * Loads the demo portfolio into an organisation, and gives an organisation that has no
 * identity yet a demo one: collection messages may only go out with the creditor's name,
 * address and tax id on them. A Brazilian one also gets a demo Pix key and boleto agreement.
 */
export async function loadDemoOrganisation(db: Db, org: Organisation, options: { asOf: string; customers?: number; seed?: number }): Promise<LoadDemoResult> {
  const result = await loadDemo(db, org.id, options);
  if (!org.tax_id || !org.address) {
    await updateOrganisationRow(db, org.id, {
      legal_name: org.legal_name && org.legal_name !== org.name ? org.legal_name : 'Régua Demonstração Ltda',
      tax_id: org.tax_id ?? '11222333000181',
      address: org.address ?? 'Rua Augusta, 1500, São Paulo - SP, 01304-001',
    });
  }
  if (org.country === 'BR') {
    // The demo business takes Pix and has a Banco do Brasil agreement, so a demo reminder
    // shows a valid Pix code and boleto line; settings the business set itself are kept.
    await addMissingSettings(db, org.id, demoPaymentSettings);
  }
  return result;
}

const demoPaymentSettings = {
  pix_key: '123e4567-e12b-12d1-a456-426655440000',
  boleto: { bank: '001', agreement: '1234567', wallet: '17', agency: '1234-5', account: '12345-6', days_to_pay: 3 },
};

/** An organisation nothing was ever loaded into: no customers and an empty contact record. */
export async function isUntouched(db: Db, organisationId: string): Promise<boolean> {
  return hasNoCustomersNorRecord(db, organisationId);
}
