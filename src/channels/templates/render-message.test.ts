import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkTemplate } from '../../domain/template-compliance.ts';
import { displayAmount } from '../../domain/money.ts';
import { languagePack } from './default-templates.ts';
import { templateChannels, templateKeys, templateLanguages, type MessageContext, type TemplateOverride } from './message-context.ts';
import {
  renderMessage,
  TemplateRejectedError,
  TemplateRenderError,
  UnknownTemplateError,
  validateTemplateOverride,
  whatsappTemplateFor,
} from './render-message.ts';
import { sampleMessageContext } from './sample-context.ts';

function context(overrides: Partial<MessageContext> = {}): MessageContext {
  return {
    creditor: {
      name: 'Padaria Boa Massa',
      legalName: 'Boa Massa Alimentos Ltda.',
      taxId: '11.222.333/0001-81',
      address: 'Rua das Flores, 100, São Paulo - SP',
    },
    customer: { name: 'Mercadinho Bom Preço', externalId: 'C-7' },
    invoices: [
      { number: 'NF-501', issueDate: '2026-09-01', dueDate: '2026-10-01', amount: displayAmount(123_456, 'BRL', 'pt-BR'), daysOverdue: 52 },
      { number: 'NF-502', issueDate: '2026-10-21', dueDate: '2026-11-21', amount: displayAmount(5_000, 'BRL', 'pt-BR'), daysOverdue: 1 },
    ],
    totals: { amount: displayAmount(130_456, 'BRL', 'pt-BR'), currency: 'BRL', fees: displayAmount(2_000, 'BRL', 'pt-BR') },
    portalUrl: 'https://regua.example/p/tok',
    optOutUrl: 'https://regua.example/o/tok',
    asOf: '2026-11-22',
    tone: 'friendly',
    ...overrides,
  };
}

const override = (fields: Partial<TemplateOverride> & Pick<TemplateOverride, 'body'>): TemplateOverride => ({
  key: 'friendly_reminder',
  channel: 'email',
  language: 'pt-BR',
  subject: 'Lembrete de {{ creditor.name }}',
  ...fields,
});

const politeBody = 'Olá, {{ customer.name }}. Total: {{ totals.amount }}.\n{{ creditor.name }} · CNPJ {{ creditor.taxId }}\nDescadastre-se: {{ optOutUrl }}';

