import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultTemplateSource } from '../../src/channels/templates/default-templates.ts';
import { templateChannels, templateKeys, templateLanguages, type MessageContext, type TemplateLanguage } from '../../src/channels/templates/message-context.ts';
import { renderMessage, TemplateRejectedError, validateTemplateOverride } from '../../src/channels/templates/render-message.ts';
import { checkTemplate } from '../../src/domain/template-compliance.ts';
import { displayAmount } from '../../src/domain/money.ts';

const markets = {
  'pt-BR': { currency: 'BRL', locale: 'pt-BR', taxId: '11.222.333/0001-81' },
  es: { currency: 'MXN', locale: 'es-MX', taxId: 'GODE561231GR8' },
  en: { currency: 'USD', locale: 'en-US', taxId: '12-3456789' },
} as const;

function contextFor(language: keyof typeof markets): MessageContext {
  const { currency, locale, taxId } = markets[language];
  const money = (minor: number) => displayAmount(minor, currency, locale);
  return {
    creditor: { name: 'Régua Demo', legalName: 'Régua Demo Comércio Ltda.', taxId, address: 'Rua Exemplo, 1, Cidade' },
    customer: { name: 'Cliente Exemplo', externalId: 'C-1' },
    invoices: [
      { number: 'A-1', issueDate: '2026-08-01', dueDate: '2026-09-01', amount: money(99_990), daysOverdue: 82 },
      { number: 'A-2', issueDate: '2026-09-01', dueDate: '2026-10-01', amount: money(10), daysOverdue: 52 },
    ],
    totals: { amount: money(100_000), currency },
    payment: { cardLink: 'https://pay.example/x' },
    portalUrl: 'https://regua.example/p/x',
    optOutUrl: 'https://regua.example/o/x',
    asOf: '2026-11-22',
    tone: 'neutral',
  };
}

describe('shipped templates', () => {
  it('every key renders in pt-BR, es and en on each of its channels, and passes compliance as source and as rendered text', () => {
    let rendered = 0;
    for (const language of templateLanguages) {
      const context = contextFor(language);
      for (const key of templateKeys) {
        for (const channel of templateChannels[key]) {
          const source = defaultTemplateSource(key, channel, language)!;
          const label = `${key}/${channel}/${language}`;
          assert.deepEqual(checkTemplate({ subject: source.subject, body: source.text, language, channel }), { ok: true }, `${label} text source`);
          if (source.html) assert.deepEqual(checkTemplate({ body: source.html, language, channel }), { ok: true }, `${label} HTML source`);

          const message = renderMessage(key, channel, language, context);
          assert.ok(message.text.includes('Cliente Exemplo') && message.text.includes(context.creditor.taxId), label);
          const result = checkTemplate({ subject: message.subject, body: message.text, language, channel, creditor: context.creditor });
          assert.deepEqual(result, { ok: true }, label);
          rendered++;
        }
      }
    }
    // 9 keys: 5 on three channels, whatsapp_reminder and final_notice on two, call_script and letter_firm on one.
    assert.equal(rendered, 3 * (5 * 3 + 2 * 2 + 2 * 1));
  });

  it('each language renders in that language: its own words, not the other two', () => {
    // Words common in collection messages that belong to one of the three languages only.
    const words: Record<TemplateLanguage, readonly string[]> = {
      'pt-BR': [
        'não',
        'você',
        'fatura',
        'faturas',
        'em',
        'do',
        'da',
        'sua',
        'seu',
        'obrigado',
        'olá',
        'vencimento',
        'pagamento',
        'conosco',
        'mensagem',
        'cobrança',
        'até',
      ],
      es: ['factura', 'facturas', 'el', 'la', 'los', 'las', 'del', 'y', 'su', 'usted', 'gracias', 'hola', 'vencimiento', 'con', 'mensaje', 'hasta', 'días'],
      en: ['the', 'and', 'your', 'you', 'invoice', 'invoices', 'due', 'of', 'to', 'please', 'thank', 'hello', 'payment', 'with', 'message', 'by'],
    };
    const score = (text: string, language: TemplateLanguage) => (text.toLowerCase().match(/\p{L}+/gu) ?? []).filter((w) => words[language].includes(w)).length;
    for (const key of templateKeys) {
      for (const channel of templateChannels[key]) {
        for (const language of templateLanguages) {
          const { subject, text } = renderMessage(key, channel, language, contextFor('en'));
          const all = `${subject ?? ''}\n${text}`;
          const own = score(all, language);
          const others = templateLanguages.filter((l) => l !== language).map((l) => score(all, l));
          assert.ok(own >= 4 && own > 2 * Math.max(...others), `${key}/${channel}/${language}: ${own} words of ${language}, ${others.join('/')} of the others`);
        }
      }
    }
  });
});

describe('an edited template that threatens the debtor', () => {
  const threatening = {
    key: 'firm_reminder' as const,
    channel: 'email' as const,
    language: 'pt-BR',
    subject: 'Último aviso de {{ creditor.name }}',
    body: 'Olá, {{ customer.name }}. Se não pagar até amanhã, vamos chamar a polícia.\n{{ creditor.name }} · {{ creditor.taxId }}\nDescadastrar: {{ optOutUrl }}',
  };

  it('cannot be saved, and the refusal names the term', () => {
    const result = validateTemplateOverride(threatening);
    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    assert.deepEqual(
      result.problems.map((p) => ({ code: p.code, term: p.term })),
      [{ code: 'threatening_language', term: 'polícia' }],
    );
    assert.match(result.problems[0]!.message, /polícia/);
  });

  it('is not rendered even if it reached the database', () => {
    assert.throws(
      () => renderMessage('firm_reminder', 'email', 'pt-BR', contextFor('pt-BR'), [threatening]),
      (error: unknown) => error instanceof TemplateRejectedError && error.problems.length === 1 && error.problems[0]!.term === 'polícia',
    );
  });
});
