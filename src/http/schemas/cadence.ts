import { Type } from '@sinclair/typebox';
import type { OutboxStatus } from '../../db/schema.ts';
import type { StoredTemplateOverride } from '../../use-cases/templates/load-template-overrides.ts';
import type { TemplateEntry } from '../../use-cases/templates/list-templates.ts';
import type { PolicyVersion } from '../../use-cases/cadence/list-policies.ts';
import type { OutboxRow } from '../../use-cases/cadence/list-outbox.ts';
import type { TaskRow } from '../../use-cases/cadence/list-tasks.ts';
import type { RunRow } from '../../use-cases/cadence/list-runs.ts';
import type { WebhookDeliveryRow, WebhookEndpointRow } from '../../use-cases/cadence/list-webhooks.ts';
import { webhookEventTypes } from '../../use-cases/webhooks/endpoints.ts';
import { PageQuery } from '../pagination.ts';
import { IsoDate, Nullable, StringEnum, Timestamp, timestampJson } from './common.ts';

const outboxStatuses = [
  'pending',
  'held',
  'sent',
  'queued_for_print',
  'delivered',
  'failed',
  'bounced',
  'cancelled',
] as const satisfies readonly OutboxStatus[];
const messageChannels = ['email', 'sms', 'whatsapp', 'letter'] as const;
const templateChannels = ['email', 'sms', 'whatsapp', 'letter', 'call_task'] as const;
const taskStatuses = ['open', 'done', 'cancelled'] as const;
const optionalTimestamp = (d: Date | null) => (d === null ? null : timestampJson(d));

// ── Policies ────────────────────────────────────────────────────────────────────────────

const PolicyStepJson = Type.Object(
  {
    id: Type.String({ description: 'stable and unique in the policy, e.g. "d+1-email"' }),
    offsetDays: Type.Integer({ description: 'days from the due date; negative = before it' }),
    channel: StringEnum(['email', 'sms', 'whatsapp', 'letter', 'call_task', 'action']),
    template: Type.String({ examples: ['friendly_reminder'] }),
    tone: StringEnum(['friendly', 'neutral', 'firm', 'final']),
    action: Type.Optional(StringEnum(['bureau_listing', 'agency_review', 'legal_review', 'suspend_service'])),
    attachInvoices: Type.Optional(Type.Boolean()),
    fallbackChannel: Type.Optional(Type.String()),
    conditions: Type.Optional(
      Type.Object({
        minOpenMinor: Type.Optional(Type.Record(Type.String(), Type.Integer(), { description: 'currency → minimum open amount in minor units' })),
        segments: Type.Optional(Type.Array(Type.String())),
        tiers: Type.Optional(Type.Array(Type.String())),
        riskBands: Type.Optional(Type.Array(Type.String())),
        countries: Type.Optional(Type.Array(Type.String())),
        partyTypes: Type.Optional(Type.Array(StringEnum(['consumer', 'business']))),
      }),
    ),
  },
  { title: 'PolicyStep' },
);

/**
 * Deliberately loose: the policy is checked by the domain validator, whose errors name paths
 * inside the policy (steps[2].offsetDays), which is more useful than a schema error.
 */
export const PolicyCreateBody = Type.Object(
  {
    name: Type.Unknown({ description: 'the policy name; saving under an existing name makes its next version' }),
    version: Type.Optional(Type.Unknown({ description: 'ignored: the server numbers versions' })),
    steps: Type.Unknown({ description: 'ordered steps, see PolicyStep' }),
    segments: Type.Optional(Type.Array(Type.String(), { description: 'customer segments that follow this policy' })),
    is_default: Type.Optional(Type.Boolean({ description: 'the policy for customers no other policy claims' })),
  },
  { description: 'a cadence policy (name, steps) and who follows it; invalid fields are reported with their paths' },
);

export const PolicyNameParams = Type.Object({ name: Type.String() });
export const PolicyVersionParams = Type.Object({ name: Type.String(), version: Type.Integer({ minimum: 1 }) });

const policyProperties = {
  name: Type.String(),
  version: Type.Integer(),
  segments: Type.Array(Type.String()),
  is_default: Type.Boolean(),
  shipped: Type.Boolean({ description: 'the default shipped with Régua, in use because the organisation stored none' }),
  steps: Type.Array(PolicyStepJson),
  created_at: Nullable(Timestamp()),
};

