import type { Tx } from '../../db/database.ts';
import type { Organisation } from '../../db/schema.ts';
import type { MessageContext, TemplateOverride } from '../../channels/templates/message-context.ts';
import { validateTemplateOverride, type TemplateProblem } from '../../channels/templates/render-message.ts';
import { creditorOf } from '../delivery/compose-message.ts';
import { appendInteraction } from '../contact-record.ts';
import type { ActionContext } from '../record-ref.ts';
import { insertTemplateOverride, latestTemplateVersion, lockTemplateVersions, type StoredTemplateOverride } from '../../stores/templates.ts';

export type SaveTemplateResult = { ok: true; saved: StoredTemplateOverride } | { ok: false; problems: TemplateProblem[] };

/**
 * Saves an edited template as the next version of its key, channel and language, after the
 * same checks delivery applies (valid Liquid, no threats or humiliation, creditor identified,
 * opt-out offered). A refused template is not stored: the problems say why, each naming the term.
 */
export async function saveTemplateOverride(trx: Tx, org: Organisation, override: TemplateOverride, context: ActionContext): Promise<SaveTemplateResult> {
  const verdict = validateTemplateOverride(override, creditorIfKnown(org));
  if (!verdict.ok) return { ok: false, problems: verdict.problems };
  // Lock the organisation's row so two concurrent saves cannot both pick the same version.
  await lockTemplateVersions(trx, org.id);
  const latest = await latestTemplateVersion(trx, org.id, override);
  const saved = await insertTemplateOverride(trx, org.id, {
    key: override.key,
    channel: override.channel,
    language: override.language,
    subject: override.subject ?? null,
    body: override.body,
    html: override.html ?? null,
    version: latest + 1,
    created_by: context.actor,
    created_at: context.now,
  });
  await appendInteraction(trx, org.id, {
    occurredAt: context.now,
    customerId: null,
    actor: context.actor,
    channel: 'system',
    kind: 'template_changed',
    content: {
      key: saved.key,
      channel: saved.channel,
      language: saved.language,
      version: saved.version,
      subject: saved.subject,
      body: saved.body,
      html: saved.html,
    },
  });
  return { ok: true, saved };
}

/** The organisation's identification when it is complete; else the template must use the placeholders. */
export function creditorIfKnown(org: Organisation): MessageContext['creditor'] | undefined {
  try {
    return creditorOf(org);
  } catch {
    return undefined;
  }
}
