import { Type } from '@sinclair/typebox';
import { lateReasonCategories } from '../../db/schema-account-work.ts';
import type { DisputeView } from '../../use-cases/account-work/dispute-view.ts';
import type { LateReason } from '../../use-cases/account-work/late-reasons.ts';
import type { PromiseStats } from '../../use-cases/account-work/promise-stats.ts';
import type { PromiseView } from '../../use-cases/account-work/promise-view.ts';
import type { RecordedEntry } from '../../use-cases/account-work/record-interaction.ts';
import { manualChannels, manualKinds } from '../../use-cases/account-work/record-interaction.ts';
import type { TaskRow } from '../../use-cases/account-work/tasks.ts';
import type { WorklistItem } from '../../use-cases/account-work/worklist.ts';
import { PageQuery } from '../pagination.ts';
import { DecimalString, DescriptionText, NameText, NoteText, IsoDate, MoneyJson, moneyJson, Nullable, StringEnum, Timestamp, timestampJson } from './common.ts';

const Uuid = () => Type.String({ format: 'uuid' });

// Contact record

export const ChainVerifiedJson = Type.Object(
  { entries: Type.Integer(), last_hash: Type.String(), intact: Type.Literal(true) },
  { title: 'ChainVerified', description: 'a broken chain answers 409 chain_broken with details { seq, reason, entries_intact }' },
);

export const RecordEntryJson = Type.Object(
  {
    seq: Type.Integer(),
    occurred_at: Timestamp(),
    customer_id: Nullable(Uuid()),
    actor: Type.String(),
    channel: Type.String(),
    kind: Type.String(),
    content: Type.Record(Type.String(), Type.Unknown()),
    content_sha256: Nullable(
      Type.String({
        description:
          "hash version 2: SHA-256 of the content's canonical JSON, which hash covers instead of the content (so erased content leaves the chain verifiable); null on version 1 entries",
      }),
    ),
    prev_hash: Type.String(),
    hash: Type.String(),
  },
  { title: 'RecordEntry' },
);

export const RecordQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });

export const InteractionBody = Type.Object(
  {
    channel: StringEnum(manualChannels),
    kind: StringEnum(manualKinds),
    outcome: Type.Optional(NameText({ description: 'required for call_outcome: reached, no_answer, voicemail, promised …' })),
    text: NoteText(),
  },
  { additionalProperties: false },
);

export const InteractionJson = Type.Object(
  {
    seq: Type.Integer(),
    hash: Type.String(),
    occurred_at: Timestamp(),
    customer_id: Uuid(),
    actor: Type.String(),
    channel: Type.String(),
    kind: Type.String(),
    content: Type.Record(Type.String(), Type.Unknown()),
  },
  { title: 'Interaction' },
);

export function interactionJson(e: RecordedEntry) {
  return {
    seq: e.seq,
    hash: e.hash,
    occurred_at: timestampJson(e.occurredAt),
    customer_id: e.customerId,
    actor: e.actor,
    channel: e.channel,
    kind: e.kind,
    content: e.content,
  };
}

// Late-payment reasons

export const LateReasonBody = Type.Object(
  { category: StringEnum(lateReasonCategories), text: Type.Optional(Type.String()), channel: Type.Optional(Type.String({ description: 'default phone' })) },
  { additionalProperties: false },
);

export const LateReasonJson = Type.Object(
  {
    id: Uuid(),
    customer_id: Uuid(),
    category: StringEnum(lateReasonCategories),
    text: Nullable(Type.String()),
    channel: Type.String(),
    actor: Type.String(),
    recorded_at: Timestamp(),
  },
  { title: 'LateReason' },
);

export function lateReasonJson(r: LateReason) {
  return {
    id: r.id,
    customer_id: r.customerId,
    category: r.category,
    text: r.text,
    channel: r.channel,
    actor: r.actor,
    recorded_at: timestampJson(r.recordedAt),
  };
}

// Promises

const promiseStatuses = ['pending', 'kept', 'broken', 'cancelled'] as const;

