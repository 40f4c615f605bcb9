import { ifPaymentMeans, type LanguagePack, type MessageTexts } from './language-pack.ts';
import { en } from './language-packs/en.ts';
import { es } from './language-packs/es.ts';
import { ptBR } from './language-packs/pt-br.ts';
import { templateChannels, type TemplateChannel, type TemplateKey, type TemplateLanguage } from './message-context.ts';

/** Liquid sources of one message: subject (e-mail, letter), text, and HTML for e-mail. */
export interface TemplateSource {
  subject?: string;
  text: string;
  html?: string;
}

const packs: Record<TemplateLanguage, LanguagePack> = { 'pt-BR': ptBR, es, en };

/**
 * The shipped language closest to a requested one: pt, pt-PT → pt-BR; es-MX → es; anything
 * else → en.
 */
export function shippedLanguage(language: string): TemplateLanguage {
  const base = language.toLowerCase().split(/[-_]/)[0];
  if (base === 'pt') return 'pt-BR';
  if (base === 'es') return 'es';
  return 'en';
}

export function languagePack(language: string): LanguagePack {
  return packs[shippedLanguage(language)];
}

/** The default template of a key on a channel, or undefined when Régua ships none. */
export function defaultTemplateSource(key: TemplateKey, channel: TemplateChannel, language: string): TemplateSource | undefined {
  if (!templateChannels[key].includes(channel)) return undefined;
  const pack = languagePack(language);
  if (key === 'call_script') return { text: callScript(pack) };
  const texts = pack.messages[key];
  switch (channel) {
    case 'email':
      return { subject: texts.subject ?? '', text: emailText(pack, texts), html: emailHtml(pack, texts) };
    case 'sms':
    case 'whatsapp':
      return { text: shortText(pack, texts, channel) };
    case 'letter':
      return { subject: texts.subject ?? '', text: letterText(pack, texts) };
    case 'call_task':
      return undefined;
  }
}

/** Invoice numbers for short messages: the first five and how many more. */
export const invoiceNumberList =
  '{% for invoice in invoices limit: 5 %}{{ invoice.number }}{% unless forloop.last %}, {% endunless %}{% endfor %}' +
  '{% if invoices.size > 5 %} (+{{ invoices.size | minus: 5 }}){% endif %}';

function paymentText(pack: LanguagePack): string {
  return (
    `${ifPaymentMeans}${pack.paymentHeading}:\n` +
    `{% if payment.pixCode %}${pack.pixLabel}:\n{{ payment.pixCode }}\n{% endif %}` +
    `{% if payment.boletoLine %}${pack.boletoLabel}:\n{{ payment.boletoLine }}\n{% endif %}` +
    `{% if payment.cardLink %}${pack.cardLabel}:\n{{ payment.cardLink }}\n{% endif %}{% endif %}`
  );
}

function invoiceTableText(pack: LanguagePack, texts: MessageTexts): string {
  const paid = texts.table === 'paid';
  return `${paid ? pack.paidHeading : pack.invoicesHeading}:\n{% for invoice in invoices %}${paid ? pack.paidLine : pack.invoiceLine}\n{% endfor %}`;
}

/** The early-payment discount, shown only when the message context carries one. */
function discountText(pack: LanguagePack): string {
  return `{% if discount %}\n${pack.discountLine}{% endif %}`;
}

function creditorBlockText(pack: LanguagePack): string {
  return `{{ creditor.legalName }} · ${pack.taxIdLabel} {{ creditor.taxId }}\n{{ creditor.address }}`;
}

function emailText(pack: LanguagePack, texts: MessageTexts): string {
  const asks = texts.asksForPayment !== false;
  return [
    pack.greeting,
    texts.intro,
    invoiceTableText(pack, texts) + (texts.totalLine ?? pack.totalLine) + discountText(pack),
    asks ? paymentText(pack) : '',
    `{% if portalUrl %}${pack.portalText}\n{{ portalUrl }}{% endif %}`,
    texts.closing,
    asks ? pack.ifPaid : '',
    `${pack.signOff}\n{{ creditor.name }}`,
    `--\n${creditorBlockText(pack)}`,
    `{% if optOutUrl %}${pack.optOut.email} {{ optOutUrl }}{% else %}${pack.optOut.emailReply}{% endif %}`,
  ].join('\n\n');
}

function letterText(pack: LanguagePack, texts: MessageTexts): string {
  const asks = texts.asksForPayment !== false;
  return [
    pack.greeting,
    texts.intro,
    `${pack.statementNote}\n${texts.totalLine ?? pack.totalLine}${discountText(pack)}`,
    asks ? paymentText(pack) : '',
    `{% if portalUrl %}${pack.portalText}\n{{ portalUrl }}{% endif %}`,
    texts.closing,
    asks ? pack.ifPaid : '',
    `${pack.signOff}\n\n{{ creditor.name }}\n{{ creditor.legalName }} · ${pack.taxIdLabel} {{ creditor.taxId }}\n{{ creditor.address }}`,
  ].join('\n\n');
}

/**
 * SMS and WhatsApp share one layout whose values appear in a fixed order (name, creditor,
 * tax id, invoices, date, total, link): the order of the WhatsApp template's {{1}}…{{7}}.
 */
