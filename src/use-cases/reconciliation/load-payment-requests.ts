import type { Tx } from '../../db/database.ts';
import type { StatementLine } from '../../payments/bank-files/statement.ts';
import { nossoNumeroKey, txidKey } from '../../payments/matching/keys.ts';
import type { PaymentRequestKeys } from '../../payments/matching/match.ts';
import { paymentRequestsByAmount, paymentRequestsByNossoNumero, paymentRequestsByTxid, type PaymentRequestRow } from '../../stores/reconciliation.ts';

const CHUNK = 10_000;

/**
 * The payment requests (reminders) whose Pix txid or nosso número appears on one of the
 * lines, or whose amount (charges included) a line paid, in the statement's currency: only those, so a 100k-line file costs a few indexed look-ups
 * whatever the number of reminders ever sent.
 */
export async function loadPaymentRequests(
  trx: Tx,
  organisationId: string,
  currency: string,
  lines: readonly Pick<StatementLine, 'pixTxid' | 'nossoNumero' | 'amountMinor' | 'payerTaxId'>[],
): Promise<PaymentRequestKeys[]> {
  const txids = [...new Set(lines.map((l) => txidKey(l.pixTxid)).filter((k) => k !== ''))];
  const nossoNumeros = [...new Set(lines.map((l) => nossoNumeroKey(l.nossoNumero)).filter((k) => k !== ''))];
  const found = new Map<string, PaymentRequestKeys>();
  const amounts = [...new Set(lines.filter((l) => l.amountMinor > 0).map((l) => l.amountMinor))];
  const add = (rows: PaymentRequestRow[]) => {
    for (const r of rows) {
      found.set(r.id, {
        requestId: r.id,
        customerId: r.customer_id,
        invoiceIds: r.receivable_ids,
        amountMinor: Number(r.amount_minor),
        ...(r.pix_txid !== null ? { pixTxid: r.pix_txid } : {}),
        ...(r.boleto_nosso_numero !== null ? { nossoNumero: r.boleto_nosso_numero } : {}),
        ...(r.boleto_bank !== null ? { bankCode: r.boleto_bank } : {}),
      });
    }
  };
  for (let i = 0; i < txids.length; i += CHUNK) {
    // Régua issues txids in upper case (see compose-message.ts); the keys are upper case too.
    const chunk = txids.slice(i, i + CHUNK);
    add(await paymentRequestsByTxid(trx, organisationId, currency, chunk));
  }
  for (let i = 0; i < nossoNumeros.length; i += CHUNK) {
    const chunk = nossoNumeros.slice(i, i + CHUNK);
    add(await paymentRequestsByNossoNumero(trx, organisationId, currency, chunk));
  }
  for (let i = 0; i < amounts.length; i += CHUNK) {
    const chunk = amounts.slice(i, i + CHUNK);
    add(await paymentRequestsByAmount(trx, organisationId, currency, chunk));
  }
  return [...found.values()];
}
