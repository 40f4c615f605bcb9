import { displayAmount, parseAmount } from '../../domain/money.ts';
import { dateTimeFormat } from '../../domain/intl-formats.ts';
import type { PortalView } from '../../use-cases/portal/open-portal.ts';
import { portalDisputeReasons } from '../../use-cases/portal/dispute-on-portal.ts';
import { lateReasonCategories } from '../../db/schema-account-work.ts';
import { portalLanguages, portalTexts, type PortalLanguage } from './texts.ts';

/** HTML-escapes a value for text and attribute positions. */
function esc(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

const css =
  'body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1f2933;background:#f5f7fa}' +
  'main{max-width:640px;margin:0 auto;padding:12px 16px 40px}header{background:#fff;border-bottom:1px solid #d9e2ec;padding:12px 16px}' +
  'h1{font-size:1.4rem;margin:.5rem 0}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}small,.muted{color:#52606d}' +
  '.card{background:#fff;border:1px solid #d9e2ec;border-radius:8px;padding:12px 16px;margin:12px 0}' +
  '.total{font-size:1.6rem;font-weight:700}dl{display:grid;grid-template-columns:1fr auto;gap:2px 12px;margin:.5rem 0}dd{margin:0;text-align:right}' +
  'label{display:block;font-weight:600;margin:.75rem 0 .25rem}input,select,textarea{font:inherit;width:100%;box-sizing:border-box;padding:10px;border:1px solid #7b8794;border-radius:6px}' +
  'input[type=checkbox]{width:auto;margin-right:8px}.check{font-weight:400}' +
  'button{font:inherit;font-weight:600;background:#0b5fff;color:#fff;border:0;border-radius:6px;padding:12px 18px;margin-top:12px;width:100%}' +
  'details{background:#fff;border:1px solid #d9e2ec;border-radius:8px;margin:12px 0;padding:0 16px}summary{padding:12px 0;font-weight:600;cursor:pointer}' +
  '.error{color:#b42318;font-weight:600}.ok{background:#e3f9e5;border-color:#57ae5b}.lang a{margin-right:12px}svg{width:220px;height:220px;display:block;margin:8px auto}' +
  'a{color:#0b4fd1}';

/** The document around a page's body, with the language switcher (plain links: no JavaScript needed). */
function layout(language: PortalLanguage, title: string, body: string, switchBase?: string): string {
  const switcher = switchBase
    ? `<nav class="lang" aria-label="Idioma / Language">${portalLanguages
        .filter((l) => l !== language)
        .map((l) => `<a href="${esc(switchBase)}?lang=${l}" lang="${l}" hreflang="${l}">${esc(portalTexts[l].languageName)}</a>`)
        .join('')}</nav>`
    : '';
  return (
    `<!DOCTYPE html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta name="referrer" content="no-referrer"><title>${esc(title)}</title><style>${css}</style></head><body>` +
    `<header>${switcher}</header><main>${body}</main></body></html>`
  );
}

/** The page of a link that does not open: what happened and how to reach the business, no customer data. */
export function refusalPage(language: PortalLanguage, problem: string, creditorName: string | undefined, tooMany = false): string {
  const t = portalTexts[language];
  const paragraphs = tooMany ? [t.tooMany] : [t.bad[problem] ?? t.bad.invalid!, creditorName ? t.reach(creditorName) : t.reachUnknown];
  return layout(language, t.badTitle, `<h1>${esc(t.badTitle)}</h1>${paragraphs.map((p) => `<p>${esc(p)}</p>`).join('')}`);
}

export interface FormState {
  csrf: string;
  /** A fresh idempotency key per rendered form. */
  newKey(): string;
  /** The form that failed and its message, shown beside it (its <details> open). */
  error?: { form: string; message: string };
}

/** The portal's first page: creditor, what is due today itemised, Pix, and the debtor's actions as forms. */
export function accountPage(language: PortalLanguage, base: string, view: PortalView, forms: FormState): string {
  const t = portalTexts[language];
  const money = (minor: number, currency: string) => esc(displayAmount(minor, currency, language));
  const date = (iso: string) => esc(dateTimeFormat(language, { dateStyle: 'short', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`)));
  const c = view.creditor;
  const action = (path: string) => `${esc(base)}/${path}?lang=${language}`;
  const hidden = () =>
    `<input type="hidden" name="csrf" value="${esc(forms.csrf)}"><input type="hidden" name="idempotency_key" value="${esc(forms.newKey())}">`;
  const errorFor = (form: string) => (forms.error?.form === form ? `<p class="error" role="alert" id="${form}-error">${esc(forms.error.message)}</p>` : '');
  const open = (form: string) => (forms.error?.form === form ? ' open' : '');
  const payable = view.invoices.filter((i) => !i.disputed);

  const invoices = view.invoices
    .map((i) => {
      const line = (label: string, minor: number, sign = '') => (minor > 0 ? `<dt>${esc(label)}</dt><dd>${sign}${money(minor, i.currency)}</dd>` : '');
      return (
        `<div class="card"><strong>${esc(t.invoice)} ${esc(i.number)}</strong><br><small>${esc(t.dueDate)} ${date(i.dueDate)}` +
        (i.daysOverdue > 0 ? ` · ${esc(t.daysOverdue(i.daysOverdue))}` : '') +
        `</small><dl>${line(t.open, i.openMinor)}${line(t.lateFee, i.lateFeeMinor)}${line(t.interest, i.interestMinor)}${line(t.compensation, i.compensationMinor)}` +
        `${line(t.discount, i.discountMinor, '− ')}<dt><strong>${esc(t.total)}</strong></dt><dd><strong>${money(i.dueTodayMinor, i.currency)}</strong></dd></dl>` +
        (i.disputed ? `<p class="muted">${esc(t.disputed)}</p>` : '') +
        (i.promisedDate ? `<p class="muted">${esc(t.promised(date(i.promisedDate)))}</p>` : '') +
        `</div>`
      );
    })
    .join('');

  const pay = view.pix
    ? `<h2>${esc(t.pay)}</h2><div class="card"><p>${esc(t.pixHelp)}</p><div role="img" aria-label="QR code Pix">${view.pix.qrSvg}</div>` +
      `<label for="pix">${esc(t.pixCode)}</label><textarea id="pix" rows="4" readonly>${esc(view.pix.code)}</textarea></div>`
    : view.invoices.length > 0
      ? `<p class="muted">${esc(t.noPix)}</p>`
      : '';

  const invoiceChecks = payable
    .map(
      (i) =>
        `<label class="check"><input type="checkbox" name="invoice" value="${esc(i.id)}" checked>${esc(t.invoice)} ${esc(i.number)} · ${money(i.dueTodayMinor, i.currency)}</label>`,
    )
    .join('');
  const options = (entries: readonly string[], labels: Record<string, string>) =>
    entries.map((k) => `<option value="${esc(k)}">${esc(labels[k] ?? k)}</option>`).join('');

  const actions =
    payable.length === 0
      ? ''
      : `<details${open('promise')}><summary>${esc(t.promise)}</summary><form method="post" action="${action('promise')}">${hidden()}${errorFor('promise')}` +
        `<label for="promised_date">${esc(t.promiseDate(date(view.promiseLatest)))}</label><input id="promised_date" name="promised_date" type="date" required min="${view.today}" max="${view.promiseLatest}"${forms.error?.form === 'promise' ? ' aria-describedby="promise-error"' : ''}>` +
        `<label for="amount">${esc(t.amount)}</label><input id="amount" name="amount" inputmode="decimal" autocomplete="off">` +
        `<fieldset style="border:0;padding:0;margin:0"><legend><strong>${esc(t.whichInvoices)}</strong></legend>${invoiceChecks}</fieldset>` +
        `<button type="submit">${esc(t.promiseButton)}</button></form></details>` +
        `<details${open('dispute')}><summary>${esc(t.dispute)}</summary><form method="post" action="${action('dispute')}">${hidden()}${errorFor('dispute')}` +
        `<label for="dispute-invoice">${esc(t.invoice)}</label><select id="dispute-invoice" name="invoice">${payable.map((i) => `<option value="${esc(i.id)}">${esc(i.number)}</option>`).join('')}</select>` +
        `<label for="dispute-reason">${esc(t.reason)}</label><select id="dispute-reason" name="reason">${options(portalDisputeReasons, t.disputeReasons)}</select>` +
        `<label for="dispute-text">${esc(t.details)}</label><textarea id="dispute-text" name="text" rows="3" maxlength="2000"></textarea>` +
        `<button type="submit">${esc(t.disputeButton)}</button></form></details>` +
        `<details${open('late-reason')}><summary>${esc(t.why)}</summary><form method="post" action="${action('late-reason')}">${hidden()}${errorFor('late-reason')}` +
        `<label for="late-category">${esc(t.reason)}</label><select id="late-category" name="category">${options(lateReasonCategories, t.lateReasons)}</select>` +
        `<label for="late-text">${esc(t.details)}</label><textarea id="late-text" name="text" rows="3" maxlength="2000"></textarea>` +
        `<button type="submit">${esc(t.whyButton)}</button></form></details>`;

  const contacts =
    view.contacts.length === 0
      ? ''
      : `<details${open('opt-out')}><summary>${esc(t.channels)}</summary>${errorFor('opt-out')}` +
        view.contacts
          .map(
            (contact) =>
              `<form method="post" action="${action('opt-out')}" class="card">${hidden()}<input type="hidden" name="contact" value="${esc(contact.id)}">` +
              `<strong>${esc(t.channelNames[contact.channel] ?? contact.channel)}</strong> ${esc(contact.address)}` +
              (contact.optedOut ? ` <small>(${esc(t.stopped)})</small>` : `<button type="submit">${esc(t.stop)}</button>`) +
              `</form>`,
          )
          .join('') +
        `</details>`;

  const totals = view.totals.map((x) => `<p class="total">${money(x.dueTodayMinor, x.currency)}</p>`).join('');
  const body =
    `<p><small>${esc(t.creditor)}: ${esc(c.legalName)}${c.taxId ? ` · ${esc(t.taxId)} ${esc(c.taxId)}` : ''}${c.address ? ` · ${esc(c.address)}` : ''}</small></p>` +
    `<h1>${esc(t.hello(view.customerName))}</h1>` +
    (view.invoices.length === 0
      ? `<p class="card ok">${esc(t.nothingOpen)}</p>`
      : `<div class="card"><p>${esc(t.dueToday)} (${date(view.today)})</p>${totals}</div>${pay}<h2>${esc(t.invoices)}</h2>${invoices}`) +
    actions +
    contacts;
  return layout(language, `${t.title} · ${c.name}`, body, base);
}

/** The answer to a form: what was recorded, and the way back. */
export function donePage(
  language: PortalLanguage,
  base: string,
  action: 'promise' | 'dispute' | 'late_reason' | 'opt_out',
  outcome: Record<string, unknown>,
): string {
  const t = portalTexts[language];
  const details = { ...outcome };
  if (typeof outcome.amount === 'string' && typeof outcome.currency === 'string') {
    const amount = parseAmount(outcome.amount, outcome.currency);
    if (amount.ok) details.amount_display = displayAmount(amount.minor, outcome.currency, language);
  }
  if (typeof outcome.promised_date === 'string')
    details.date_display = dateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${outcome.promised_date}T00:00:00Z`));
  return layout(
    language,
    t.thanks,
    `<div class="card ok" role="status"><h1>${esc(t.thanks)}</h1><p>${esc(t.done[action](details))}</p></div><p><a href="${esc(base)}?lang=${language}">${esc(t.back)}</a></p>`,
    base,
  );
}
