import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { smtpTransport, type EmailMessage } from '../../src/channels/email/smtp-transport.ts';
import { letterPdf } from '../../src/channels/letter/letter-pdf.ts';
import { renderMessage } from '../../src/channels/templates/render-message.ts';
import { sampleMessageContext } from '../../src/channels/templates/sample-context.ts';
import { PermanentDeliveryError, TransientDeliveryError } from '../../src/channels/transport.ts';
import { startSmtpServer } from '../support/smtp-server.ts';

describe('e-mail over SMTP', () => {
  let server: Awaited<ReturnType<typeof startSmtpServer>>;
  before(async () => {
    server = await startSmtpServer({
      rejectRecipient: (address) =>
        address.startsWith('nobody@')
          ? { code: 550, message: '5.1.1 No such user' }
          : address.startsWith('busy@')
            ? { code: 451, message: '4.3.0 Mailbox busy, try later' }
            : undefined,
    });
  });
  after(() => server.close());

  async function reminder(idempotencyKey: string, to: string): Promise<EmailMessage> {
    const context = sampleMessageContext('pt-BR');
    const rendered = renderMessage('friendly_reminder', 'email', 'pt-BR', context);
    const pdf = await letterPdf({
      language: 'pt-BR',
      creditor: context.creditor,
      recipient: { name: context.customer.name, address: context.contact!.address },
      date: context.asOf,
      body: rendered.text,
      invoices: context.invoices,
    });
    return {
      idempotencyKey,
      channel: 'email',
      to,
      language: 'pt-BR',
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      attachments: [{ filename: 'faturas-em-aberto.pdf', contentType: 'application/pdf', content: pdf }],
      optOutUrl: context.optOutUrl,
    };
  }

  it('delivers the text, the HTML and the PDF to the server, with the idempotency key as Message-ID', async () => {
    const transport = smtpTransport(server.url, 'Cobrança Boa Massa <cobranca@boamassa.example>');
    const message = await reminder('outbox-1001', 'ana@mercadinho.example');
    const receipt = await transport.send(message);
    await transport.close?.();

    assert.deepEqual(receipt, { providerMessageId: '<outbox-1001@regua>', status: 'sent' });
    const mail = server.messages.find((m) => m.messageId === '<outbox-1001@regua>');
    assert.ok(mail, 'the server received the message');
    assert.deepEqual(mail.envelope, { from: 'cobranca@boamassa.example', to: ['ana@mercadinho.example'] });
    assert.equal(mail.subject, message.subject);
    assert.equal(mail.headers['list-unsubscribe'], `<${message.optOutUrl}>`);

    const text = mail.parts.find((p) => p.contentType === 'text/plain');
    const html = mail.parts.find((p) => p.contentType === 'text/html');
    const pdf = mail.parts.find((p) => p.contentType === 'application/pdf');
    assert.equal(text?.content.toString('utf8').replace(/\r\n/g, '\n'), message.text);
    assert.ok(html?.content.toString('utf8').includes('<table'));
    assert.equal(pdf?.filename, 'faturas-em-aberto.pdf');
    assert.ok(pdf?.content.equals(message.attachments![0]!.content), 'the attachment arrives byte for byte');
    assert.equal(pdf?.content.subarray(0, 5).toString('latin1'), '%PDF-');
  });

  it('a resend carries the same Message-ID, so the recipient side can recognise it', async () => {
    const transport = smtpTransport(server.url, 'cobranca@boamassa.example');
    const message = await reminder('outbox-2002', 'ana@mercadinho.example');
    await transport.send(message);
    await transport.send(message);
    const copies = server.messages.filter((m) => m.messageId === '<outbox-2002@regua>');
    assert.equal(copies.length, 2);
  });

  it('turns any idempotency key into a valid Message-ID', async () => {
    const transport = smtpTransport(server.url, 'cobranca@boamassa.example');
    const message = { ...(await reminder('org 7:step/3@x', 'ana@mercadinho.example')), optOutUrl: undefined };
    const receipt = await transport.send(message);
    assert.equal(receipt.providerMessageId, '<org=207=3Astep=2F3=40x@regua>');
    const mail = server.messages.find((m) => m.messageId === receipt.providerMessageId);
    assert.ok(mail);
    assert.equal(mail.headers['list-unsubscribe'], undefined, 'no opt-out URL, no List-Unsubscribe header');
  });

  it('a rejected recipient (5xx) is a permanent failure', async () => {
    const transport = smtpTransport(server.url, 'cobranca@boamassa.example');
    await assert.rejects(transport.send(await reminder('outbox-3003', 'nobody@mercadinho.example')), (error: unknown) => {
      assert.ok(error instanceof PermanentDeliveryError);
      assert.equal(error.code, 'smtp_550');
      assert.match(error.message, /No such user/);
      return true;
    });
  });

  it('a temporary refusal (4xx) is transient', async () => {
    const transport = smtpTransport(server.url, 'cobranca@boamassa.example');
    await assert.rejects(transport.send(await reminder('outbox-4004', 'busy@mercadinho.example')), TransientDeliveryError);
  });

  it('a server that is down is transient', async () => {
    const down = await startSmtpServer();
    await down.close();
    const transport = smtpTransport(down.url, 'cobranca@boamassa.example', { connectionTimeoutMs: 2_000 });
    await assert.rejects(transport.send(await reminder('outbox-5005', 'ana@mercadinho.example')), (error: unknown) => {
      assert.ok(error instanceof TransientDeliveryError, `expected TransientDeliveryError, got ${String(error)}`);
      return true;
    });
    assert.equal(down.messages.length, 0);
  });
});