export const PromiseBody = Type.Object(
  {
    promised_date: IsoDate(),
    amount: DecimalString(),
    currency: Type.Optional(Type.String({ description: "default: the invoices' currency, else the organisation's" })),
    channel: Type.String({ description: 'how the promise was made: phone, email, whatsapp, portal …' }),
    grace_days: Type.Optional(Type.Integer({ minimum: 0, maximum: 60, default: 2 })),
    invoices: Type.Optional(
      Type.Array(Type.String(), {
        description: 'invoice uuids or ext:<external_id>; default: the overdue invoices in that currency, oldest first, covering the amount',
      }),
    ),
  },
  { additionalProperties: false },
);

export const PromiseListQuery = Type.Object({ status: Type.Optional(StringEnum(promiseStatuses)), ...PageQuery }, { additionalProperties: false });
export const CancelBody = Type.Object({ reason: Type.Optional(DescriptionText()) }, { additionalProperties: false });

export const PromiseJson = Type.Object(
  {
    id: Uuid(),
    customer_id: Uuid(),
    customer_external_id: Type.String(),
    promised_date: IsoDate(),
    grace_days: Type.Integer(),
    amount: MoneyJson,
    channel: Type.String(),
    invoices: Type.Array(Type.Object({ id: Uuid(), external_id: Type.String() })),
    status: StringEnum(promiseStatuses),
    created_at: Timestamp(),
    settled_at: Nullable(Timestamp()),
  },
  { title: 'Promise' },
);

export function promiseJson(p: PromiseView) {
  return {
    id: p.id,
    customer_id: p.customer_id,
    customer_external_id: p.customer_external_id,
    promised_date: p.promised_date,
    grace_days: p.grace_days,
    amount: moneyJson(p.amount_minor, p.currency),
    channel: p.channel,
    invoices: p.invoices,
    status: p.status,
    created_at: timestampJson(p.created_at),
    settled_at: p.settled_at ? timestampJson(p.settled_at) : null,
  };
}

export const PromiseStatsJson = Type.Object(
  {
    made: Type.Integer(),
    kept: Type.Integer(),
    broken: Type.Integer(),
    pending: Type.Integer(),
    cancelled: Type.Integer(),
    kept_rate: Nullable(Type.Number({ description: 'kept / (kept + broken), 4 decimals; null until a promise came due' })),
  },
  { title: 'PromiseStats' },
);

export function promiseStatsJson(s: PromiseStats) {
  return { made: s.made, kept: s.kept, broken: s.broken, pending: s.pending, cancelled: s.cancelled, kept_rate: s.keptRate };
}

// Disputes

const disputeStatuses = ['open', 'accepted', 'rejected'] as const;

export const DisputeBody = Type.Object(
  { reason: DescriptionText(), owner: Type.Optional(NameText()), deadline: Type.Optional(IsoDate()) },
  { additionalProperties: false },
);

export const DisputeListQuery = Type.Object({ status: Type.Optional(StringEnum(disputeStatuses)), ...PageQuery }, { additionalProperties: false });

export const ResolveBody = Type.Object(
  {
    resolution: StringEnum(['credit_note', 'adjustment', 'rejected'] as const),
    amount: Type.Optional(DecimalString({ description: 'the credit; default: all still open. Not with rejected' })),
    note: Type.Optional(NoteText()),
    date: Type.Optional(IsoDate({ description: 'default: today in the organisation time zone' })),
  },
  { additionalProperties: false },
);

export const DisputeJson = Type.Object(
  {
    id: Uuid(),
    invoice_id: Uuid(),
    invoice_external_id: Type.String(),
    customer_id: Uuid(),
    customer_external_id: Type.String(),
    reason: Type.String(),
    owner: Nullable(Type.String()),
    deadline: Nullable(IsoDate()),
    status: StringEnum(disputeStatuses),
    resolution: Type.Unknown(),
    invoice_amount: MoneyJson,
    invoice_open: MoneyJson,
    invoice_status: Type.String(),
    opened_at: Timestamp(),
    resolved_at: Nullable(Timestamp()),
  },
  { title: 'Dispute' },
);

