import { ifPaymentMeans, type LanguagePack } from '../language-pack.ts';

const oneOrMany = (one: string, many: string) => `{% if invoices.size == 1 %}${one}{% else %}${many}{% endif %}`;

export const ptBR: LanguagePack = {
  language: 'pt-BR',
  greeting: 'Olá, {{ contact.name | default: customer.name }},',
  shortGreeting: 'Olá, {{ contact.name | default: customer.name }}!',
  shortFrom: 'Aqui é {{ creditor.name }} (CNPJ/CPF {{ creditor.taxId }}).',
  taxIdLabel: 'CNPJ/CPF',
  invoicesHeading: 'Faturas em aberto',
  paidHeading: 'Faturas pagas com este pagamento',
  columns: { number: 'Fatura', dueDate: 'Vencimento', amount: 'Valor', daysOverdue: 'Dias em atraso', paid: 'Valor pago' },
  invoiceLine:
    '- Fatura {{ invoice.number }} · vencimento {{ invoice.dueDate | local_date }} · {{ invoice.amount }}' +
    '{% if invoice.daysOverdue > 0 %} · {{ invoice.daysOverdue }} {% if invoice.daysOverdue == 1 %}dia{% else %}dias{% endif %} em atraso{% endif %}',
  paidLine: '- Fatura {{ invoice.number }} · vencimento {{ invoice.dueDate | local_date }} · pago {{ invoice.amount }}',
  totalLine: 'Total em aberto em {{ asOf | local_date }}: {{ totals.amount }}{% if totals.fees %} (inclui {{ totals.fees }} de multa e juros){% endif %}',
  discountLine:
    'Desconto por pagamento antecipado: pagando até {{ discount.until | local_date }}, o total fica {{ discount.total }} ({{ discount.amount }} de desconto).',
  paymentHeading: 'Como pagar',
  pixLabel: 'Pix copia e cola',
  boletoLabel: 'Linha digitável do boleto',
  cardLabel: 'Cartão de crédito',
  portalText: 'Veja suas faturas, pague, escolha uma data ou fale conosco:',
  portalButton: 'Ver faturas e pagar',
  shortLink: 'Ver e pagar',
  noLink: 'responda a esta mensagem',
  shortNoLink: 'Dúvidas? É só responder a esta mensagem.',
  ifPaid: 'Se o pagamento já foi feito, por favor desconsidere esta mensagem, e obrigado.',
  signOff: 'Atenciosamente,',
  statementNote: 'O demonstrativo das faturas em aberto segue ao final desta carta.',
  optOut: {
    email: 'Para não receber mais estes lembretes por e-mail, acesse:',
    emailHtml: 'Para não receber mais estes lembretes por e-mail,',
    emailHtmlLink: 'clique aqui',
    emailReply: 'Para não receber mais estes lembretes por e-mail, responda a esta mensagem com a palavra DESCADASTRAR.',
    sms: 'Para não receber mais SMS:',
    smsReply: 'Para não receber mais SMS, responda SAIR.',
  },
  messages: {
    courtesy_reminder: {
      subject: '{{ creditor.name }}: lembrete de vencimento' + oneOrMany(' da fatura {{ invoices.first.number }}', ''),
      intro:
        'Este é apenas um lembrete amigável: ' +
        oneOrMany('a fatura abaixo vence', 'as faturas abaixo vencem') +
        ' em breve.' +
        ifPaymentMeans +
        ' Para sua comodidade, os dados para pagamento seguem nesta mensagem.{% endif %}',
      closing: 'Se tiver qualquer dúvida sobre a cobrança, é só responder a esta mensagem. Obrigado pela parceria!',
      short: 'Lembrete amigável de vencimento próximo.',
      shortInvoices: 'Fatura(s)',
      shortTotal: 'Total em {{ asOf | local_date }}',
    },
    friendly_reminder: {
      subject: '{{ creditor.name }}: identificamos um pagamento pendente',
      intro:
        'Tudo bem? Até agora não identificamos o pagamento ' +
        oneOrMany('da fatura abaixo', 'das faturas abaixo') +
        '. Pode ter sido apenas um esquecimento.' +
        ifPaymentMeans +
        ' Para facilitar, deixamos os dados para pagamento nesta mensagem.{% endif %}',
      closing:
        'Se houver algum problema com a cobrança ou se precisar de mais prazo, responda a esta mensagem{% if portalUrl %} ou use o link acima{% endif %}: encontraremos uma solução juntos.',
      short: 'Não identificamos o pagamento abaixo; pode ter sido um esquecimento.',
      shortInvoices: 'Fatura(s)',
      shortTotal: 'Total em {{ asOf | local_date }}',
    },
    whatsapp_reminder: {
      subject: '{{ creditor.name }}: lembrete de pagamento',
      intro: 'Consta pagamento pendente conosco.',
      closing: 'Qualquer dúvida, é só responder.',
      short: 'Lembrete: consta pagamento pendente conosco.',
      shortInvoices: 'Fatura(s)',
      shortTotal: 'Total em {{ asOf | local_date }}',
    },
    firm_reminder: {
      subject: '{{ creditor.name }}: pagamento em atraso, pedimos sua atenção',
      intro:
        'Apesar dos nossos lembretes anteriores, ' +
        oneOrMany('a fatura abaixo continua em aberto', 'as faturas abaixo continuam em aberto') +
        '. Pedimos que regularize o pagamento{% if deadline %} até {{ deadline | local_date }}{% else %} o quanto antes{% endif %}, ou que fale conosco para combinarmos uma data ou um parcelamento.',
      closing:
        'Queremos resolver isso de forma simples. Se houver algum motivo para o atraso, como um problema com o produto, o serviço ou a própria cobrança, conte para nós.',
      short: 'Seu pagamento está em atraso; pedimos que regularize ou fale conosco.',
      shortInvoices: 'Fatura(s)',
      shortTotal: 'Total em {{ asOf | local_date }}',
    },
    letter_firm: {
      subject: 'Aviso de débito em aberto',
      intro:
        'Apesar dos nossos contatos anteriores, não identificamos o pagamento ' +
        oneOrMany('da fatura', 'das faturas') +
        ' relacionada{% if invoices.size != 1 %}s{% endif %} no demonstrativo ao final desta carta. ' +
        'Pedimos que regularize o pagamento{% if deadline %} até {{ deadline | local_date }}{% else %} o quanto antes{% endif %}, ou que entre em contato para combinarmos uma data ou um parcelamento.',
      closing: 'Se houver algum motivo para o atraso, ou se discordar de algum valor, entre em contato: queremos encontrar uma solução.',
    },
    final_notice: {
      subject: '{{ creditor.name }}: aviso prévio sobre débito em aberto',
      intro:
        'Até o momento não identificamos o pagamento ' +
        oneOrMany('da fatura', 'das faturas') +
        ' indicada{% if invoices.size != 1 %}s{% endif %} nesta comunicação, apesar dos nossos contatos anteriores.\n\n' +
        'Em cumprimento ao art. 43, § 2º, do Código de Defesa do Consumidor, comunicamos por escrito que, se o débito não for pago ou negociado ' +
        '{% if deadline %}até {{ deadline | local_date }}{% else %}em até 10 (dez) dias a contar do recebimento desta comunicação{% endif %}, ' +
        'os dados deste débito poderão ser incluídos em cadastro de proteção ao crédito (como SPC, Serasa ou Boa Vista).\n\n' +
        'Você pode evitar a inclusão pagando' +
        ifPaymentMeans +
        ' pelos meios indicados{% endif %} ou entrando em contato para negociar um acordo ou parcelamento. ' +
        'Se não reconhece o débito ou já o pagou, avise-nos dentro desse prazo para que possamos verificar.',
      closing: 'Após o pagamento integral, pediremos a retirada de qualquer registro em até 5 (cinco) dias úteis. Estamos à disposição para conversar.',
    },
    plan_instalment_reminder: {
      subject: '{{ creditor.name }}: lembrete da parcela do seu acordo',
      intro:
        'Este é um lembrete da parcela do parcelamento que combinamos{% if deadline %}, com vencimento em {{ deadline | local_date }}{% endif %}. ' +
        'Manter as parcelas em dia mantém o acordo válido.',
      closing: 'Se tiver dificuldade para pagar esta parcela, fale conosco antes do vencimento para acharmos uma alternativa.',
      short: 'Lembrete da parcela do seu acordo de parcelamento.',
      shortInvoices: 'Parcela(s)',
      shortTotal: 'Valor em {{ asOf | local_date }}',
    },
    payment_receipt: {
      subject: '{{ creditor.name }}: recebemos seu pagamento, obrigado!',
      intro: 'Confirmamos o recebimento do seu pagamento de {{ totals.amount }} em {{ asOf | local_date }}. Muito obrigado!',
      closing: 'Guarde esta mensagem como comprovante.{% if portalUrl %} Sua situação pode ser consultada a qualquer momento.{% endif %}',
      short: 'Recebemos seu pagamento, muito obrigado!',
      shortInvoices: 'Fatura(s) pagas',
      shortTotal: 'Valor recebido em {{ asOf | local_date }}',
      totalLine: 'Total recebido em {{ asOf | local_date }}: {{ totals.amount }}',
      shortLink: 'Sua conta',
      table: 'paid',
      asksForPayment: false,
    },
  },
  callScript: `Roteiro de ligação: {{ customer.name }} ({{ customer.externalId }})

1. Apresentação
"Bom dia! Meu nome é [seu nome] e falo em nome de {{ creditor.name }} ({{ creditor.legalName }}, CNPJ/CPF {{ creditor.taxId }}). Por gentileza, falo com {{ contact.name | default: customer.name }}?"
Se outra pessoa atender, não mencione o débito nem o motivo da ligação: deixe apenas seu nome, o nome da empresa e um telefone para retorno.

2. Motivo da ligação (somente com a pessoa responsável)
"Estou ligando sobre ${oneOrMany('uma fatura que consta em aberto', '{{ invoices.size }} faturas que constam em aberto')}:"
{% for invoice in invoices %}@@INVOICE_LINE@@
{% endfor %}
@@TOTAL_LINE@@

3. Ouvir
Pergunte, com calma e sem julgamento, se houve algum motivo para o atraso (esquecimento, caixa, não recebeu a fatura, problema com o produto ou serviço, contato errado) e registre a resposta.

4. Propor uma solução
- Pagar agora: ofereça enviar o Pix copia e cola, o boleto ou o link de cartão{% if portalUrl %} (portal do cliente: {{ portalUrl }}){% endif %}.
- Promessa de pagamento: combine uma data e um valor e registre a promessa.
- Parcelamento: se não for possível pagar de uma vez, ofereça um parcelamento dentro das regras da empresa.
- Contestação: se o cliente discordar de um valor, registre a contestação; a cobrança dessa fatura fica suspensa até a análise.

5. Encerramento
Confirme o que foi combinado, agradeça a atenção e registre o resultado da ligação.

Lembretes: seja cordial; ligue apenas em dias úteis e no horário comercial do cliente; respeite o pedido de não receber mais ligações.`,
};
