import type { Liquid, Template } from 'liquidjs';
import { checkTemplate, type ComplianceProblem } from '../../domain/template-compliance.ts';
import { defaultTemplateSource, invoiceNumberList, languagePack, shippedLanguage, type TemplateSource } from './default-templates.ts';
import { formatLocalDate, htmlLiquid, parseCached, textLiquid } from './liquid-engine.ts';
import { sampleMessageContext } from './sample-context.ts';
import { templateKeys, type MessageContext, type RenderedMessage, type TemplateChannel, type TemplateKey, type TemplateOverride } from './message-context.ts';

export type TemplateProblem = ComplianceProblem | { code: 'unknown_template' | 'invalid_template'; message: string; term?: undefined };

/** A template, default or edited, that may not be used: the problems say why. */
export class TemplateRejectedError extends Error {
  readonly code = 'template_rejected';
  constructor(readonly problems: TemplateProblem[]) {
    super(`template rejected: ${problems.map((p) => p.message).join('; ')}`);
  }
}

/** No default and no override for this key on this channel. */
export class UnknownTemplateError extends Error {
  readonly code = 'unknown_template';
  constructor(
    readonly key: string,
    readonly channel: string,
  ) {
    super(`there is no "${key}" template for the ${channel} channel`);
  }
}

/** Liquid failed while rendering (time or size limit, bad filter argument …). */
export class TemplateRenderError extends Error {
  readonly code = 'template_render_failed';
}

const allChannels: readonly TemplateChannel[] = ['email', 'sms', 'whatsapp', 'letter', 'call_task'];

/**
 * Checks an edited template before it is saved: a known key and channel, valid Liquid with
 * known filters only, and the compliance rules (no threats, creditor identified, opt-out).
 * Pass the organisation's creditor data so that a text spelling out its name and tax id counts.
 */
