import { ifPaymentMeans, type LanguagePack } from '../language-pack.ts';

const oneOrMany = (one: string, many: string) => `{% if invoices.size == 1 %}${one}{% else %}${many}{% endif %}`;

export const es: LanguagePack = {
  language: 'es',
  greeting: 'Hola, {{ contact.name | default: customer.name }}:',
  shortGreeting: '¡Hola, {{ contact.name | default: customer.name }}!',
  shortFrom: 'Le escribe {{ creditor.name }} (Id. fiscal {{ creditor.taxId }}).',
  taxIdLabel: 'Id. fiscal',
  invoicesHeading: 'Facturas pendientes',
  paidHeading: 'Facturas pagadas con este pago',
  columns: { number: 'Factura', dueDate: 'Vencimiento', amount: 'Importe', daysOverdue: 'Días de atraso', paid: 'Importe pagado' },
  invoiceLine:
    '- Factura {{ invoice.number }} · vencimiento {{ invoice.dueDate | local_date }} · {{ invoice.amount }}' +
    '{% if invoice.daysOverdue > 0 %} · {{ invoice.daysOverdue }} {% if invoice.daysOverdue == 1 %}día{% else %}días{% endif %} de atraso{% endif %}',
  paidLine: '- Factura {{ invoice.number }} · vencimiento {{ invoice.dueDate | local_date }} · pagado {{ invoice.amount }}',
  totalLine:
    'Total pendiente al {{ asOf | local_date }}: {{ totals.amount }}{% if totals.fees %} (incluye {{ totals.fees }} de recargos e intereses){% endif %}',
  discountLine:
    'Descuento por pronto pago: si paga hasta el {{ discount.until | local_date }}, el total queda en {{ discount.total }} ({{ discount.amount }} de descuento).',
  paymentHeading: 'Cómo pagar',
  pixLabel: 'Pix (copiar y pegar)',
  boletoLabel: 'Línea digitable del boleto',
  cardLabel: 'Tarjeta',
  portalText: 'Consulte sus facturas, pague, elija una fecha o escríbanos:',
  portalButton: 'Ver facturas y pagar',
  shortLink: 'Ver y pagar',
  noLink: 'responda a este mensaje',
  shortNoLink: '¿Dudas? Responda a este mensaje.',
  ifPaid: 'Si ya realizó el pago, por favor ignore este mensaje, y muchas gracias.',
  signOff: 'Atentamente,',
  statementNote: 'El detalle de las facturas pendientes figura al final de esta carta.',
  optOut: {
    email: 'Para no recibir más estos recordatorios por correo electrónico, visite:',
    emailHtml: 'Para no recibir más estos recordatorios por correo electrónico,',
    emailHtmlLink: 'haga clic aquí',
    emailReply: 'Para no recibir más estos recordatorios por correo electrónico, responda a este mensaje con la palabra BAJA.',
    sms: 'Para no recibir más SMS:',
    smsReply: 'Para no recibir más SMS, responda BAJA.',
  },
  messages: {
    courtesy_reminder: {
      subject: '{{ creditor.name }}: recordatorio de vencimiento' + oneOrMany(' de la factura {{ invoices.first.number }}', ''),
      intro:
        'Le escribimos solo para recordarle que ' +
        oneOrMany('la factura siguiente vence', 'las facturas siguientes vencen') +
        ' en breve.' +
        ifPaymentMeans +
        ' Para su comodidad, incluimos los datos de pago en este mensaje.{% endif %}',
      closing: 'Si tiene cualquier duda sobre el cobro, basta con responder a este mensaje. ¡Gracias por su confianza!',
      short: 'Recordatorio amable de un vencimiento próximo.',
      shortInvoices: 'Factura(s)',
      shortTotal: 'Total al {{ asOf | local_date }}',
    },
    friendly_reminder: {
      subject: '{{ creditor.name }}: tenemos un pago pendiente',
      intro:
        'Esperamos que esté bien. Hasta hoy no hemos recibido el pago de ' +
        oneOrMany('la factura siguiente', 'las facturas siguientes') +
        '. Puede tratarse de un simple olvido.' +
        ifPaymentMeans +
        ' Para facilitarle las cosas, incluimos los datos de pago en este mensaje.{% endif %}',
      closing:
        'Si hay algún problema con el cobro o necesita más plazo, responda a este mensaje{% if portalUrl %} o use el enlace de arriba{% endif %}: encontraremos una solución juntos.',
      short: 'No hemos recibido el pago indicado; puede ser un simple olvido.',
      shortInvoices: 'Factura(s)',
      shortTotal: 'Total al {{ asOf | local_date }}',
    },
    whatsapp_reminder: {
      subject: '{{ creditor.name }}: recordatorio de pago',
      intro: 'Tiene un pago pendiente con nosotros.',
      closing: 'Si tiene dudas, basta con responder.',
      short: 'Recordatorio: tiene un pago pendiente con nosotros.',
      shortInvoices: 'Factura(s)',
      shortTotal: 'Total al {{ asOf | local_date }}',
    },
    firm_reminder: {
      subject: '{{ creditor.name }}: pago atrasado, le pedimos su atención',
      intro:
        'A pesar de nuestros recordatorios anteriores, ' +
        oneOrMany('la factura siguiente sigue pendiente', 'las facturas siguientes siguen pendientes') +
        '. Le pedimos que regularice el pago{% if deadline %} antes del {{ deadline | local_date }}{% else %} lo antes posible{% endif %}, o que se ponga en contacto con nosotros para acordar una fecha o un plan de pagos.',
      closing:
        'Queremos resolverlo de forma sencilla. Si hay algún motivo para el atraso, como un problema con el producto, el servicio o la propia factura, cuéntenoslo.',
      short: 'Su pago está atrasado; le pedimos que lo regularice o nos contacte.',
      shortInvoices: 'Factura(s)',
      shortTotal: 'Total al {{ asOf | local_date }}',
    },
    letter_firm: {
      subject: 'Aviso de deuda pendiente',
      intro:
        'A pesar de nuestros contactos anteriores, no hemos recibido el pago de ' +
        oneOrMany('la factura indicada', 'las facturas indicadas') +
        ' en el detalle al final de esta carta. ' +
        'Le pedimos que regularice el pago{% if deadline %} antes del {{ deadline | local_date }}{% else %} lo antes posible{% endif %}, o que se ponga en contacto con nosotros para acordar una fecha o un plan de pagos.',
      closing: 'Si hay algún motivo para el atraso, o si no está de acuerdo con algún importe, contáctenos: queremos encontrar una solución.',
    },
    final_notice: {
      subject: '{{ creditor.name }}: aviso previo sobre una deuda pendiente',
      intro:
        'Hasta la fecha no hemos recibido el pago de ' +
        oneOrMany('la factura indicada', 'las facturas indicadas') +
        ' en esta comunicación, a pesar de nuestros contactos anteriores.\n\n' +
        'Le informamos por escrito que, si la deuda no se paga o se negocia ' +
        '{% if deadline %}antes del {{ deadline | local_date }}{% else %}en un plazo de 10 (diez) días desde la recepción de esta comunicación{% endif %}, ' +
        'los datos de esta deuda podrán ser comunicados a un sistema de información crediticia, conforme a la normativa aplicable.\n\n' +
        'Puede evitarlo pagando' +
        ifPaymentMeans +
        ' por los medios indicados{% endif %} o contactándonos para acordar un plan de pagos. ' +
        'Si no reconoce la deuda o ya la pagó, avísenos dentro de ese plazo para que podamos verificarlo.',
      closing: 'Una vez pagada la deuda en su totalidad, solicitaremos la cancelación de cualquier anotación sin demora. Quedamos a su disposición.',
    },
    plan_instalment_reminder: {
      subject: '{{ creditor.name }}: recordatorio de la cuota de su plan de pagos',
      intro:
        'Le recordamos la cuota del plan de pagos que acordamos{% if deadline %}, con vencimiento el {{ deadline | local_date }}{% endif %}. ' +
        'Mantener las cuotas al día mantiene vigente el acuerdo.',
      closing: 'Si tiene dificultades para pagar esta cuota, contáctenos antes del vencimiento para buscar una alternativa.',
      short: 'Recordatorio de la cuota de su plan de pagos.',
      shortInvoices: 'Cuota(s)',
      shortTotal: 'Importe al {{ asOf | local_date }}',
    },
    payment_receipt: {
      subject: '{{ creditor.name }}: hemos recibido su pago, ¡gracias!',
      intro: 'Confirmamos la recepción de su pago de {{ totals.amount }} el {{ asOf | local_date }}. ¡Muchas gracias!',
      closing: 'Conserve este mensaje como comprobante.{% if portalUrl %} Puede consultar su situación en cualquier momento.{% endif %}',
      short: 'Hemos recibido su pago, ¡muchas gracias!',
      shortInvoices: 'Factura(s) pagadas',
      shortTotal: 'Importe recibido el {{ asOf | local_date }}',
      totalLine: 'Total recibido el {{ asOf | local_date }}: {{ totals.amount }}',
      shortLink: 'Su cuenta',
      table: 'paid',
      asksForPayment: false,
    },
  },
  callScript: `Guion de llamada: {{ customer.name }} ({{ customer.externalId }})

1. Presentación
"Buenos días. Me llamo [su nombre] y llamo en nombre de {{ creditor.name }} ({{ creditor.legalName }}, Id. fiscal {{ creditor.taxId }}). ¿Podría hablar con {{ contact.name | default: customer.name }}, por favor?"
Si contesta otra persona, no mencione la deuda ni el motivo de la llamada: deje solo su nombre, el nombre de la empresa y un teléfono de contacto.

2. Motivo de la llamada (solo con la persona responsable)
"Le llamo por ${oneOrMany('una factura que figura pendiente', '{{ invoices.size }} facturas que figuran pendientes')}:"
{% for invoice in invoices %}@@INVOICE_LINE@@
{% endfor %}
@@TOTAL_LINE@@

3. Escuchar
Pregunte con calma y sin juzgar si hubo algún motivo para el atraso (olvido, liquidez, no recibió la factura, problema con el producto o servicio, contacto equivocado) y registre la respuesta.

4. Proponer una solución
- Pagar ahora: ofrezca enviar los datos de pago o el enlace de pago con tarjeta{% if portalUrl %} (portal del cliente: {{ portalUrl }}){% endif %}.
- Promesa de pago: acuerde una fecha y un importe y registre la promesa.
- Plan de pagos: si no puede pagar de una vez, ofrezca un plan dentro de las reglas de la empresa.
- Disputa: si el cliente no está de acuerdo con un importe, registre la disputa; el cobro de esa factura queda suspendido hasta su revisión.

5. Cierre
Confirme lo acordado, agradezca su tiempo y registre el resultado de la llamada.

Recuerde: sea cordial; llame solo en días hábiles y en el horario permitido del cliente; respete la petición de no recibir más llamadas.`,
};
