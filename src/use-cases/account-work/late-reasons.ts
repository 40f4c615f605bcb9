import type { Db, Tx } from '../../db/database.ts';
import type { LateReasonCategory } from '../../db/schema-account-work.ts';
import { appendInteraction } from '../contact-record.ts';
import { toPage, type ActionContext, type Page, type PageRequest, type RecordRef } from '../record-ref.ts';
import { customerByRef, instantIdCursor, isoInstant } from './support.ts';

export interface LateReasonInput {
  category: LateReasonCategory;
  text?: string;
  /** How the reason reached us: phone, email, portal … (default 'phone'). */
  channel?: string;
}

export interface LateReason {
  id: string;
  customerId: string;
  category: LateReasonCategory;
  text: string | null;
  channel: string;
  actor: string;
  recordedAt: Date;
}

/** Records why a customer says they pay late, in its table and in the contact record. */
export async function recordLateReason(trx: Tx, organisationId: string, customerRef: RecordRef, input: LateReasonInput, context: ActionContext): Promise<LateReason> {
  const customer = await customerByRef(trx, organisationId, customerRef);
  const text = input.text?.trim() || null;
  const channel = input.channel?.trim() || 'phone';
  const row = await trx
    .insertInto('late_payment_reasons')
    .values({ organisation_id: organisationId, customer_id: customer.id, category: input.category, text, channel, actor: context.actor, recorded_at: context.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await appendInteraction(trx, organisationId, {
    occurredAt: context.now, customerId: customer.id, actor: context.actor, channel, kind: 'late_reason', content: { category: input.category, text },
  });
  return { id: row.id, customerId: customer.id, category: input.category, text, channel, actor: context.actor, recordedAt: context.now };
}

/** A customer's late-payment reasons, newest first (the first one is the latest). */
export async function listLateReasons(db: Db, organisationId: string, customerRef: RecordRef, page: PageRequest): Promise<Page<LateReason>> {
  const customer = await customerByRef(db, organisationId, customerRef);
  let query = db.selectFrom('late_payment_reasons').selectAll().where('organisation_id', '=', organisationId).where('customer_id', '=', customer.id);
  const after = instantIdCursor(page.after);
  if (after === 'invalid') return { items: [], next: null };
  if (after) query = query.where((eb) => eb(eb.refTuple('recorded_at', 'id'), '<', eb.tuple(after.at, after.id)));
  const rows = await query.orderBy('recorded_at', 'desc').orderBy('id', 'desc').limit(page.limit + 1).execute();
  const items = rows.map((r) => ({ id: r.id, customerId: r.customer_id, category: r.category, text: r.text, channel: r.channel, actor: r.actor, recordedAt: r.recorded_at }));
  return toPage(items, page.limit, (r) => [isoInstant(r.recordedAt), r.id]);
}
