import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { renderMessage, whatsappTemplateFor } from '../../src/channels/templates/render-message.ts';
import { sampleMessageContext } from '../../src/channels/templates/sample-context.ts';
import { PermanentDeliveryError, TransientDeliveryError, type OutgoingMessage } from '../../src/channels/transport.ts';
import { whatsappCloudTransport } from '../../src/channels/whatsapp/cloud-api-transport.ts';
import { startFakeWhatsApp, type FakeWhatsApp } from '../support/fake-providers/whatsapp.ts';

describe('WhatsApp through the Cloud API', () => {
  let meta: FakeWhatsApp;
  before(async () => {
    meta = await startFakeWhatsApp();
  });
  after(() => meta.close());

  const context = sampleMessageContext('pt-BR');
  const message = (idempotencyKey = 'outbox-77'): OutgoingMessage => ({
    idempotencyKey,
    channel: 'whatsapp',
    to: '+55 11 98765-4321',
    language: 'pt-BR',
    text: renderMessage('whatsapp_reminder', 'whatsapp', 'pt-BR', context).text,
    whatsappTemplate: whatsappTemplateFor('whatsapp_reminder', 'pt-BR', context),
  });
  const transport = () => whatsappCloudTransport({ token: meta.token, phoneNumberId: meta.phoneNumberId, baseUrl: meta.baseUrl });

  const metaError = (code: number, message: string, status = 400) => ({
    status,
    body: { error: { message, type: 'OAuthException', code, error_subcode: 2494010, fbtrace_id: 'AbCdEf' } },
  });

  it('sends the template message with its body parameters and returns the wamid', async () => {
    const receipt = await transport().send(message());

    assert.match(receipt.providerMessageId, /^wamid\./);
    assert.equal(receipt.status, 'sent');
    const request = meta.requests.at(-1)!;
    assert.equal(request.headers.authorization, `Bearer ${meta.token}`);
    assert.deepEqual(meta.payloads().at(-1), {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '5511987654321',
      type: 'template',
      biz_opaque_callback_data: 'outbox-77',
      template: {
        name: 'regua_whatsapp_reminder',
        language: { code: 'pt_BR' },
        components: [
          {
            type: 'body',
            parameters: [
              context.contact!.name!,
              context.creditor.name,
              context.creditor.taxId,
              context.invoices.map((i) => i.number).join(', '),
              '22/11/2026',
              context.totals.amount,
              context.portalUrl!,
            ].map((text) => ({ type: 'text', text })),
          },
        ],
      },
    });
  });

  it('refuses a message without an approved template, before calling Meta', async () => {
    const before = meta.requests.length;
    await assert.rejects(transport().send({ ...message(), whatsappTemplate: undefined }), (error: unknown) => {
      assert.ok(error instanceof PermanentDeliveryError);
      assert.equal(error.code, 'template_required');
      return true;
    });
    assert.equal(meta.requests.length, before);
  });

  it('outside the re-engagement window (131047) and undeliverable (131026) are permanent', async () => {
    for (const code of [131047, 131026]) {
      meta.failNext(1, metaError(code, `(#${code}) Message failed to send`));
      await assert.rejects(transport().send(message()), (error: unknown) => {
        assert.ok(error instanceof PermanentDeliveryError, String(code));
        assert.equal(error.code, String(code));
        assert.match(error.message, /fbtrace AbCdEf/);
        return true;
      });
    }
  });

  it('rate limits (130429, 131056) and server errors are transient', async () => {
    meta.failNext(1, metaError(130429, '(#130429) Rate limit hit'));
    await assert.rejects(transport().send(message()), TransientDeliveryError);
    meta.failNext(1, metaError(131056, '(#131056) (Business Account, Consumer Account) pair rate limit hit'));
    await assert.rejects(transport().send(message()), TransientDeliveryError);
    meta.failNext(1, { status: 500, body: { error: { message: 'An unknown error occurred', type: 'OAuthException', code: 999, fbtrace_id: 'x' } } });
    await assert.rejects(transport().send(message()), TransientDeliveryError);
    // Then it recovers.
    assert.equal((await transport().send(message())).status, 'sent');
  });

  it('an unknown template (132001) is permanent', async () => {
    meta.failNext(1, metaError(132001, '(#132001) Template name does not exist in the translation'));
    await assert.rejects(transport().send(message()), PermanentDeliveryError);
  });
});
