import type { ColumnType, Generated } from 'kysely';

/** Tables of src/db/migrations/20261122_0009_delivery_receipts.sql; DB in schema.ts extends this interface. */
type Json<T> = ColumnType<T, string, string>;

export type ReceiptStatus = 'delivered' | 'read' | 'failed';

export interface DeliveryReceiptTable {
  organisation_id: string;
  id: Generated<string>;
  outbox_message_id: string;
  provider: string;
  provider_message_id: string;
  status: ReceiptStatus;
  /** The provider's own word: delivered, undelivered, failed, read … */
  provider_status: string;
  occurred_at: Date;
  received_at: Generated<Date>;
  error_code: string | null;
  payload: Json<Record<string, unknown>>;
}

export interface DeliveryReceiptTables {
  delivery_receipts: DeliveryReceiptTable;
}