export function validateTemplateOverride(
  override: TemplateOverride,
  creditor?: MessageContext['creditor'],
): { ok: true } | { ok: false; problems: TemplateProblem[] } {
  const problems: TemplateProblem[] = [];
  if (!(templateKeys as readonly string[]).includes(override.key)) {
    problems.push({ code: 'unknown_template', message: `"${override.key}" is not a template key (${templateKeys.join(', ')})` });
  }
  if (!allChannels.includes(override.channel)) {
    problems.push({ code: 'unknown_template', message: `"${override.channel}" is not a channel (${allChannels.join(', ')})` });
  }
  if (!override.language || !/^[a-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/.test(override.language)) {
    problems.push({ code: 'invalid_template', message: `"${override.language}" is not a language tag such as pt-BR, es or en` });
  }
  if (override.html !== undefined && override.channel !== 'email') {
    problems.push({ code: 'invalid_template', message: 'only e-mail templates have an HTML part' });
  }
  if (override.body.trim() === '') problems.push({ code: 'invalid_template', message: 'the template text is empty' });
  if (override.channel === 'email' && !override.subject?.trim()) {
    problems.push({ code: 'invalid_template', message: 'an e-mail template needs a subject' });
  }

  const parts: [string, Liquid, string | undefined][] = [
    ['subject', textLiquid, override.subject],
    ['text', textLiquid, override.body],
    ['HTML', htmlLiquid, override.html],
  ];
  // Parse, then render with example data: limits and filter arguments only fail at render time.
  const sample = { ...sampleMessageContext(override.language || 'en'), language: dateLanguage(override.language || 'en'), channel: override.channel };
  for (const [name, engine, source] of parts) {
    if (source === undefined) continue;
    try {
      engine.renderSync(engine.parse(source), sample);
    } catch (error) {
      problems.push({ code: 'invalid_template', message: `the ${name} is not a valid template: ${errorMessage(error)}` });
    }
  }

  problems.push(...complianceProblems(override, creditor));
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}

/**
 * Renders a message for a customer: the business's override for this key, channel and language
 * when there is one (checked again, as rules may have tightened since it was saved), else the
 * default shipped with Régua. Throws TemplateRejectedError, UnknownTemplateError or
 * TemplateRenderError.
 */
export function renderMessage(
  templateKey: TemplateKey,
  channel: TemplateChannel,
  language: string,
  context: MessageContext,
  overrides: readonly TemplateOverride[] = [],
): RenderedMessage {
  const override = findOverride(overrides, templateKey, channel, language);
  const scope = { ...context, language: dateLanguage(language), channel };

  if (override) {
    const problems = complianceProblems(override, context.creditor);
    if (problems.length > 0) throw new TemplateRejectedError(problems);
    const text = renderText(textLiquid, override.body, scope);
    const subject = override.subject !== undefined ? renderSubject(override.subject, scope) : undefined;
    let html: string | undefined;
    if (channel === 'email') {
      html = override.html !== undefined ? render(htmlLiquid, override.html, scope) : textToHtml(text, subject ?? '', scope.language);
    }
    return withOptional({ subject, text, html });
  }

  const source: TemplateSource | undefined = defaultTemplateSource(templateKey, channel, language);
  if (!source) throw new UnknownTemplateError(templateKey, channel);
  return withOptional({
    subject: source.subject !== undefined ? renderSubject(source.subject, scope) : undefined,
    text: renderText(textLiquid, source.text, scope),
    html: source.html !== undefined ? render(htmlLiquid, source.html, scope) : undefined,
  });
}

export interface WhatsAppTemplateMessage {
  name: string;
  language: string;
  parameters: string[];
}

/**
 * The Cloud API template message matching the shipped WhatsApp text: templates registered at
 * Meta as `regua_<key>` with the default text's wording, whose {{1}}…{{7}} are, in order, the
 * debtor's name, creditor name, creditor tax id, invoice numbers, date, total and portal link.
 */
export function whatsappTemplateFor(templateKey: TemplateKey, language: string, context: MessageContext): WhatsAppTemplateMessage {
  const pack = languagePack(language);
  const scope = { ...context, language: dateLanguage(language) };
  const parameters = [
    context.contact?.name || context.customer.name,
    context.creditor.name,
    context.creditor.taxId,
    render(textLiquid, invoiceNumberList, scope),
    formatLocalDate(context.asOf, scope.language),
    context.totals.amount,
    context.portalUrl || pack.noLink,
  ];
  // Meta refuses parameters with new lines, tabs or more than four spaces in a row, and empty ones.
  const clean = parameters.map(
    (p) =>
      p
        .replace(/[\r\n\t]+/g, ' ')
        .replace(/ {2,}/g, ' ')
        .trim() || '-',
  );
  return { name: `regua_${templateKey}`, language: pack.language, parameters: clean };
}

function findOverride(overrides: readonly TemplateOverride[], key: TemplateKey, channel: TemplateChannel, language: string): TemplateOverride | undefined {
  const candidates = overrides.filter((o) => o.key === key && o.channel === channel);
  const wanted = language.toLowerCase().replace('_', '-');
  return (
    candidates.find((o) => o.language.toLowerCase().replace('_', '-') === wanted) ??
    candidates.find((o) => shippedLanguage(o.language) === shippedLanguage(language) && baseOf(o.language) === baseOf(language))
  );
}

function baseOf(language: string): string {
  return language.toLowerCase().split(/[-_]/)[0] ?? '';
}

/** Dates follow the requested language when the text is in it, else the shipped text's language. */
function dateLanguage(language: string): string {
  const shipped = shippedLanguage(language);
  return baseOf(shipped) === baseOf(language) ? language : shipped;
}

function complianceProblems(override: TemplateOverride, creditor: MessageContext['creditor'] | undefined): ComplianceProblem[] {
  const reviewed = [checkTemplate({ subject: override.subject, body: override.body, language: override.language, channel: override.channel, creditor })];
  if (override.html !== undefined) {
    reviewed.push(checkTemplate({ body: override.html, language: override.language, channel: override.channel, creditor }));
  }
  const problems: ComplianceProblem[] = [];
  for (const result of reviewed) {
    if (result.ok) continue;
    for (const problem of result.problems) {
      if (!problems.some((p) => p.code === problem.code && p.term === problem.term)) problems.push(problem);
    }
  }
  return problems;
}

function render(engine: Liquid, source: string, scope: object): string {
  let templates: Template[];
  try {
    templates = parseCached(engine, source);
  } catch (error) {
    throw new TemplateRejectedError([{ code: 'invalid_template', message: `not a valid template: ${errorMessage(error)}` }]);
  }
  try {
    return String(engine.renderSync(templates, scope));
  } catch (error) {
    throw new TemplateRenderError(`rendering failed: ${errorMessage(error)}`);
  }
}

/** Text parts: trailing spaces dropped and at most one blank line in a row (optional blocks leave gaps). */
function renderText(engine: Liquid, source: string, scope: object): string {
  return render(engine, source, scope)
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A subject is one line: header injection and stray new lines from tags are flattened. */
function renderSubject(source: string, scope: object): string {
  return render(textLiquid, source, scope).replace(/\s+/g, ' ').trim();
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** The HTML part of an edited e-mail that has only text: escaped paragraphs, links made clickable. */
function textToHtml(text: string, subject: string, language: string): string {
  const linked = (line: string) =>
    escapeHtml(line).replace(/https?:\/\/[^\s<>"']+/g, (url) => {
      const trimmed = url.replace(/[.,;:!?)]+$/, '');
      return `<a href="${trimmed}">${trimmed}</a>${url.slice(trimmed.length)}`;
    });
  const body = text
    .split(/\n{2,}/)
    .map((p) => `<p style="margin:0 0 16px;">${p.split('\n').map(linked).join('<br>')}</p>`)
    .join('\n');
  return (
    `<!DOCTYPE html>\n<html lang="${escapeHtml(language)}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>\n` +
    '<body style="margin:0;padding:24px;color:#1f2933;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;">\n' +
    `<div style="max-width:640px;margin:0 auto;">\n${body}\n</div></body></html>`
  );
}

function withOptional(message: { subject: string | undefined; text: string; html: string | undefined }): RenderedMessage {
  const result: RenderedMessage = { text: message.text };
  if (message.subject !== undefined) result.subject = message.subject;
  if (message.html !== undefined) result.html = message.html;
  return result;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