describe('renderMessage with the shipped templates', () => {
  for (const language of templateLanguages) {
    for (const key of templateKeys) {
      for (const channel of templateChannels[key]) {
        it(`${key} / ${channel} / ${language}: shows the debtor, the invoices, the total and the creditor, and passes compliance`, () => {
          const ctx = sampleMessageContext(language);
          const message = renderMessage(key, channel, language, ctx);
          const everything = `${message.subject ?? ''}\n${message.text}`;

          assert.ok(message.text.includes(ctx.contact!.name!), 'greets the contact by name');
          assert.ok(message.text.includes(ctx.creditor.name), 'names the creditor');
          assert.ok(message.text.includes(ctx.creditor.taxId), "shows the creditor's tax id");
          assert.ok(message.text.includes(ctx.totals.amount), 'shows the total');
          // Letters print the invoices as a statement table in the PDF, not in the text.
          if (channel !== 'letter') {
            for (const invoice of ctx.invoices) assert.ok(message.text.includes(invoice.number), `lists invoice ${invoice.number}`);
          }
          if (channel === 'email') {
            assert.ok(message.subject && message.subject.length > 0, 'has a subject');
            const html = message.html ?? '';
            assert.ok(html.includes(ctx.creditor.taxId), 'the HTML part identifies the creditor');
            for (const invoice of ctx.invoices) assert.ok(html.includes(`>${invoice.number}<`), `HTML table row for ${invoice.number}`);
            assert.ok(html.includes(`href="${ctx.optOutUrl}"`), 'the HTML part links the opt-out');
          } else {
            assert.equal(message.html, undefined);
          }
          if (channel === 'email' || channel === 'sms') assert.ok(message.text.includes(ctx.optOutUrl!), 'carries the opt-out link');

          const rendered = checkTemplate({ body: everything, language, channel, creditor: ctx.creditor });
          assert.deepEqual(rendered, { ok: true });
          if (message.html) assert.deepEqual(checkTemplate({ body: message.html, language, channel, creditor: ctx.creditor }), { ok: true });
        });
      }
    }
  }

  it('SMS and WhatsApp texts stay short', () => {
    for (const language of templateLanguages) {
      for (const key of templateKeys) {
        for (const channel of templateChannels[key].filter((c) => c === 'sms' || c === 'whatsapp')) {
          const { text } = renderMessage(key, channel, language, sampleMessageContext(language));
          assert.ok(text.length <= 480, `${key}/${channel}/${language} is ${text.length} characters`);
        }
      }
    }
  });

  it('escapes values in the HTML part but not in the text part', () => {
    const message = renderMessage('friendly_reminder', 'email', 'en', context({ customer: { name: 'Tom & <b>Jerry</b>', externalId: 'x' } }));
    assert.ok(message.text.includes('Hello Tom & <b>Jerry</b>,'));
    assert.ok(message.html?.includes('Tom &amp; &lt;b&gt;Jerry&lt;/b&gt;'));
    assert.ok(!message.html?.includes('<b>Jerry'));
  });

  it('lists each invoice with its due date, amount and days overdue, and the total with fees', () => {
    const { text } = renderMessage('firm_reminder', 'email', 'pt-BR', context());
    const brl = (minor: number) => displayAmount(minor, 'BRL', 'pt-BR');
    assert.ok(text.includes(`- Fatura NF-501 · vencimento 01/10/2026 · ${brl(123_456)} · 52 dias em atraso`));
    assert.ok(text.includes(`- Fatura NF-502 · vencimento 21/11/2026 · ${brl(5_000)} · 1 dia em atraso`));
    assert.ok(text.includes(`Total em aberto em 22/11/2026: ${brl(130_456)} (inclui ${brl(2_000)} de multa e juros)`));
  });

  it('shows the payment block only with payment means, and each means given', () => {
    const without = renderMessage('friendly_reminder', 'email', 'pt-BR', context());
    assert.ok(!without.text.includes('Como pagar'));
    const pix = '00020126330014br.gov.bcb.pix0111123456789015204000053039865802BR5905Teste6006Cidade62070503***6304ABCD';
    const withPix = renderMessage('friendly_reminder', 'email', 'pt-BR', context({ payment: { pixCode: pix, cardLink: 'https://pay.example/c' } }));
    assert.ok(withPix.text.includes(`Como pagar:\nPix copia e cola:\n${pix}`));
    assert.ok(withPix.text.includes('https://pay.example/c'));
    assert.ok(!withPix.text.includes('Linha digitável'));
  });

  it('shows the early-payment discount only when there is one, in every language, in the e-mail (text and HTML) and the letter', () => {
    const discount = { amount: 'R$ 20,00', until: '2026-12-09', total: 'R$ 980,00' };
    const expected = {
      'pt-BR': 'Desconto por pagamento antecipado: pagando até 09/12/2026, o total fica R$ 980,00 (R$ 20,00 de desconto).',
      es: 'Descuento por pronto pago: si paga hasta el 09/12/2026, el total queda en R$ 980,00 (R$ 20,00 de descuento).',
      en: 'Early-payment discount: pay by Dec 9, 2026 and the total is R$ 980,00 (R$ 20,00 off).',
    };
    for (const language of templateLanguages) {
      const email = renderMessage('courtesy_reminder', 'email', language, context({ discount }));
      assert.ok(email.text.includes(expected[language]), `${language}: ${email.text}`);
      assert.ok(email.html?.includes(expected[language]), `${language} HTML`);
      assert.ok(renderMessage('letter_firm', 'letter', language, context({ discount })).text.includes(expected[language]), `${language} letter`);
      const without = renderMessage('courtesy_reminder', 'email', language, context());
      assert.ok(!without.text.includes(expected[language].slice(0, 12)), `${language} without a discount`);
      assert.ok(!without.html?.includes(expected[language].slice(0, 12)), `${language} HTML without a discount`);
    }
  });

  it('text that points at a link or at the payment details appears only when they are there, in every language', () => {
    const pointers = {
      'pt-BR': { link: 'use o link acima', details: 'dados para pagamento', smsLink: 'Ver e pagar:', account: 'pode ser consultada' },
      es: { link: 'use el enlace de arriba', details: 'datos de pago', smsLink: 'Ver y pagar:', account: 'Puede consultar su situación' },
      en: { link: 'use the link above', details: 'payment details are included', smsLink: 'View and pay:', account: 'check your account' },
    } as const;
    const pix = '00020126330014br.gov.bcb.pix0111123456789015204000053039865802BR5905Teste6006Cidade62070503***6304ABCD';
    for (const language of templateLanguages) {
      const p = pointers[language];
      const bare = context({ portalUrl: undefined, payment: undefined });
      const full = context({ payment: { pixCode: pix } });
      const friendly = (c: MessageContext) => renderMessage('friendly_reminder', 'email', language, c);
      for (const part of ['text', 'html'] as const) {
        assert.ok(
          !friendly(bare)[part]!.includes(p.link) && !friendly(bare)[part]!.includes(p.details),
          `${language} ${part}: no link, no payment details, no pointer`,
        );
        assert.ok(friendly(full)[part]!.includes(p.link) && friendly(full)[part]!.includes(p.details), `${language} ${part}: pointers when both are there`);
      }
      assert.ok(!renderMessage('courtesy_reminder', 'email', language, bare).text.includes(p.details), `${language}: courtesy reminder`);
      const sms = renderMessage('friendly_reminder', 'sms', language, bare).text;
      assert.ok(!sms.includes(p.smsLink), `${language} SMS without a portal link: ${sms}`);
      assert.ok(sms.includes(languagePack(language).shortNoLink), `${language} SMS says to reply instead`);
      assert.ok(renderMessage('friendly_reminder', 'sms', language, full).text.includes(`${p.smsLink} ${full.portalUrl}`));
      assert.ok(!renderMessage('payment_receipt', 'email', language, bare).text.includes(p.account), `${language} receipt`);
      assert.ok(renderMessage('payment_receipt', 'email', language, full).text.includes(p.account), `${language} receipt with a portal`);
    }
  });

  it('offers a reply opt-out when there is no opt-out link', () => {
    const email = renderMessage('friendly_reminder', 'email', 'pt-BR', context({ optOutUrl: undefined }));
    assert.ok(email.text.includes('responda a esta mensagem com a palavra DESCADASTRAR'));
    const sms = renderMessage('whatsapp_reminder', 'sms', 'en', context({ optOutUrl: undefined }));
    assert.ok(sms.text.endsWith('Reply STOP to opt out of texts.'));
  });

  it('the final notice gives the legal prior notice, with the deadline when known', () => {
    const pt = renderMessage('final_notice', 'letter', 'pt-BR', context({ deadline: '2026-12-05' })).text;
    assert.ok(pt.includes('art. 43, § 2º, do Código de Defesa do Consumidor'));
    assert.ok(pt.includes('até 05/12/2026'));
    assert.ok(pt.includes('cadastro de proteção ao crédito'));
    const ptNoDeadline = renderMessage('final_notice', 'email', 'pt-BR', context()).text;
    assert.ok(ptNoDeadline.includes('em até 10 (dez) dias a contar do recebimento desta comunicação'));
    const en = renderMessage('final_notice', 'email', 'en', context()).text;
    assert.ok(en.includes('we may report information about your account to credit bureaus'));
    const es = renderMessage('final_notice', 'email', 'es', context()).text;
    assert.ok(es.includes('sistema de información crediticia'));
  });

  it('the receipt thanks for the payment and asks for nothing', () => {
    const { text } = renderMessage('payment_receipt', 'email', 'en', context({ payment: { cardLink: 'https://pay.example/c' } }));
    assert.ok(text.includes(`We confirm receipt of your payment of ${displayAmount(130_456, 'BRL', 'pt-BR')} on Nov 22, 2026.`));
    assert.ok(!text.includes('How to pay'));
    assert.ok(!text.includes('already paid'));
  });

  it('the call script tells the collector not to disclose the debt to someone else', () => {
    const { text } = renderMessage('call_script', 'call_task', 'pt-BR', context());
    assert.ok(text.includes('Se outra pessoa atender, não mencione o débito'));
    assert.ok(text.includes('NF-501'));
  });

  it('falls back to the closest shipped language and formats dates for the requested one', () => {
    assert.ok(renderMessage('friendly_reminder', 'email', 'pt-PT', context()).text.startsWith('Olá,'));
    assert.ok(renderMessage('friendly_reminder', 'email', 'es-MX', context()).text.startsWith('Hola,'));
    assert.ok(renderMessage('friendly_reminder', 'email', 'fr', context()).text.startsWith('Hello'));
    assert.ok(renderMessage('firm_reminder', 'email', 'en-GB', context()).text.includes('due 1 Oct 2026'));
    assert.ok(renderMessage('firm_reminder', 'email', 'en-US', context()).text.includes('due Oct 1, 2026'));
  });

  it('refuses a key on a channel it has no template for', () => {
    assert.throws(() => renderMessage('letter_firm', 'sms', 'pt-BR', context()), UnknownTemplateError);
  });

  it('literal text in the language packs has no HTML special characters (it goes into the HTML part unescaped)', () => {
    for (const language of templateLanguages) {
      const pack = languagePack(language);
      const { messages, callScript: _callScript, ...rest } = pack;
      const strings = [...Object.values(messages).flatMap((m) => Object.values(m)), ...JSON.stringify(rest).split('","')];
      for (const value of strings) {
        if (typeof value !== 'string') continue;
        const literal = value.replace(/\{%[\s\S]*?%\}|\{\{[\s\S]*?\}\}/g, '');
        assert.doesNotMatch(literal, /[<>&]/, `${language}: ${value}`);
      }
    }
  });
});