export const PolicyJson = Type.Object(policyProperties, { title: 'Policy' });
export const PolicyDetailJson = Type.Object(
  {
    ...policyProperties,
    versions: Type.Array(
      Type.Object({ version: Type.Integer(), segments: Type.Array(Type.String()), is_default: Type.Boolean(), created_at: Nullable(Timestamp()) }),
    ),
  },
  { title: 'PolicyDetail' },
);

export function policyJson(p: PolicyVersion) {
  return {
    name: p.name,
    version: p.version,
    segments: p.segments,
    is_default: p.isDefault,
    shipped: p.shipped,
    steps: p.definition.steps,
    created_at: p.createdAt ? timestampJson(p.createdAt) : null,
  };
}

export function policyDetailJson(latest: PolicyVersion, versions: PolicyVersion[]) {
  return {
    ...policyJson(latest),
    versions: versions.map((v) => ({
      version: v.version,
      segments: v.segments,
      is_default: v.isDefault,
      created_at: v.createdAt ? timestampJson(v.createdAt) : null,
    })),
  };
}

// ── Outbox and documents ────────────────────────────────────────────────────────────────

export const OutboxListQuery = Type.Object(
  {
    status: Type.Optional(StringEnum(outboxStatuses)),
    channel: Type.Optional(StringEnum(messageChannels)),
    customer: Type.Optional(Type.String({ description: 'customer uuid, or ext:<external_id>' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);

const outboxProperties = {
  id: Type.String({ format: 'uuid' }),
  customer_id: Type.String({ format: 'uuid' }),
  customer_external_id: Type.String(),
  as_of: IsoDate({ description: 'the business date of the run that decided it' }),
  policy: Type.String(),
  step_id: Type.String(),
  channel: StringEnum(messageChannels),
  template: Type.String(),
  tone: Type.String(),
  language: Type.String(),
  contact_id: Nullable(Type.String({ format: 'uuid' })),
  recipient: Type.String(),
  currency: Type.String(),
  receivable_ids: Type.Array(Type.String({ format: 'uuid' })),
  status: StringEnum(outboxStatuses, {
    description: 'held: no transport configured for the channel; it waits here, never dropped. cancelled: judged again at send time and no longer true',
  }),
  attempts: Type.Integer(),
  next_attempt_at: Timestamp(),
  last_error: Nullable(Type.String()),
  cancel_reason: Nullable(
    Type.String({
      description:
        'why a cancelled message was not sent: a suppression reason (disputed, promise_to_pay, payment_plan, with_agency, in_court, customer_paused, opted_out …) or settled',
    }),
  ),
  sent_at: Nullable(Timestamp()),
  created_at: Timestamp(),
  updated_at: Timestamp(),
};

export const OutboxMessageJson = Type.Object(outboxProperties, { title: 'OutboxMessage' });
export const OutboxMessageDetailJson = Type.Object(
  {
    ...outboxProperties,
    provider_message_id: Nullable(Type.String()),
    subject: Nullable(Type.String({ description: 'as rendered when sent; null before' })),
    body_text: Nullable(Type.String()),
    body_html: Nullable(Type.String()),
    document_id: Nullable(Type.String({ format: 'uuid', description: "a letter's PDF: GET /documents/{id}" })),
  },
  { title: 'OutboxMessageDetail' },
);

export function outboxJson(m: OutboxRow) {
  return {
    id: m.id,
    customer_id: m.customer_id,
    customer_external_id: m.customer_external_id,
    as_of: m.as_of,
    policy: m.policy_name,
    step_id: m.step_id,
    channel: m.channel,
    template: m.template,
    tone: m.tone,
    language: m.language,
    contact_id: m.contact_id,
    recipient: m.recipient,
    currency: m.currency,
    receivable_ids: m.receivable_ids,
    status: m.status,
    attempts: m.attempts,
    next_attempt_at: timestampJson(m.next_attempt_at),
    last_error: m.last_error,
    cancel_reason: m.cancel_reason,
    sent_at: optionalTimestamp(m.sent_at),
    created_at: timestampJson(m.created_at),
    updated_at: timestampJson(m.updated_at),
  };
}

export function outboxDetailJson(m: OutboxRow & { document_id: string | null }) {
  return {
    ...outboxJson(m),
    provider_message_id: m.provider_message_id,
    subject: m.subject,
    body_text: m.body_text,
    body_html: m.body_html,
    document_id: m.document_id,
  };
}

export const DocumentParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

// ── Tasks ───────────────────────────────────────────────────────────────────────────────

export const TaskListQuery = Type.Object(
  { kind: Type.Optional(Type.String({ examples: ['call'] })), status: Type.Optional(StringEnum(taskStatuses)), ...PageQuery },
  { additionalProperties: false },
);

export const TaskJson = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    customer_id: Type.String({ format: 'uuid' }),
    customer_external_id: Type.String(),
    kind: Type.String({ description: 'call, or the action of an action step (bureau_listing …)' }),
    step_id: Nullable(Type.String()),
    currency: Nullable(Type.String()),
    receivable_ids: Type.Array(Type.String({ format: 'uuid' })),
    due_on: IsoDate(),
    not_before: Nullable(Timestamp()),
    status: StringEnum(taskStatuses),
    assigned_to: Nullable(Type.String()),
    instructions: Nullable(Type.String()),
    outcome: Nullable(Type.String()),
    created_at: Timestamp(),
    closed_at: Nullable(Timestamp()),
  },
  { title: 'Task' },
);

export function taskJson(t: TaskRow) {
  return {
    id: t.id,
    customer_id: t.customer_id,
    customer_external_id: t.customer_external_id,
    kind: t.kind,
    step_id: t.step_id,
    currency: t.currency,
    receivable_ids: t.receivable_ids,
    due_on: t.due_on,
    not_before: optionalTimestamp(t.not_before),
    status: t.status,
    assigned_to: t.assigned_to,
    instructions: t.instructions,
    outcome: t.outcome,
    created_at: timestampJson(t.created_at),
    closed_at: optionalTimestamp(t.closed_at),
  };
}

// ── Runs ────────────────────────────────────────────────────────────────────────────────

export const RunBody = Type.Object(
  {
    as_of: Type.Optional(IsoDate({ description: 'business date; default: today in the organisation time zone' })),
    now: Type.Optional(Type.String({ format: 'date-time', description: 'instant for the allowed hours; default: the clock' })),
    dry_run: Type.Optional(Type.Boolean({ description: 'decide and count, write nothing' })),
  },
  { additionalProperties: false },
);

const count = Type.Integer({ minimum: 0 });
export const RunSummaryJson = Type.Object(
  {
    as_of: IsoDate(),
    customers_evaluated: count,
    actions: Type.Object({ email: count, sms: count, whatsapp: count, letter: count, call_task: count, other: count }),
    suppressed: Type.Record(Type.String(), count, { description: 'reason → number of suppressed steps' }),
    deferred: count,
  },
  { title: 'RunSummary', description: 'the same JSON as `regua run --json`' },
);

export const RunJson = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    as_of: IsoDate(),
    trigger: Type.String({ examples: ['api', 'cli', 'scheduler'] }),
    started_at: Timestamp(),
    finished_at: Nullable(Timestamp()),
    status: StringEnum(['running', 'finished', 'failed', 'abandoned'] as const, {
      description: 'abandoned: its process died (the next run of the organisation closes it); failed: see error',
    }),
    error: Nullable(Type.String()),
    summary: Nullable(RunSummaryJson),
  },
  { title: 'Run' },
);