function shortText(pack: LanguagePack, texts: MessageTexts, channel: 'sms' | 'whatsapp'): string {
  const lines = [
    `${pack.shortGreeting} ${pack.shortFrom} ${texts.short ?? texts.intro}`,
    `${texts.shortInvoices ?? pack.columns.number}: ${invoiceNumberList}`,
    `${texts.shortTotal ?? pack.totalLine}: {{ totals.amount }}`,
    // WhatsApp keeps the wording of the template registered at Meta ({{7}} is the link or the reply hint).
    channel === 'whatsapp'
      ? `${texts.shortLink ?? pack.shortLink}: {{ portalUrl | default: "${pack.noLink}" }}`
      : `{% if portalUrl %}${texts.shortLink ?? pack.shortLink}: {{ portalUrl }}{% else %}${pack.shortNoLink}{% endif %}`,
  ];
  if (channel === 'sms') lines.push(`{% if optOutUrl %}${pack.optOut.sms} {{ optOutUrl }}{% else %}${pack.optOut.smsReply}{% endif %}`);
  return lines.join('\n');
}

function callScript(pack: LanguagePack): string {
  return pack.callScript.replace('@@INVOICE_LINE@@', pack.invoiceLine).replace('@@TOTAL_LINE@@', pack.totalLine);
}

const muted = 'font-size:12px;color:#52606d;';
const cell = 'padding:6px 8px;border-bottom:1px solid #d9e2ec;';

function paragraphs(text: string): string {
  return text
    .split('\n\n')
    .map((p) => `<p style="margin:0 0 16px;">${p.replaceAll('\n', '<br>')}</p>`)
    .join('\n');
}

function invoiceTableHtml(pack: LanguagePack, texts: MessageTexts): string {
  const paid = texts.table === 'paid';
  const c = pack.columns;
  const head = paid ? [c.number, c.dueDate, c.paid] : [c.number, c.dueDate, c.amount, c.daysOverdue];
  const headCells = head.map((label, i) => `<th style="${cell}text-align:${i >= 2 ? 'right' : 'left'};">${label}</th>`).join('');
  const rowCells =
    `<td style="${cell}">{{ invoice.number }}</td>` +
    `<td style="${cell}">{{ invoice.dueDate | local_date }}</td>` +
    `<td style="${cell}text-align:right;white-space:nowrap;">{{ invoice.amount }}</td>` +
    (paid ? '' : `<td style="${cell}text-align:right;">{% if invoice.daysOverdue > 0 %}{{ invoice.daysOverdue }}{% else %}&ndash;{% endif %}</td>`);
  return (
    `<table style="border-collapse:collapse;width:100%;margin:0 0 16px;font-size:14px;">\n` +
    `<caption style="text-align:left;font-weight:bold;padding:0 0 8px;">${paid ? pack.paidHeading : pack.invoicesHeading}</caption>\n` +
    `<thead><tr>${headCells}</tr></thead>\n` +
    `<tbody>{% for invoice in invoices %}<tr>${rowCells}</tr>\n{% endfor %}</tbody>\n</table>`
  );
}

function paymentHtml(pack: LanguagePack): string {
  const code = 'font-family:Consolas,monospace;font-size:13px;word-break:break-all;background:#f0f4f8;padding:4px;display:block;';
  return (
    `${ifPaymentMeans}<h2 style="font-size:16px;margin:24px 0 8px;">${pack.paymentHeading}</h2>\n` +
    `{% if payment.pixCode %}<p style="margin:0 0 12px;">${pack.pixLabel}:<br><span style="${code}">{{ payment.pixCode }}</span></p>{% endif %}\n` +
    `{% if payment.boletoLine %}<p style="margin:0 0 12px;">${pack.boletoLabel}:<br><span style="${code}">{{ payment.boletoLine }}</span></p>{% endif %}\n` +
    `{% if payment.cardLink %}<p style="margin:0 0 12px;"><a href="{{ payment.cardLink }}">${pack.cardLabel}</a></p>{% endif %}\n` +
    `{% endif %}`
  );
}

function emailHtml(pack: LanguagePack, texts: MessageTexts): string {
  const asks = texts.asksForPayment !== false;
  const button = 'display:inline-block;background:#0b6e4f;color:#ffffff;text-decoration:none;padding:10px 18px;border-radius:4px;';
  return [
    '<!DOCTYPE html>',
    '<html lang="{{ language }}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    `<title>${texts.subject ?? ''}</title></head>`,
    '<body style="margin:0;padding:24px;background:#ffffff;color:#1f2933;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;">',
    '<div style="max-width:640px;margin:0 auto;">',
    paragraphs(pack.greeting),
    paragraphs(texts.intro),
    invoiceTableHtml(pack, texts),
    `<p style="margin:0 0 16px;"><strong>${texts.totalLine ?? pack.totalLine}</strong></p>`,
    `{% if discount %}<p style="margin:0 0 16px;">${pack.discountLine}</p>{% endif %}`,
    asks ? paymentHtml(pack) : '',
    `{% if portalUrl %}<p style="margin:16px 0;"><a href="{{ portalUrl }}" style="${button}">${pack.portalButton}</a></p>{% endif %}`,
    paragraphs(texts.closing),
    asks ? paragraphs(pack.ifPaid) : '',
    `<p style="margin:0 0 16px;">${pack.signOff}<br>{{ creditor.name }}</p>`,
    `<hr style="border:none;border-top:1px solid #d9e2ec;margin:24px 0 12px;">`,
    `<p style="margin:0 0 8px;${muted}">{{ creditor.legalName }} &middot; ${pack.taxIdLabel} {{ creditor.taxId }}<br>{{ creditor.address }}</p>`,
    `<p style="margin:0;${muted}">{% if optOutUrl %}${pack.optOut.emailHtml} <a href="{{ optOutUrl }}">${pack.optOut.emailHtmlLink}</a>.{% else %}${pack.optOut.emailReply}{% endif %}</p>`,
    '</div></body></html>',
  ]
    .filter((part) => part !== '')
    .join('\n');
}
