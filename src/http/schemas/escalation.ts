import { Type } from '@sinclair/typebox';
import type { AgencyHandoff } from '../../use-cases/escalation/agency-handoff.ts';
import { percentText } from '../../use-cases/escalation/agency-handoff.ts';
import type { OverdueRemoval } from '../../use-cases/escalation/overdue-removals.ts';
import type { Suspension } from '../../use-cases/escalation/service-suspension.ts';
import type { WriteOffResult } from '../../use-cases/escalation/write-off-invoice.ts';
import { PageQuery } from '../pagination.ts';
import { IsoDate, NameText, MoneyJson, moneyJson, Nullable, StringEnum, Timestamp, timestampJson } from './common.ts';

export const HandoffBody = Type.Object(
  {
    agency: NameText({ minLength: 1, description: 'the collection agency' }),
    commission_percent: Type.String({ pattern: '^\\d{1,3}(\\.\\d{1,2})?$', examples: ['15', '12.5'], description: 'commission on what the agency recovers' }),
    date: Type.Optional(IsoDate({ description: 'hand-off date (default: today in the organisation time zone)' })),
    include_not_due: Type.Optional(Type.Boolean({ description: 'also hand off open invoices not yet due on the date (default: only overdue ones)' })),
  },
  { additionalProperties: false },
);

export const ClaimQuery = Type.Object(
  { include_not_due: Type.Optional(Type.Boolean({ description: 'also claim open invoices not yet due (default: only overdue ones)' })) },
  { additionalProperties: false },
);

export const RecallBody = Type.Object({ date: Type.Optional(IsoDate({ description: 'recall date (default: today)' })) }, { additionalProperties: false });

export const HandoffListQuery = Type.Object(
  { status: Type.Optional(StringEnum(['active', 'recalled'] as const)), ...PageQuery },
  { additionalProperties: false },
);

export const HandoffJson = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    customer_id: Type.String({ format: 'uuid' }),
    customer_external_id: Type.String(),
    agency: Type.String(),
    commission_percent: Type.String({ examples: ['15'] }),
    status: StringEnum(['active', 'recalled'] as const),
    handed_off_on: IsoDate(),
    recalled_on: Nullable(IsoDate()),
    handed_off: { ...MoneyJson, description: 'open principal of the invoices handed to the agency' },
    charges: { ...MoneyJson, description: 'late charges on them on the hand-off date, itemised in the packet' },
    recovered: { ...MoneyJson, description: 'paid on the handed-off invoices while the hand-off was active' },
    commission: MoneyJson,
    invoice_ids: Type.Array(Type.String({ format: 'uuid' })),
    csv_document_id: Nullable(Type.String({ format: 'uuid' })),
    pdf_document_id: Nullable(Type.String({ format: 'uuid' })),
  },
  { title: 'AgencyHandoff' },
);

export function handoffJson(h: AgencyHandoff) {
  return {
    id: h.id,
    customer_id: h.customer_id,
    customer_external_id: h.customer_external_id,
    agency: h.agency,
    commission_percent: percentText(h.commission_bp),
    status: h.status,
    handed_off_on: h.handed_off_on,
    recalled_on: h.recalled_on,
    handed_off: moneyJson(h.amount_minor, h.currency),
    charges: moneyJson(h.charges_minor, h.currency),
    recovered: moneyJson(h.recovered_minor, h.currency),
    commission: moneyJson(h.commission_minor, h.currency),
    invoice_ids: h.invoice_ids,
    csv_document_id: h.csv_document_id,
    pdf_document_id: h.pdf_document_id,
  };
}

export const SuspensionBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });

export const SuspensionJson = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    customer_id: Type.String({ format: 'uuid' }),
    customer_external_id: Type.String(),
    reason: Nullable(Type.String()),
    started_at: Timestamp(),
    ended_at: Nullable(Timestamp()),
  },
  { title: 'ServiceSuspension' },
);

export function suspensionJson(s: Suspension) {
  return {
    id: s.id,
    customer_id: s.customer_id,
    customer_external_id: s.customer_external_id,
    reason: s.reason,
    started_at: timestampJson(s.started_at),
    ended_at: s.ended_at ? timestampJson(s.ended_at) : null,
  };
}