export function runJson(r: RunRow) {
  return {
    id: r.id,
    as_of: r.as_of,
    trigger: r.trigger,
    started_at: timestampJson(r.started_at),
    finished_at: optionalTimestamp(r.finished_at),
    status: r.status,
    error: r.error,
    summary: r.summary,
  };
}

// ── Templates ───────────────────────────────────────────────────────────────────────────

export const TemplateParams = Type.Object({
  key: Type.String({ examples: ['friendly_reminder'] }),
  channel: StringEnum(templateChannels),
  language: Type.String({ examples: ['pt-BR', 'es', 'en'] }),
});

const templateText = {
  subject: Type.Optional(Type.String({ description: 'e-mail and letter; Liquid' })),
  body: Type.String({ minLength: 1, description: 'the text (Liquid); for e-mail also the HTML part unless html is given' }),
  html: Type.Optional(Type.String({ description: 'e-mail only (Liquid, values HTML-escaped)' })),
};

export const TemplateBody = Type.Object(templateText, { additionalProperties: false });
export const TemplatePreviewBody = Type.Object(
  { subject: Type.Optional(templateText.subject), body: Type.Optional(templateText.body), html: Type.Optional(templateText.html) },
  { additionalProperties: false, description: 'a draft to preview; without a body, what delivery uses now is previewed' },
);