describe('template overrides', () => {
  it('replace the default for the same key, channel and language', () => {
    const edited = override({ body: politeBody });
    const message = renderMessage('friendly_reminder', 'email', 'pt-BR', context(), [edited]);
    assert.equal(message.subject, 'Lembrete de Padaria Boa Massa');
    assert.ok(message.text.startsWith(`Olá, Mercadinho Bom Preço. Total: ${displayAmount(130_456, 'BRL', 'pt-BR')}.`));
    // The default for another language or channel is untouched.
    assert.ok(renderMessage('friendly_reminder', 'email', 'en', context(), [edited]).text.startsWith('Hello'));
    assert.ok(renderMessage('friendly_reminder', 'sms', 'pt-BR', context(), [edited]).text.startsWith('Olá, Mercadinho Bom Preço!'));
  });

  it('match a regional language tag of the same language', () => {
    const edited = override({ body: politeBody, language: 'pt' });
    assert.ok(renderMessage('friendly_reminder', 'email', 'pt-BR', context(), [edited]).text.startsWith('Olá, Mercadinho Bom Preço. Total'));
  });

  it('get an escaped HTML part with clickable links when only text is given', () => {
    const edited = override({ body: `Olá, {{ customer.name }} <3\n\n${politeBody}` });
    const { html } = renderMessage('friendly_reminder', 'email', 'pt-BR', context(), [edited]);
    assert.ok(html?.includes('Olá, Mercadinho Bom Preço &lt;3'));
    assert.ok(html?.includes('<a href="https://regua.example/o/tok">https://regua.example/o/tok</a>'));
  });

  it('may carry their own HTML part, with values escaped', () => {
    const edited = override({
      body: politeBody,
      html: '<p>Olá, <b>{{ customer.name }}</b></p><p>{{ creditor.name }} {{ creditor.taxId }}</p><a href="{{ optOutUrl }}">descadastrar</a>',
    });
    const { html } = renderMessage('friendly_reminder', 'email', 'pt-BR', context({ customer: { name: 'A&B', externalId: 'x' } }), [edited]);
    assert.equal(html, '<p>Olá, <b>A&amp;B</b></p><p>Padaria Boa Massa 11.222.333/0001-81</p><a href="https://regua.example/o/tok">descadastrar</a>');
  });

  it('with a threat are refused on save and on render, naming the term', () => {
    const edited = override({ body: `${politeBody}\nSe não pagar, vamos chamar a polícia.` });
    const saved = validateTemplateOverride(edited);
    assert.equal(saved.ok, false);
    assert.deepEqual(!saved.ok && saved.problems.map((p) => [p.code, p.term]), [['threatening_language', 'polícia']]);
    assert.throws(
      () => renderMessage('friendly_reminder', 'email', 'pt-BR', context(), [edited]),
      (error: unknown) => error instanceof TemplateRejectedError && error.problems.some((p) => p.code === 'threatening_language' && p.term === 'polícia'),
    );
  });

  it('without the opt-out or the creditor identification are refused', () => {
    const result = validateTemplateOverride(override({ body: 'Olá, {{ customer.name }}. Pague logo.' }));
    assert.deepEqual(!result.ok && result.problems.map((p) => p.code).sort(), ['missing_creditor_identification', 'missing_opt_out']);
  });

  it('may spell out the creditor when saved with its data', () => {
    const creditor = context().creditor;
    const body = 'Olá, {{ customer.name }}.\nPadaria Boa Massa, CNPJ 11.222.333/0001-81\nDescadastre-se: {{ optOutUrl }}';
    assert.deepEqual(validateTemplateOverride(override({ body }), creditor), { ok: true });
  });

  it('with invalid Liquid, unknown filters or file access are refused', () => {
    const bodies = [
      `${politeBody} {% if %}`,
      `${politeBody} {{ customer.name | shout }}`,
      `${politeBody} {% include '/etc/passwd' %}`,
      `${politeBody} {% render 'secrets.liquid' %}`,
    ];
    for (const body of bodies) {
      const result = validateTemplateOverride(override({ body }));
      assert.equal(result.ok, false, body);
      assert.ok(!result.ok && result.problems.some((p) => p.code === 'invalid_template'), body);
    }
  });

  it('cannot read beyond the context: prototypes are hidden', () => {
    const edited = override({ body: `[{{ customer.constructor }}][{{ invoices.constructor.name }}][{{ creditor.__proto__ }}]\n${politeBody}` });
    const { text } = renderMessage('friendly_reminder', 'email', 'pt-BR', context(), [edited]);
    assert.ok(text.startsWith('[][][]'));
  });

  it('that would run away are stopped by the render limits', () => {
    const edited = override({ body: `${politeBody}\n{% for i in (1..100000000) %}{{ customer.name }}{% endfor %}` });
    const started = Date.now();
    assert.throws(() => renderMessage('friendly_reminder', 'email', 'pt-BR', context(), [edited]), TemplateRenderError);
    assert.ok(Date.now() - started < 5_000);
    const saved = validateTemplateOverride(edited);
    assert.ok(!saved.ok && saved.problems.some((p) => p.code === 'invalid_template'));
  });

  it('with an unknown key, an HTML part outside e-mail or no subject are refused', () => {
    const unknownKey = validateTemplateOverride({ ...override({ body: politeBody }), key: 'threat_letter' as never });
    assert.ok(!unknownKey.ok && unknownKey.problems.some((p) => p.code === 'unknown_template'));
    const htmlSms = validateTemplateOverride(override({ body: politeBody, channel: 'sms', html: '<p>x</p>' }));
    assert.ok(!htmlSms.ok && htmlSms.problems.some((p) => p.message.includes('HTML')));
    const noSubject = validateTemplateOverride(override({ body: politeBody, subject: undefined }));
    assert.ok(!noSubject.ok && noSubject.problems.some((p) => p.message.includes('subject')));
  });
});

describe('whatsappTemplateFor', () => {
  it('gives the template parameters in the order the shipped WhatsApp text shows them', () => {
    for (const language of templateLanguages) {
      const ctx = sampleMessageContext(language);
      for (const key of templateKeys.filter((k) => templateChannels[k].includes('whatsapp'))) {
        const template = whatsappTemplateFor(key, language, ctx);
        assert.equal(template.name, `regua_${key}`);
        assert.equal(template.parameters.length, 7);
        const { text } = renderMessage(key, 'whatsapp', language, ctx);
        let from = 0;
        for (const parameter of template.parameters) {
          const at = text.indexOf(parameter, from);
          assert.ok(at >= from, `${key}/${language}: "${parameter}" should follow position ${from} in:\n${text}`);
          from = at + parameter.length;
        }
      }
    }
  });

  it('never sends an empty or multi-line parameter', () => {
    const ctx = context({ portalUrl: undefined, customer: { name: 'Ana\n  Souza', externalId: 'x' } });
    const { parameters } = whatsappTemplateFor('whatsapp_reminder', 'pt-BR', ctx);
    assert.equal(parameters[0], 'Ana Souza');
    assert.equal(parameters[6], 'responda a esta mensagem');
  });
});