export const WriteOffBody = Type.Object(
  { date: IsoDate({ description: 'accounting date of the write-off' }), reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);

export const WriteOffJson = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    invoice_id: Type.String({ format: 'uuid' }),
    invoice_external_id: Type.String(),
    written_off_on: IsoDate(),
    reason: Type.String(),
    amount: MoneyJson,
    reversed_on: Nullable(IsoDate({ description: 'the invoice is open again from this date' })),
    reversal_reason: Nullable(Type.String()),
  },
  { title: 'WriteOff' },
);

export const WriteOffReversalBody = Type.Object(
  {
    date: Type.Optional(IsoDate({ description: 'the invoice reopens from this date (default: today in the organisation time zone)' })),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
);

export function writeOffJson(w: WriteOffResult) {
  return {
    id: w.id,
    invoice_id: w.invoice_id,
    invoice_external_id: w.invoice_external_id,
    written_off_on: w.written_off_on,
    reason: w.reason,
    amount: moneyJson(w.amount_minor, w.currency),
    reversed_on: w.reversed_on,
    reversal_reason: w.reversal_reason,
  };
}

export const WriteOffExportQuery = Type.Object({ from: IsoDate(), to: IsoDate() }, { additionalProperties: false });

export const AsOfQuery = Type.Object(
  { as_of: Type.Optional(IsoDate({ description: 'default: today in the organisation time zone' })) },
  { additionalProperties: false },
);

const OverdueRemovalJson = Type.Object(
  {
    listing_id: Type.String({ format: 'uuid' }),
    customer_id: Type.String({ format: 'uuid' }),
    customer_external_id: Type.String(),
    protocol: Nullable(Type.String()),
    paid_on: IsoDate(),
    removal_due_on: IsoDate(),
    days_overdue: Type.Integer(),
    attempts: Type.Integer(),
    last_error: Nullable(Type.String()),
  },
  { title: 'OverdueRemoval' },
);

export const OverdueRemovalsJson = Type.Object({ as_of: IsoDate(), data: Type.Array(OverdueRemovalJson) });

export function overdueRemovalsJson(asOf: string, rows: OverdueRemoval[]) {
  return { as_of: asOf, data: rows };
}

export const NoticeListQuery = Type.Object(
  {
    customer: Type.Optional(Type.String({ description: 'the customer: uuid or ext:<external_id>' })),
    undelivered: Type.Optional(Type.Boolean({ description: 'only notices whose delivery is not proven yet' })),
  },
  { additionalProperties: false },
);

export const noticeEvidenceKinds = ['ar', 'courier_receipt', 'read_receipt', 'signed_acknowledgement', 'other'] as const;

export const NoticeDeliveryBody = Type.Object(
  {
    delivered_at: Type.String({ format: 'date-time', description: 'when the debtor received the notice (from the AR, the courier or the read receipt)' }),
    kind: StringEnum(noticeEvidenceKinds, { description: 'ar = aviso de recebimento of a registered letter (Correios)' }),
    reference: Type.String({ minLength: 1, maxLength: 200, description: 'the AR or tracking number, or the receipt identifier', examples: ['JT123456789BR'] }),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    document_id: Type.Optional(Type.String({ format: 'uuid', description: 'a stored document with the scanned receipt' })),
  },
  { additionalProperties: false },
);

export const NoticeJson = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    customer_id: Type.String({ format: 'uuid' }),
    customer_external_id: Type.String(),
    channel: Type.String(),
    outbox_message_id: Nullable(Type.String({ format: 'uuid' })),
    receivable_ids: Type.Array(Type.String({ format: 'uuid' })),
    sent_at: Nullable(Timestamp()),
    delivered_at: Nullable(Timestamp()),
    delivery_evidence: Type.Record(Type.String(), Type.Unknown()),
    created_at: Timestamp(),
  },
  { title: 'BureauNotice' },
);

export function noticeJson(n: {
  id: string;
  customer_id: string;
  customer_external_id: string;
  channel: string;
  outbox_message_id: string | null;
  receivable_ids: string[];
  sent_at: Date | null;
  delivered_at: Date | null;
  delivery_evidence: Record<string, unknown>;
  created_at: Date;
}) {
  return {
    id: n.id,
    customer_id: n.customer_id,
    customer_external_id: n.customer_external_id,
    channel: n.channel,
    outbox_message_id: n.outbox_message_id,
    receivable_ids: n.receivable_ids,
    sent_at: n.sent_at ? timestampJson(n.sent_at) : null,
    delivered_at: n.delivered_at ? timestampJson(n.delivered_at) : null,
    delivery_evidence: n.delivery_evidence,
    created_at: timestampJson(n.created_at),
  };
}