const TemplateSourceJson = Type.Object({ subject: Nullable(Type.String()), body: Type.String(), html: Nullable(Type.String()) });

export const TemplateOverrideJson = Type.Object(
  {
    key: Type.String(),
    channel: StringEnum(templateChannels),
    language: Type.String(),
    version: Type.Integer(),
    subject: Nullable(Type.String()),
    body: Type.String(),
    html: Nullable(Type.String()),
    created_at: Timestamp(),
  },
  { title: 'TemplateOverride' },
);

export const TemplateEntryJson = Type.Object(
  {
    key: Type.String(),
    channel: StringEnum(templateChannels),
    language: Type.String(),
    shipped: Nullable(TemplateSourceJson),
    override: Nullable(TemplateOverrideJson),
  },
  { title: 'Template', description: 'the text Régua ships and, when edited, the latest edit (which is used instead)' },
);

export const TemplatePreviewJson = Type.Object(
  { source: StringEnum(['draft', 'override', 'shipped'] as const), subject: Nullable(Type.String()), text: Type.String(), html: Nullable(Type.String()) },
  { title: 'TemplatePreview' },
);

export function templateOverrideJson(o: StoredTemplateOverride) {
  return {
    key: o.key,
    channel: o.channel,
    language: o.language,
    version: o.version,
    subject: o.subject,
    body: o.body,
    html: o.html,
    created_at: timestampJson(o.created_at),
  };
}

export function templateEntryJson(e: TemplateEntry) {
  return {
    key: e.key,
    channel: e.channel,
    language: e.language,
    shipped: e.shipped ? { subject: e.shipped.subject ?? null, body: e.shipped.text, html: e.shipped.html ?? null } : null,
    override: e.override ? templateOverrideJson(e.override) : null,
  };
}

// ── Webhooks ────────────────────────────────────────────────────────────────────────────

export const WebhookCreateBody = Type.Object(
  {
    url: Type.String({ description: 'http(s) URL that receives signed POSTs (Standard Webhooks headers)' }),
    event_types: Type.Optional(Type.Array(StringEnum(webhookEventTypes), { description: 'empty or absent: every event' })),
  },
  { additionalProperties: false },
);

const webhookProperties = {
  id: Type.String({ format: 'uuid' }),
  url: Type.String(),
  event_types: Type.Array(Type.String()),
  active: Type.Boolean(),
  created_at: Timestamp(),
};

export const WebhookEndpointJson = Type.Object(webhookProperties, { title: 'WebhookEndpoint' });
export const WebhookEndpointCreatedJson = Type.Object(
  { ...webhookProperties, secret: Type.String({ description: 'shown only now: verify the webhook-signature header with it' }) },
  { title: 'WebhookEndpointCreated' },
);

export const WebhookDeliveryJson = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    event_id: Type.String(),
    event_type: Type.String(),
    status: StringEnum(['pending', 'delivered', 'failed'] as const),
    attempts: Type.Integer(),
    next_attempt_at: Timestamp(),
    last_status_code: Nullable(Type.Integer()),
    last_error: Nullable(Type.String()),
    created_at: Timestamp(),
    delivered_at: Nullable(Timestamp()),
    payload: Type.Unknown({ description: 'the JSON body posted' }),
  },
  { title: 'WebhookDelivery' },
);

export function webhookEndpointJson(e: WebhookEndpointRow) {
  return { id: e.id, url: e.url, event_types: e.event_types, active: e.active, created_at: timestampJson(e.created_at) };
}

export function webhookDeliveryJson(d: WebhookDeliveryRow) {
  return {
    id: d.id,
    event_id: d.event_id,
    event_type: d.event_type,
    status: d.status,
    attempts: d.attempts,
    next_attempt_at: timestampJson(d.next_attempt_at),
    last_status_code: d.last_status_code,
    last_error: d.last_error,
    created_at: timestampJson(d.created_at),
    delivered_at: optionalTimestamp(d.delivered_at),
    payload: d.payload,
  };
}

export const PageOnlyQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
