import { ifPaymentMeans, type LanguagePack } from '../language-pack.ts';

const oneOrMany = (one: string, many: string) => `{% if invoices.size == 1 %}${one}{% else %}${many}{% endif %}`;

export const en: LanguagePack = {
  language: 'en',
  greeting: 'Hello {{ contact.name | default: customer.name }},',
  shortGreeting: 'Hello {{ contact.name | default: customer.name }}!',
  shortFrom: 'This is {{ creditor.name }} (Tax ID {{ creditor.taxId }}).',
  taxIdLabel: 'Tax ID',
  invoicesHeading: 'Open invoices',
  paidHeading: 'Invoices settled by this payment',
  columns: { number: 'Invoice', dueDate: 'Due date', amount: 'Amount', daysOverdue: 'Days overdue', paid: 'Amount paid' },
  invoiceLine:
    '- Invoice {{ invoice.number }} · due {{ invoice.dueDate | local_date }} · {{ invoice.amount }}' +
    '{% if invoice.daysOverdue > 0 %} · {{ invoice.daysOverdue }} {% if invoice.daysOverdue == 1 %}day{% else %}days{% endif %} overdue{% endif %}',
  paidLine: '- Invoice {{ invoice.number }} · due {{ invoice.dueDate | local_date }} · paid {{ invoice.amount }}',
  totalLine:
    'Total due as of {{ asOf | local_date }}: {{ totals.amount }}{% if totals.fees %} (including {{ totals.fees }} in late fees and interest){% endif %}',
  discountLine: 'Early-payment discount: pay by {{ discount.until | local_date }} and the total is {{ discount.total }} ({{ discount.amount }} off).',
  paymentHeading: 'How to pay',
  pixLabel: 'Pix (copy and paste)',
  boletoLabel: 'Boleto payment line',
  cardLabel: 'Pay by card',
  portalText: 'See your invoices, pay, choose a date or get in touch:',
  portalButton: 'View invoices and pay',
  shortLink: 'View and pay',
  noLink: 'reply to this message',
  shortNoLink: 'Questions? Just reply to this message.',
  ifPaid: 'If you have already paid, please disregard this message, and thank you.',
  signOff: 'Kind regards,',
  statementNote: 'A statement of the open invoices is printed at the end of this letter.',
  optOut: {
    email: 'To stop receiving these reminders by e-mail, unsubscribe here:',
    emailHtml: 'To stop receiving these reminders by e-mail,',
    emailHtmlLink: 'unsubscribe here',
    emailReply: 'To stop receiving these reminders by e-mail, reply to this message with the word UNSUBSCRIBE.',
    sms: 'To opt out of texts:',
    smsReply: 'Reply STOP to opt out of texts.',
  },
  messages: {
    courtesy_reminder: {
      subject: '{{ creditor.name }}: payment reminder' + oneOrMany(' for invoice {{ invoices.first.number }}', ''),
      intro:
        'Just a friendly reminder that ' +
        oneOrMany('the invoice below is', 'the invoices below are') +
        ' due soon.' +
        ifPaymentMeans +
        ' For your convenience, the payment details are included in this message.{% endif %}',
      closing: 'If you have any questions about this bill, simply reply to this message. Thank you for your business!',
      short: 'A friendly reminder of an upcoming due date.',
      shortInvoices: 'Invoice(s)',
      shortTotal: 'Total as of {{ asOf | local_date }}',
    },
    friendly_reminder: {
      subject: '{{ creditor.name }}: a payment is outstanding',
      intro:
        'We hope all is well. We have not yet received payment for ' +
        oneOrMany('the invoice below', 'the invoices below') +
        '. It may simply have slipped through.' +
        ifPaymentMeans +
        ' To make it easy, the payment details are included in this message.{% endif %}',
      closing:
        'If something is wrong with the bill or you need more time, reply to this message{% if portalUrl %} or use the link above{% endif %}, and we will find a solution together.',
      short: 'We have not received the payment below; it may simply have slipped through.',
      shortInvoices: 'Invoice(s)',
      shortTotal: 'Total as of {{ asOf | local_date }}',
    },
    whatsapp_reminder: {
      subject: '{{ creditor.name }}: payment reminder',
      intro: 'A payment to us is outstanding.',
      closing: 'Any questions, just reply.',
      short: 'Reminder: a payment to us is outstanding.',
      shortInvoices: 'Invoice(s)',
      shortTotal: 'Total as of {{ asOf | local_date }}',
    },
    firm_reminder: {
      subject: '{{ creditor.name }}: overdue payment, please give it your attention',
      intro:
        'Despite our earlier reminders, ' +
        oneOrMany('the invoice below is still unpaid', 'the invoices below are still unpaid') +
        '. Please bring the account up to date{% if deadline %} by {{ deadline | local_date }}{% else %} as soon as possible{% endif %}, or contact us to agree on a date or a payment plan.',
      closing:
        'We want to settle this simply. If there is a reason for the delay, such as a problem with the product, the service or the bill itself, please tell us.',
      short: 'Your payment is overdue; please bring it up to date or contact us.',
      shortInvoices: 'Invoice(s)',
      shortTotal: 'Total as of {{ asOf | local_date }}',
    },
    letter_firm: {
      subject: 'Notice of overdue balance',
      intro:
        'Despite our earlier contacts, we have not received payment for ' +
        oneOrMany('the invoice listed', 'the invoices listed') +
        ' in the statement at the end of this letter. ' +
        'Please bring the account up to date{% if deadline %} by {{ deadline | local_date }}{% else %} as soon as possible{% endif %}, or contact us to agree on a date or a payment plan.',
      closing: 'If there is a reason for the delay, or if you disagree with any amount, please contact us: we want to find a solution.',
    },
    final_notice: {
      subject: '{{ creditor.name }}: prior notice about your overdue balance',
      intro:
        'We have not yet received payment for ' +
        oneOrMany('the invoice listed', 'the invoices listed') +
        ' in this notice, despite our earlier contacts.\n\n' +
        'We are writing to let you know that if the balance is not paid or settled by agreement ' +
        '{% if deadline %}by {{ deadline | local_date }}{% else %}within 10 (ten) days of receiving this notice{% endif %}, ' +
        'we may report information about your account to credit bureaus. Late payments, missed payments, or other defaults on your account may be reflected in your credit report.\n\n' +
        'You can avoid this by paying' +
        ifPaymentMeans +
        ' with the details below{% endif %} or by contacting us to agree on a payment plan. ' +
        'If you do not recognise this balance or have already paid it, please let us know within that period so we can check.',
      closing: 'Once the balance is paid in full, we will promptly ask for any report to be updated. We are glad to talk.',
    },
    plan_instalment_reminder: {
      subject: '{{ creditor.name }}: reminder of your payment plan instalment',
      intro:
        'This is a reminder of the instalment of the payment plan we agreed{% if deadline %}, due on {{ deadline | local_date }}{% endif %}. ' +
        'Keeping the instalments on time keeps the plan in place.',
      closing: 'If paying this instalment is difficult, please contact us before the due date so we can find an alternative.',
      short: 'A reminder of your payment plan instalment.',
      shortInvoices: 'Instalment(s)',
      shortTotal: 'Amount as of {{ asOf | local_date }}',
    },
    payment_receipt: {
      subject: '{{ creditor.name }}: we received your payment, thank you!',
      intro: 'We confirm receipt of your payment of {{ totals.amount }} on {{ asOf | local_date }}. Thank you very much!',
      closing: 'Please keep this message as your receipt.{% if portalUrl %} You can check your account at any time.{% endif %}',
      short: 'We received your payment, thank you very much!',
      shortInvoices: 'Invoice(s) paid',
      shortTotal: 'Amount received on {{ asOf | local_date }}',
      totalLine: 'Total received on {{ asOf | local_date }}: {{ totals.amount }}',
      shortLink: 'Your account',
      table: 'paid',
      asksForPayment: false,
    },
  },
  callScript: `Call script: {{ customer.name }} ({{ customer.externalId }})

1. Introduction
"Good morning. My name is [your name] and I am calling on behalf of {{ creditor.name }} ({{ creditor.legalName }}, Tax ID {{ creditor.taxId }}). May I speak with {{ contact.name | default: customer.name }}, please?"
If someone else answers, do not mention the debt or the reason for the call: leave only your name, the company name and a call-back number.

2. Reason for the call (only with the responsible person)
"I am calling about ${oneOrMany('an invoice that is still open', '{{ invoices.size }} invoices that are still open')}:"
{% for invoice in invoices %}@@INVOICE_LINE@@
{% endfor %}
@@TOTAL_LINE@@

3. Listen
Ask calmly and without judgement whether there is a reason for the delay (forgot, cash flow, did not receive the invoice, a problem with the product or service, wrong contact) and record the answer.

4. Offer a solution
- Pay now: offer to send the payment details or the card payment link{% if portalUrl %} (customer portal: {{ portalUrl }}){% endif %}.
- Promise to pay: agree on a date and an amount and record the promise.
- Payment plan: if paying at once is not possible, offer a plan within the company's rules.
- Dispute: if the customer disagrees with an amount, record the dispute; collection of that invoice is paused until it is reviewed.

5. Close
Confirm what was agreed, thank them for their time and record the outcome of the call.

Remember: be courteous; call only on business days and within the customer's allowed hours; respect a request not to be called again.`,
};
