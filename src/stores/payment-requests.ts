import type { Db, Tx } from '../db/database.ts';
import type { PaymentRequest } from '../use-cases/payment-requests/record-provider-payment.ts';

/** The payment request behind a card link: by the provider's session id, or by the reminder (outbox message) the link was made for. */
export function paymentRequestOfCardLink(db: Db | Tx, organisationId: string, link: { sessionId: string | undefined; messageId: string }): Promise<PaymentRequest | undefined> {
  return db
    .selectFrom('payment_requests')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where((eb) => eb.or([eb('card_session_id', '=', link.sessionId ?? ''), eb('message_id', '=', link.messageId)]))
    .executeTakeFirst();
}

/** The payment request whose Pix charge has this txid (stored upper-case). */
export function paymentRequestOfPixTxid(db: Db | Tx, organisationId: string, txid: string): Promise<PaymentRequest | undefined> {
  return db.selectFrom('payment_requests').selectAll().where('organisation_id', '=', organisationId).where('pix_txid', '=', txid.toUpperCase()).executeTakeFirst();
}
