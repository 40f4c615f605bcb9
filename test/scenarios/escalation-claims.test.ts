import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { Db } from '../../src/db/database.ts';
import type { Organisation } from '../../src/db/schema.ts';
import { handOffToAgency } from '../../src/use-cases/escalation/agency-handoff.ts';
import { setEscalationSettings } from '../../src/use-cases/escalation/settings.ts';
import { buildSmallClaimsPacket } from '../../src/use-cases/escalation/small-claims-packet.ts';
import type { UserError } from '../../src/use-cases/errors.ts';
import { describeEachEngine } from '../support/engines.ts';
import { at10 } from '../support/escalation.ts';
import { pdfText } from '../support/pdf-text.ts';
import { givenCustomer, givenInvoice, givenOrganisation } from '../support/portfolio.ts';

const clerk = (date: string) => ({ actor: 'ana@padaria', now: at10(date) });
const rejectsWith = (code: string) => (error: UserError) => {
  assert.equal(error.code, code, error.message);
  return true;
};

async function documentText(db: Db, organisationId: string, id: string): Promise<string> {
  const row = await db.selectFrom('documents').select('content').where('organisation_id', '=', organisationId).where('id', '=', id).executeTakeFirstOrThrow();
  return Buffer.from(row.content).toString('utf8');
}

describeEachEngine('escalations claim only what is due: the agency hand-off', (database) => {
  let org: Organisation;

  before(async () => {
    const db = database().db;
    org = await givenOrganisation(db, 'claims-agency');
    const oficina = await givenCustomer(db, org.id, { externalId: 'OFICINA', name: 'Oficina do Zé' });
    await db.updateTable('customers').set({ tax_id: '11444777000161', tax_id_kind: 'cnpj' }).where('id', '=', oficina).execute();
    await givenInvoice(db, org.id, oficina, { externalId: 'NF-1', issueDate: '2026-08-01', dueDate: '2026-09-01', amountMinor: 100_000 });
    // Issued last week, due next month: not owed yet.
    await givenInvoice(db, org.id, oficina, { externalId: 'NF-2', issueDate: '2026-10-26', dueDate: '2026-12-01', amountMinor: 50_000 });
    const taqueria = await givenCustomer(db, org.id, { externalId: 'TAQUERIA', country: 'MX', timezone: 'America/Mexico_City' });
    await givenInvoice(db, org.id, taqueria, { externalId: 'FAC-1', issueDate: '2026-08-01', dueDate: '2026-09-01', amountMinor: 900_000, currency: 'MXN' });
  });

  it('Mon 2 Nov: only the overdue NF-1 goes to the agency, with 2 % fine and 1 % a month interest itemised; NF-2 (not due) stays', async () => {
    const db = database().db;
    const handoff = await db
      .transaction()
      .execute((trx) =>
        handOffToAgency(trx, org.id, { externalId: 'OFICINA' }, { agency: 'Cobra Bem', commissionPercent: '15', date: '2026-11-02' }, clerk('2026-11-02')),
      );
    // 62 days late: fine 2 % of 1000.00 = 20.00; interest 1000.00 × 1 % × 62 / 30 = 20.67.
    assert.deepEqual([handoff.amount_minor, handoff.charges_minor, handoff.invoice_ids.length], [100_000, 4_067, 1]);
    const csv = (await documentText(db, org.id, handoff.csv_document_id!)).trim().split('\n');
    assert.equal(
      csv[0],
      'customer_external_id,customer_name,customer_tax_id,invoice_external_id,invoice_number,issue_date,due_date,days_overdue,amount,paid,open,late_fee,interest,compensation,claimed,currency,contacts_logged,last_contact_on',
    );
    assert.deepEqual(csv.slice(1), [
      'OFICINA,Oficina do Zé,11.444.777/0001-61,NF-1,NF-1,2026-08-01,2026-09-01,62,1000.00,0.00,1000.00,20.00,20.67,0.00,1040.67,BRL,0,',
    ]);
  });

  it('an organisation that turned agencies off for Mexico is refused with the reason', async () => {
    const db = database().db;
    await setEscalationSettings(db, org.id, { stepsByCountry: { MX: [] } });
    await assert.rejects(
      db
        .transaction()
        .execute((trx) =>
          handOffToAgency(trx, org.id, { externalId: 'TAQUERIA' }, { agency: 'Cobranza MX', commissionPercent: '10', date: '2026-11-02' }, clerk('2026-11-02')),
        ),
      rejectsWith('escalation_not_configured'),
    );
  });
});

