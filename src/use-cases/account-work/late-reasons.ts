import type { Db, Tx } from '../../db/database.ts';
import type { LateReasonCategory } from '../../db/schema-account-work.ts';
import { appendInteraction } from '../contact-record.ts';
import { customerLateReasons, insertLateReason } from '../../stores/late-reasons.ts';
import { toPage, type Page, type PageRequest, type RecordRef } from '../record-ref.ts';
import type { OrgContext } from '../org-context.ts';
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
export async function recordLateReason(trx: Tx, ctx: OrgContext, customerRef: RecordRef, input: LateReasonInput): Promise<LateReason> {
  const organisationId = ctx.org.id;
  const customer = await customerByRef(trx, organisationId, customerRef);
  const text = input.text?.trim() || null;
  const channel = input.channel?.trim() || 'phone';
  const id = await insertLateReason(trx, organisationId, {
    customer_id: customer.id,
    category: input.category,
    text,
    channel,
    actor: ctx.actor,
    recorded_at: ctx.now,
  });
  await appendInteraction(trx, organisationId, {
    occurredAt: ctx.now,
    customerId: customer.id,
    actor: ctx.actor,
    channel,
    kind: 'late_reason',
    content: { category: input.category, text },
  });
  return { id, customerId: customer.id, category: input.category, text, channel, actor: ctx.actor, recordedAt: ctx.now };
}

/** A customer's late-payment reasons, newest first (the first one is the latest). */
export async function listLateReasons(db: Db, ctx: OrgContext, customerRef: RecordRef, page: PageRequest): Promise<Page<LateReason>> {
  const customer = await customerByRef(db, ctx.org.id, customerRef);
  const after = instantIdCursor(page.after);
  if (after === 'invalid') return { items: [], next: null };
  const rows = await customerLateReasons(db, ctx.org.id, customer.id, after, page.limit + 1);
  const items = rows.map((r) => ({
    id: r.id,
    customerId: r.customer_id,
    category: r.category,
    text: r.text,
    channel: r.channel,
    actor: r.actor,
    recordedAt: r.recorded_at,
  }));
  return toPage(items, page.limit, (r) => [isoInstant(r.recordedAt), r.id]);
}