export function disputeJson(d: DisputeView) {
  return {
    id: d.id,
    invoice_id: d.invoice_id,
    invoice_external_id: d.invoice_external_id,
    customer_id: d.customer_id,
    customer_external_id: d.customer_external_id,
    reason: d.reason,
    owner: d.owner,
    deadline: d.deadline,
    status: d.status,
    resolution: d.resolution ?? null,
    invoice_amount: moneyJson(d.invoice_amount_minor, d.currency),
    invoice_open: moneyJson(d.invoice_status === 'open' ? d.invoice_amount_minor - d.invoice_paid_minor : 0, d.currency),
    invoice_status: d.invoice_status,
    opened_at: timestampJson(d.opened_at),
    resolved_at: d.resolved_at ? timestampJson(d.resolved_at) : null,
  };
}

// Worklist and tasks

export const WorklistQuery = Type.Object(
  { as_of: Type.Optional(IsoDate({ description: 'default: today in the organisation time zone' })), assignee: Type.Optional(Type.String()), ...PageQuery },
  { additionalProperties: false },
);

export const WorklistItemJson = Type.Object(
  {
    task_id: Uuid(),
    kind: Type.String(),
    customer_id: Uuid(),
    customer_external_id: Type.String(),
    customer_name: Type.String(),
    due_on: IsoDate(),
    not_before: Nullable(Timestamp()),
    assigned_to: Nullable(Type.String()),
    instructions: Nullable(Type.String()),
    receivable_ids: Type.Array(Uuid()),
    open: Nullable(MoneyJson),
    days_overdue: Type.Integer(),
    likelihood: Type.Number({ description: 'estimated chance of recovery, 0–1 (see the README formula)' }),
    expected_recovery: Nullable(MoneyJson),
  },
  { title: 'WorklistItem' },
);

export function worklistItemJson(w: WorklistItem) {
  return {
    task_id: w.taskId,
    kind: w.kind,
    customer_id: w.customerId,
    customer_external_id: w.customerExternalId,
    customer_name: w.customerName,
    due_on: w.dueOn,
    not_before: w.notBefore ? timestampJson(w.notBefore) : null,
    assigned_to: w.assignedTo,
    instructions: w.instructions,
    receivable_ids: w.receivableIds,
    open: w.currency ? moneyJson(w.openMinor, w.currency) : null,
    days_overdue: w.daysOverdue,
    likelihood: w.likelihoodPermille / 1000,
    expected_recovery: w.currency ? moneyJson(w.expectedMinor, w.currency) : null,
  };
}

export const AssignBody = Type.Object(
  { assignee: Nullable(Type.String({ description: 'user name or e-mail; null to unassign' })) },
  { additionalProperties: false },
);
export const OutcomeBody = Type.Object(
  { outcome: NameText(), note: Type.Optional(NoteText()), channel: Type.Optional(NameText()) },
  { additionalProperties: false },
);

export const TaskJson = Type.Object(
  {
    id: Uuid(),
    customer_id: Uuid(),
    kind: Type.String(),
    status: Type.String(),
    due_on: IsoDate(),
    assigned_to: Nullable(Type.String()),
    instructions: Nullable(Type.String()),
    outcome: Nullable(Type.String()),
    receivable_ids: Type.Array(Uuid()),
    closed_at: Nullable(Timestamp()),
  },
  { title: 'Task' },
);

export function taskJson(t: TaskRow) {
  return {
    id: t.id,
    customer_id: t.customer_id,
    kind: t.kind,
    status: t.status,
    due_on: t.due_on,
    assigned_to: t.assigned_to,
    instructions: t.instructions,
    outcome: t.outcome,
    receivable_ids: t.receivable_ids,
    closed_at: t.closed_at ? timestampJson(t.closed_at) : null,
  };
}
