import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Db } from '../../src/db/database.ts';
import type { Organisation } from '../../src/db/schema.ts';
import { cnab240Retorno } from '../../src/payments/bank-files/fixtures/build.ts';
import { importStatement } from '../../src/use-cases/reconciliation/import-statement.ts';
import { describeEachEngine } from '../support/engines.ts';
import { givenCustomer, givenInvoice, givenOrganisation } from '../support/portfolio.ts';
import { settledTitle } from '../support/reconciliation.ts';

/** A reminder (outbox message) and the payment request it carried. */
async function givenPaymentRequest(
  db: Db,
  org: Organisation,
  customerId: string,
  invoiceIds: string[],
  codes: { pixTxid?: string; nossoNumero?: string; amountMinor: number },
): Promise<string> {
  const message = await db
    .insertInto('outbox_messages')
    .values({
      organisation_id: org.id,
      customer_id: customerId,
      dedupe_key: `test:${customerId}:${codes.nossoNumero ?? codes.pixTxid}`,
      as_of: '2026-03-03',
      policy_name: 'default',
      step_id: 'D+1',
      channel: 'email',
      template: 'friendly_reminder',
      tone: 'friendly',
      language: 'pt-BR',
      recipient: 'a@example.com',
      timezone: 'America/Sao_Paulo',
      country: 'BR',
      currency: 'BRL',
      receivable_ids: invoiceIds,
      next_attempt_at: new Date('2026-03-03T12:00:00Z'),
      updated_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const row = await db
    .insertInto('payment_requests')
    .values({
      organisation_id: org.id,
      customer_id: customerId,
      message_id: message.id,
      currency: 'BRL',
      amount_minor: codes.amountMinor,
      as_of: '2026-03-03',
      receivable_ids: invoiceIds,
      pix_txid: codes.pixTxid ?? null,
      boleto_bank: codes.nossoNumero ? '001' : null,
      boleto_nosso_numero: codes.nossoNumero ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

describeEachEngine('reconciliation: payment requests of reminders', (database) => {
  let org: Organisation;
  const invoice: Record<string, string> = {};
  let requestId: string;

  before(async () => {
    const db = database().db;
    org = await givenOrganisation(db, 'recon-requests');
    const padaria = await givenCustomer(db, org.id, { externalId: 'PADARIA' });
    invoice.old = await givenInvoice(db, org.id, padaria, { externalId: 'NF-OLD', issueDate: '2026-01-01', dueDate: '2026-01-20', amountMinor: 30000 });
    invoice.a = await givenInvoice(db, org.id, padaria, { externalId: 'NF-A', issueDate: '2026-02-01', dueDate: '2026-02-10', amountMinor: 50000 });
    invoice.b = await givenInvoice(db, org.id, padaria, { externalId: 'NF-B', issueDate: '2026-02-01', dueDate: '2026-02-20', amountMinor: 20000 });
    // The reminder listed NF-B and NF-A (not NF-OLD, disputed say) and asked for 710.00 with charges.
    requestId = await givenPaymentRequest(db, org, padaria, [invoice.b, invoice.a], { nossoNumero: '12345670000000007', amountMinor: 71000 });
  });

  const statusOf = async (id: string) =>
    database().db.selectFrom('invoices').select(['status', 'paid_minor']).where('organisation_id', '=', org.id).where('id', '=', id).executeTakeFirstOrThrow();

  test("a CNAB 240 retorno settling the reminder's boleto pays that reminder's invoices, oldest first, and nothing else", async () => {
    const retorno = cnab240Retorno([settledTitle({ nossoNumero: '12345670000000007', amountMinor: 70000, date: '2026-03-04' })]);
    const result = await importStatement(database().db, org, { content: retorno, filename: 'retorno.ret' }, { now: new Date('2026-03-04T13:00:00Z') });
    assert.deepEqual(result.counts, { matched: 1, suggested: 0, unmatched: 0, ignored: 0, duplicate: 0 });
    assert.deepEqual(await statusOf(invoice.a!), { status: 'paid', paid_minor: 50000 });
    assert.deepEqual(await statusOf(invoice.b!), { status: 'paid', paid_minor: 20000 });
    assert.deepEqual(await statusOf(invoice.old!), { status: 'open', paid_minor: 0 });
    const line = await database()
      .db.selectFrom('bank_statement_lines')
      .select(['status', 'rule'])
      .where('organisation_id', '=', org.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(line, { status: 'matched', rule: 'nosso_numero' });
    const entry = await database()
      .db.selectFrom('interactions')
      .select('content')
      .where('organisation_id', '=', org.id)
      .where('kind', '=', 'payment_received')
      .executeTakeFirstOrThrow();
    assert.equal((entry.content as { payment_request_id?: string }).payment_request_id, requestId);
  });
});
