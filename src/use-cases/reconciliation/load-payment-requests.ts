import { sql } from 'kysely';
import type { Tx } from '../../db/database.ts';
import type { StatementLine } from '../../payments/bank-files/statement.ts';
import { nossoNumeroKey, txidKey } from '../../payments/matching/keys.ts';
import type { PaymentRequestKeys } from '../../payments/matching/match.ts';

const CHUNK = 10_000;

/**
 * The payment requests (reminders) whose Pix txid or nosso número appears on one of the
 * lines, or whose amount (charges included) a line paid, in the statement's currency: only those, so a 100k-line file costs a few indexed look-ups
 * whatever the number of reminders ever sent.
 */
export async function loadPaymentRequests(trx: Tx, organisationId: string, currency: string, lines: readonly Pick<StatementLine, 'pixTxid' | 'nossoNumero' | 'amountMinor' | 'payerTaxId'>[]): Promise<PaymentRequestKeys[]> {
  const txids = [...new Set(lines.map((l) => txidKey(l.pixTxid)).filter((k) => k !== ''))];
  const nossoNumeros = [...new Set(lines.map((l) => nossoNumeroKey(l.nossoNumero)).filter((k) => k !== ''))];
  const found = new Map<string, PaymentRequestKeys>();
  const amounts = [...new Set(lines.filter((l) => l.amountMinor > 0).map((l) => l.amountMinor))];
  const add = (rows: { id: string; customer_id: string; pix_txid: string | null; boleto_bank: string | null; boleto_nosso_numero: string | null; receivable_ids: string[]; amount_minor: number }[]) => {
    for (const r of rows) {
      found.set(r.id, {
        requestId: r.id, customerId: r.customer_id, invoiceIds: r.receivable_ids, amountMinor: Number(r.amount_minor),
        ...(r.pix_txid !== null ? { pixTxid: r.pix_txid } : {}),
        ...(r.boleto_nosso_numero !== null ? { nossoNumero: r.boleto_nosso_numero } : {}),
        ...(r.boleto_bank !== null ? { bankCode: r.boleto_bank } : {}),
      });
    }
  };
  const columns = ['id', 'customer_id', 'pix_txid', 'boleto_bank', 'boleto_nosso_numero', 'receivable_ids', 'amount_minor'] as const;
  for (let i = 0; i < txids.length; i += CHUNK) {
    // Régua issues txids in upper case (see compose-message.ts); the keys are upper case too.
    const chunk = txids.slice(i, i + CHUNK);
    add(await trx.selectFrom('payment_requests').select(columns)
      .where('organisation_id', '=', organisationId).where('currency', '=', currency)
      .where('pix_txid', '=', sql<string>`any(${chunk}::text[])`).execute());
  }
  for (let i = 0; i < nossoNumeros.length; i += CHUNK) {
    const chunk = nossoNumeros.slice(i, i + CHUNK);
    add(await trx.selectFrom('payment_requests').select(columns)
      .where('organisation_id', '=', organisationId).where('currency', '=', currency).where('boleto_nosso_numero', 'is not', null)
      .where(sql<string>`ltrim(boleto_nosso_numero, '0')`, '=', sql<string>`any(${chunk}::text[])`).execute());
  }
  for (let i = 0; i < amounts.length; i += CHUNK) {
    const chunk = amounts.slice(i, i + CHUNK);
    add(await trx.selectFrom('payment_requests').select(columns)
      .where('organisation_id', '=', organisationId).where('currency', '=', currency)
      .where('amount_minor', '=', sql<number>`any(${chunk}::bigint[])`).execute());
  }
  return [...found.values()];
}
