import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkTemplate, type ComplianceProblem, type TemplateUnderReview } from './template-compliance.ts';

const identified = '{{ creditor.name }} · {{ creditor.taxId }}';
const optOut = 'Descadastre-se: {{ optOutUrl }}';

function problems(template: TemplateUnderReview): ComplianceProblem[] {
  const result = checkTemplate(template);
  return result.ok ? [] : result.problems;
}

function flaggedTerms(body: string, language: string): (string | undefined)[] {
  return problems({ body: `${body}\n${identified}`, language, channel: 'whatsapp' }).map((p) => p.term);
}

describe('checkTemplate', () => {
  it('accepts a polite e-mail that identifies the creditor and offers an opt-out', () => {
    const result = checkTemplate({
      subject: 'Lembrete de pagamento',
      body: `Olá, {{ customer.name }}. Consta uma fatura em aberto.\n${identified}\n${optOut}`,
      language: 'pt-BR',
      channel: 'email',
    });
    assert.deepEqual(result, { ok: true });
  });

  it('flags threats, humiliation and exposure in each language, naming the term and its category', () => {
    const cases: [string, string, ComplianceProblem['code'], string][] = [
      ['pt-BR', 'Se não pagar, vamos chamar a polícia.', 'threatening_language', 'polícia'],
      ['pt-BR', 'Você pode acabar na cadeia.', 'threatening_language', 'cadeia'],
      ['pt-BR', 'Abriremos um processo criminal.', 'threatening_language', 'processo criminal'],
      ['pt-BR', 'Que vergonha atrasar assim.', 'humiliating_language', 'vergonha'],
      ['pt-BR', 'Não seja caloteiro.', 'humiliating_language', 'caloteiro'],
      ['pt-BR', 'Vamos expor a dívida.', 'third_party_exposure', 'expor'],
      ['es', 'Llamaremos a la policía.', 'threatening_language', 'policía'],
      ['es', 'Puede terminar en la cárcel.', 'threatening_language', 'cárcel'],
      ['es', 'Será declarado moroso público.', 'humiliating_language', 'moroso público'],
      ['es', 'Avisaremos a sus vecinos.', 'third_party_exposure', 'sus vecinos'],
      ['en', 'We will call the police.', 'threatening_language', 'police'],
      ['en', 'You could go to jail.', 'threatening_language', 'jail'],
      ['en', 'Only a deadbeat ignores this.', 'humiliating_language', 'deadbeat'],
      ['en', 'We will tell your employer.', 'third_party_exposure', 'tell your employer'],
    ];
    for (const [language, sentence, code, term] of cases) {
      const found = problems({ body: `${sentence}\n${identified}`, language, channel: 'letter' });
      assert.ok(
        found.some((p) => p.code === code && p.term === term),
        `${language}: "${sentence}" should be flagged as ${code} (${term}); got ${JSON.stringify(found)}`,
      );
    }
  });

  it('ignores accents and case', () => {
    assert.ok(flaggedTerms('VAMOS CHAMAR A POLICIA', 'pt-BR').includes('polícia'));
    assert.ok(flaggedTerms('Irá para a Prisao', 'pt-BR').includes('prisão'));
    assert.ok(flaggedTerms('la POLICIA', 'es').includes('policía'));
    assert.ok(flaggedTerms('You should be ASHAMED', 'en').includes('ashamed'));
  });

  it('matches whole words only', () => {
    assert.deepEqual(flaggedTerms('Sua empresa de exportação está em dia com a nossa política.', 'pt-BR'), []);
    assert.deepEqual(flaggedTerms('See our privacy policy and the jailbreak-proof portal.', 'en'), []);
    assert.ok(flaggedTerms('vamos expor isso', 'pt-BR').includes('expor'));
  });

  it('matches phrases across line breaks and extra spaces', () => {
    assert.ok(flaggedTerms('we will tell\n   your   employer', 'en').includes('tell your employer'));
  });

  it('sees through HTML character references', () => {
    assert.ok(flaggedTerms('<p>chamaremos a pol&iacute;cia</p>', 'pt-BR').includes('polícia'));
    assert.ok(flaggedTerms('<p>chamaremos a pol&#237;cia</p>', 'pt-BR').includes('polícia'));
  });

  it('checks the subject as well as the body', () => {
    const found = problems({ subject: 'Última chance antes da polícia', body: `${identified}\n${optOut}`, language: 'pt-BR', channel: 'email' });
    assert.deepEqual(
      found.map((p) => p.term),
      ['polícia'],
    );
  });

  it('checks an unknown language against every list', () => {
    assert.ok(flaggedTerms('appel à la police', 'fr').includes('police'));
  });

  it('requires the creditor name and tax id, as variables or as rendered values', () => {
    const missingBoth = problems({ body: 'Olá. Consta uma fatura em aberto.', language: 'pt-BR', channel: 'letter' });
    assert.deepEqual(
      missingBoth.map((p) => p.code),
      ['missing_creditor_identification'],
    );

    const nameOnly = problems({ body: 'Att., {{ creditor.name }}', language: 'pt-BR', channel: 'letter' });
    assert.deepEqual(
      nameOnly.map((p) => p.code),
      ['missing_creditor_identification'],
    );

    const legalName = problems({ body: '{{ creditor.legalName }} - CNPJ {{ creditor.taxId | upcase }}', language: 'pt-BR', channel: 'letter' });
    assert.deepEqual(legalName, []);

    const creditor = { name: 'Padaria Boa Massa', legalName: 'Boa Massa Alimentos Ltda.', taxId: '12.345.678/0001-95' };
    const literal = problems({ body: 'Padaria Boa Massa, CNPJ 12345678000195', language: 'pt-BR', channel: 'letter', creditor });
    assert.deepEqual(literal, []);
    const otherCompany = problems({ body: 'Outra Empresa, CNPJ 12345678000195', language: 'pt-BR', channel: 'letter', creditor });
    assert.deepEqual(
      otherCompany.map((p) => p.code),
      ['missing_creditor_identification'],
    );
  });

  it('does not count a variable that is only mentioned in plain text', () => {
    const found = problems({ body: 'creditor.name creditor.taxId', language: 'en', channel: 'letter' });
    assert.deepEqual(
      found.map((p) => p.code),
      ['missing_creditor_identification'],
    );
  });

  it('requires an opt-out in e-mail and SMS, but not in WhatsApp, letters or call scripts', () => {
    for (const channel of ['email', 'sms']) {
      const found = problems({ body: `Lembrete.\n${identified}`, language: 'pt-BR', channel });
      assert.deepEqual(
        found.map((p) => p.code),
        ['missing_opt_out'],
        channel,
      );
    }
    for (const channel of ['whatsapp', 'letter', 'call_task']) {
      assert.deepEqual(problems({ body: `Lembrete.\n${identified}`, language: 'pt-BR', channel }), [], channel);
    }
  });

  it('accepts an explicit opt-out sentence instead of the link', () => {
    const sentences: [string, string][] = [
      ['pt-BR', 'Para não receber mais mensagens, responda SAIR.'],
      ['es', 'Para darse de baja, responda BAJA.'],
      ['en', 'Reply STOP to opt out.'],
      ['en', 'Click here to unsubscribe.'],
    ];
    for (const [language, sentence] of sentences) {
      assert.deepEqual(problems({ body: `${sentence}\n${identified}`, language, channel: 'sms' }), [], sentence);
    }
  });

  it('reports every problem at once, each term once', () => {
    const found = problems({ body: 'Polícia! polícia! Que vergonha.', language: 'pt-BR', channel: 'email' });
    assert.deepEqual(
      found.map((p) => [p.code, p.term]),
      [
        ['threatening_language', 'polícia'],
        ['humiliating_language', 'vergonha'],
        ['missing_creditor_identification', undefined],
        ['missing_opt_out', undefined],
      ],
    );
  });
});
