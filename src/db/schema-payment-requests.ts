import type { ColumnType, Generated } from 'kysely';

// Tables of src/db/migrations/20261122_0008_payment_requests.sql, merged into schema.ts's DB.

type IsoDate = string;

declare module './schema.ts' {
  interface OutboxMessageTable {
    /** Fixed when the message is written; the boleto's nosso número derives from it. */
    payment_seq: Generated<number>;
  }
  interface DB {
    payment_requests: PaymentRequestTable;
    provider_events: ProviderEventTable;
  }
}

/** What one reminder asks the debtor to pay, with the codes it carries. */
export interface PaymentRequestTable {
  organisation_id: string;
  id: Generated<string>;
  customer_id: string;
  message_id: string;
  currency: string;
  amount_minor: number;
  as_of: IsoDate;
  receivable_ids: string[];
  pix_txid: string | null;
  boleto_bank: string | null;
  boleto_nosso_numero: string | null;
  boleto_line: string | null;
  boleto_due_date: IsoDate | null;
  card_provider: string | null;
  card_session_id: string | null;
  card_url: string | null;
  created_at: Generated<Date>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface ProviderEventTable {
  organisation_id: string;
  provider: string;
  event_id: string;
  event_type: string;
  payment_request_id: string | null;
  payment_id: string | null;
  outcome: string;
  received_at: Date;
}