describeEachEngine('escalations claim only what is due: the small-claims packet', (database) => {
  let org: Organisation;

  before(async () => {
    const db = database().db;
    org = await givenOrganisation(db, 'claims-court');
    const padaria = await givenCustomer(db, org.id, { externalId: 'PADARIA', name: 'Padaria Pão de Mel' });
    await db.updateTable('customers').set({ tax_id: '11444777000161', tax_id_kind: 'cnpj' }).where('id', '=', padaria).execute();
    await givenInvoice(db, org.id, padaria, { externalId: 'NF-L1', issueDate: '2026-05-01', dueDate: '2026-06-01', amountMinor: 5_950_000 });
    await givenInvoice(db, org.id, padaria, { externalId: 'NF-L2', issueDate: '2026-08-25', dueDate: '2026-12-01', amountMinor: 100_000 });
    const semEndereco = await givenCustomer(db, org.id, { externalId: 'SEM-ENDERECO' });
    await db.updateTable('customers').set({ postal_address: null }).where('id', '=', semEndereco).execute();
    await givenInvoice(db, org.id, semEndereco, { externalId: 'NF-L3', issueDate: '2026-05-01', dueDate: '2026-06-01', amountMinor: 50_000 });
  });

  it('1 Sep: R$ 59.500,00 overdue 92 days is R$ 62.514,67 with fine and interest: above the JEC limit of R$ 60.720,00, refused naming the claim', async () => {
    const db = database().db;
    await assert.rejects(
      db.transaction().execute((trx) => buildSmallClaimsPacket(trx, org.id, { externalId: 'PADARIA' }, clerk('2026-09-01'))),
      (error: UserError) => {
        assert.equal(error.code, 'above_court_limit');
        // 59 500.00 + fine 1 190.00 + interest 59 500.00 × 1 % × 92 / 30 = 1 824.67; NF-L2 is not due and not claimed.
        assert.deepEqual((error.details as { claim: unknown }).claim, { amount: '62514.67', currency: 'BRL' });
        return true;
      },
    );
  });

  it('with a higher limit the packet is built in Portuguese: the overdue invoice, its charges, the CNPJ formatted, NF-L2 left out', async () => {
    const db = database().db;
    await setEscalationSettings(db, org.id, { courtLimitMinor: 10_000_000 });
    const packet = await db.transaction().execute((trx) => buildSmallClaimsPacket(trx, org.id, { externalId: 'PADARIA' }, clerk('2026-09-01')));
    assert.deepEqual([packet.claim_minor, packet.charges_minor, packet.language], [6_251_467, 301_467, 'pt-BR']);
    const text = pdfText(packet.pdf)
      .join(' ')
      .replace(/\u00a0/g, ' ');
    for (const expected of [
      'Dossi',
      'Devedor',
      'CPF/CNPJ: 11.444.777/0001-61',
      'Valor da causa: R$ 62.514,67',
      'multa R$ 1.190,00',
      'juros de mora R$ 1.824,67',
      'NF-L1',
      'ainda n',
    ]) {
      assert.ok(text.includes(expected), `"${expected}" in ${text.slice(0, 600)}`);
    }
    assert.ok(!text.includes('NF-L2 ('), 'the invoice not yet due is not claimed');
  });

  it('a debtor without a postal address cannot be summoned: refused with debtor_address_missing', async () => {
    await assert.rejects(
      database()
        .db.transaction()
        .execute((trx) => buildSmallClaimsPacket(trx, org.id, { externalId: 'SEM-ENDERECO' }, clerk('2026-09-01'))),
      rejectsWith('debtor_address_missing'),
    );
  });

  it('a Spanish debtor: refused until the organisation configures the court for Spain, then written in Spanish with Ley 3/2004 interest and EUR 40', async () => {
    const db = database().db;
    const madrid = await givenOrganisation(db, 'claims-court-es');
    const taller = await givenCustomer(db, madrid.id, { externalId: 'TALLER', country: 'ES', name: 'Taller Martínez SL' });
    await givenInvoice(db, madrid.id, taller, { externalId: 'FAC-9', issueDate: '2026-06-01', dueDate: '2026-07-01', amountMinor: 100_000, currency: 'EUR' });
    await assert.rejects(
      db.transaction().execute((trx) => buildSmallClaimsPacket(trx, madrid.id, { externalId: 'TALLER' }, clerk('2026-09-01'))),
      rejectsWith('escalation_not_configured'),
    );

    await setEscalationSettings(db, madrid.id, { courtLimitMinor: 200_000, courtLimitCurrency: 'EUR', stepsByCountry: { ES: ['agency', 'court'] } });
    const packet = await db.transaction().execute((trx) => buildSmallClaimsPacket(trx, madrid.id, { externalId: 'TALLER' }, clerk('2026-09-01')));
    // 62 days at ECB 2.15 % (in force before 1 Jul 2026) + 8 = 10.15 %: 1000.00 × 10.15 % × 62 / 365 = 17.24; plus EUR 40.
    assert.deepEqual([packet.claim_minor, packet.charges_minor, packet.language], [105_724, 5_724, 'es']);
    const text = pdfText(packet.pdf)
      .join(' ')
      .replace(/\u00a0/g, ' ');
    for (const expected of ['Expediente de reclamaci', 'Deudor', 'Cuant', 'intereses de demora', 'FAC-9'])
      assert.ok(text.includes(expected), `"${expected}" in ${text.slice(0, 600)}`);
  });
});
