import type { Tx } from '../../db/database.ts';
import { appendInteraction } from '../contact-record.ts';
import type { RecordRef } from '../record-ref.ts';
import { ValidationError } from '../errors.ts';
import type { OrgContext } from '../org-context.ts';
import { customerByRef } from './support.ts';

export const manualKinds = ['call_outcome', 'note', 'inbound_reply'] as const;
export type ManualKind = (typeof manualKinds)[number];
export const manualChannels = ['phone', 'email', 'sms', 'whatsapp', 'letter', 'in_person', 'portal', 'other'] as const;
export type ManualChannel = (typeof manualChannels)[number];

export interface ManualInteraction {
  channel: ManualChannel;
  kind: ManualKind;
  /** For a call: reached, no_answer, voicemail, wrong_number, promised, refused … (free text). */
  outcome?: string;
  text: string;
}

export interface RecordedEntry {
  seq: number;
  hash: string;
  occurredAt: Date;
  customerId: string;
  actor: string;
  channel: string;
  kind: string;
  content: Record<string, unknown>;
}

/** A contact a person made or received (call, note, reply) written to the contact record. */
export async function recordInteraction(trx: Tx, ctx: OrgContext, customerRef: RecordRef, input: ManualInteraction): Promise<RecordedEntry> {
  const customer = await customerByRef(trx, ctx.org.id, customerRef);
  const text = input.text.trim();
  const outcome = input.outcome?.trim() || null;
  const errors = [];
  if (text === '' && !outcome) errors.push({ field: 'text', reason: 'must not be empty' });
  if (input.kind === 'call_outcome' && !outcome) errors.push({ field: 'outcome', reason: 'is required for a call outcome' });
  if (errors.length > 0) throw new ValidationError(errors);
  const content = { text, ...(outcome ? { outcome } : {}) };
  const entry = { occurredAt: ctx.now, customerId: customer.id, actor: ctx.actor, channel: input.channel, kind: input.kind, content };
  const { seq, hash } = await appendInteraction(trx, ctx.org.id, entry);
  return { ...entry, seq, hash };
}
