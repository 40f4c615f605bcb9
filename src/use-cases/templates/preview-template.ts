import type { Db } from '../../db/database.ts';
import type { Organisation } from '../../db/schema.ts';
import type { RenderedMessage, TemplateChannel, TemplateKey, TemplateOverride } from '../../channels/templates/message-context.ts';
import {
  renderMessage,
  TemplateRejectedError,
  TemplateRenderError,
  UnknownTemplateError,
  validateTemplateOverride,
  type TemplateProblem,
} from '../../channels/templates/render-message.ts';
import { sampleMessageContext } from '../../channels/templates/sample-context.ts';
import { NotFoundError } from '../errors.ts';
import { asTemplateOverride, loadTemplateOverrides } from './load-template-overrides.ts';
import { creditorIfKnown } from './save-template-override.ts';

export type PreviewResult = { ok: true; rendered: RenderedMessage; source: 'draft' | 'override' | 'shipped' } | { ok: false; problems: TemplateProblem[] };

class TemplateNotFoundError extends NotFoundError {
  override readonly code = 'template_not_found';
}

/**
 * Renders a template with example data (the organisation as creditor when its identification
 * is complete): the draft when one is given (checked like a save), else what delivery would
 * use now — the latest edit, or the shipped text.
 */
export async function previewTemplate(
  db: Db,
  org: Organisation,
  target: { key: string; channel: string; language: string },
  draft?: { subject?: string; body: string; html?: string },
): Promise<PreviewResult> {
  const creditor = creditorIfKnown(org);
  const sample = sampleMessageContext(target.language);
  const context = creditor ? { ...sample, creditor } : sample;
  const key = target.key as TemplateKey;
  const channel = target.channel as TemplateChannel;
  let overrides: TemplateOverride[];
  let source: 'draft' | 'override' | 'shipped';
  if (draft) {
    const override: TemplateOverride = { key, channel, language: target.language, ...draft };
    const verdict = validateTemplateOverride(override, creditor);
    if (!verdict.ok) return { ok: false, problems: verdict.problems };
    overrides = [override];
    source = 'draft';
  } else {
    overrides = (await loadTemplateOverrides(db, org.id)).filter((o) => o.key === key && o.channel === channel).map(asTemplateOverride);
    source = 'shipped';
  }
  try {
    const rendered = renderMessage(key, channel, target.language, context, overrides);
    // An edit of a neighbouring language (pt for pt-BR) may apply too: tell by what was rendered.
    if (source === 'shipped' && overrides.length > 0 && !sameMessage(rendered, renderMessage(key, channel, target.language, context))) source = 'override';
    return { ok: true, rendered, source };
  } catch (error) {
    if (error instanceof UnknownTemplateError) throw new TemplateNotFoundError('template', `${target.key}/${target.channel}/${target.language}`);
    if (error instanceof TemplateRejectedError) return { ok: false, problems: error.problems };
    if (error instanceof TemplateRenderError) return { ok: false, problems: [{ code: 'invalid_template', message: error.message }] };
    throw error;
  }
}

function sameMessage(a: RenderedMessage, b: RenderedMessage): boolean {
  return a.subject === b.subject && a.text === b.text && a.html === b.html;
}
