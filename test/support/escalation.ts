import type { Db } from '../../src/db/database.ts';
import { httpCreditBureau } from '../../src/adapters/bureau/http-credit-bureau.ts';
import type { FakeBureau } from './fake-providers/bureau.ts';

/** 10:00 in São Paulo (UTC-3) on a date. */
export const at10 = (date: string) => new Date(`${date}T13:00:00Z`);

export function bureauClient(fake: FakeBureau) {
  return httpCreditBureau({ baseUrl: fake.baseUrl, token: fake.token, timeoutMs: 2000 });
}

/** What the delivery worker does when the provider accepts a message. */
export async function markSent(db: Db, organisationId: string, messageId: string, at: Date): Promise<void> {
  await db
    .updateTable('outbox_messages')
    .set({ status: 'sent', sent_at: at, attempts: 1, provider_message_id: `msg-${messageId.slice(0, 8)}`, updated_at: at })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', messageId)
    .execute();
}

/** What a provider's delivery receipt does to the row: status 'delivered', stamped at the receipt. */
export async function markDelivered(db: Db, organisationId: string, messageId: string, at: Date): Promise<void> {
  await db
    .updateTable('outbox_messages')
    .set({ status: 'delivered', updated_at: at })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', messageId)
    .execute();
}

export async function outboxIdOf(db: Db, organisationId: string, customerId: string, template: string): Promise<string> {
  const row = await db
    .selectFrom('outbox_messages')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('customer_id', '=', customerId)
    .where('template', '=', template)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listingOf(db: Db, organisationId: string, customerId: string) {
  return db
    .selectFrom('bureau_listings')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('customer_id', '=', customerId)
    .executeTakeFirstOrThrow();
}

export async function contactKinds(db: Db, organisationId: string, customerId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('interactions')
    .select('kind')
    .where('organisation_id', '=', organisationId)
    .where('customer_id', '=', customerId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => r.kind);
}
