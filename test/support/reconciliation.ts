import type { Db } from '../../src/db/database.ts';
import type { Cnab240Title } from '../../src/payments/bank-files/fixtures/build.ts';

/** Builders for reconciliation tests: bank references on invoices, CNAB titles and OFX files. */
export async function givenInvoiceReferences(
  db: Db,
  organisationId: string,
  invoiceId: string,
  refs: { nossoNumero?: string; pixTxid?: string },
): Promise<void> {
  await db
    .updateTable('invoices')
    .set({ nosso_numero: refs.nossoNumero ?? null, pix_txid: refs.pixTxid ?? null })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', invoiceId)
    .execute();
}

/** DD/MM/YYYY-free helper: an ISO date as CNAB's DDMMAAAA. */
const cnabDate = (iso: string) => `${iso.slice(8, 10)}${iso.slice(5, 7)}${iso.slice(0, 4)}`;

/** A boleto settled (movement 06) on `date` for exactly its face value, no fees. */
export function settledTitle(spec: {
  nossoNumero: string;
  amountMinor: number;
  date: string;
  dueDate?: string;
  documentNumber?: string;
  payerId?: string;
  payerName?: string;
  movement?: string;
}): Cnab240Title {
  const movement = spec.movement ?? '06';
  const paid = movement === '02' ? 0 : spec.amountMinor;
  return {
    movement,
    nossoNumero: spec.nossoNumero,
    documentNumber: spec.documentNumber ?? '',
    companyId: '',
    dueDate: cnabDate(spec.dueDate ?? spec.date),
    faceMinor: spec.amountMinor,
    payerType: (spec.payerId ?? '').length === 14 ? '2' : '1',
    payerId: spec.payerId ?? '0',
    payerName: spec.payerName ?? '',
    feesMinor: 0,
    reasons: '',
    interestMinor: 0,
    discountMinor: 0,
    paidMinor: paid,
    creditedMinor: paid,
    occurrenceDate: cnabDate(spec.date),
    creditDate: movement === '02' ? '00000000' : cnabDate(spec.date),
  };
}

/** An OFX 1.x (SGML) statement with credits; amounts in minor units of BRL. */
export function ofxStatement(entries: readonly { fitid: string; date: string; amountMinor: number; name?: string; memo?: string }[]): string {
  const transactions = entries.map((e) =>
    [
      '<STMTTRN>',
      `<TRNTYPE>${e.amountMinor < 0 ? 'DEBIT' : 'CREDIT'}`,
      `<DTPOSTED>${e.date.replaceAll('-', '')}120000[-3:BRT]`,
      `<TRNAMT>${(e.amountMinor / 100).toFixed(2)}`,
      `<FITID>${e.fitid}`,
      ...(e.name ? [`<NAME>${e.name}`] : []),
      ...(e.memo ? [`<MEMO>${e.memo}`] : []),
      '</STMTTRN>',
    ].join('\n'),
  );
  return [
    'OFXHEADER:100',
    'DATA:OFXSGML',
    'VERSION:102',
    'SECURITY:NONE',
    'ENCODING:USASCII',
    'CHARSET:1252',
    'COMPRESSION:NONE',
    'OLDFILEUID:NONE',
    'NEWFILEUID:NONE',
    '',
    '<OFX>',
    '<BANKMSGSRSV1>',
    '<STMTTRNRS>',
    '<TRNUID>1',
    '<STATUS>',
    '<CODE>0',
    '<SEVERITY>INFO',
    '</STATUS>',
    '<STMTRS>',
    '<CURDEF>BRL',
    '<BANKACCTFROM>',
    '<BANKID>0341',
    '<ACCTID>01234-5',
    '<ACCTTYPE>CHECKING',
    '</BANKACCTFROM>',
    '<BANKTRANLIST>',
    ...transactions,
    '</BANKTRANLIST>',
    '</STMTRS>',
    '</STMTTRNRS>',
    '</BANKMSGSRSV1>',
    '</OFX>',
    '',
  ].join('\n');
}

/**
 * A reminder already sent with a boleto of `bank` for the invoices (its outbox message and its
 * payment request), for banks whose boletos the business prints elsewhere (Sicoob, Caixa):
 * `nossoNumero` is the number as printed on the boleto and recorded on the request.
 */
export async function givenBoletoRequest(
  db: Db,
  organisationId: string,
  customerId: string,
  spec: { bank: string; nossoNumero: string; amountMinor: number; asOf: string; invoiceIds: string[] },
): Promise<string> {
  const now = new Date(`${spec.asOf}T13:00:00Z`);
  const message = await db
    .insertInto('outbox_messages')
    .values({
      organisation_id: organisationId,
      customer_id: customerId,
      dedupe_key: `boleto-${spec.bank}-${spec.nossoNumero}`,
      as_of: spec.asOf,
      policy_name: 'default',
      step_id: 'D+1',
      channel: 'email',
      template: 'friendly_reminder',
      tone: 'friendly',
      language: 'pt-BR',
      recipient: 'cliente@example.com',
      timezone: 'America/Sao_Paulo',
      country: 'BR',
      currency: 'BRL',
      receivable_ids: spec.invoiceIds,
      status: 'sent',
      sent_at: now,
      next_attempt_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const request = await db
    .insertInto('payment_requests')
    .values({
      organisation_id: organisationId,
      customer_id: customerId,
      message_id: message.id,
      currency: 'BRL',
      amount_minor: spec.amountMinor,
      as_of: spec.asOf,
      receivable_ids: spec.invoiceIds,
      boleto_bank: spec.bank,
      boleto_nosso_numero: spec.nossoNumero,
      boleto_due_date: spec.asOf,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return request.id;
}
