import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { twilioTransport } from '../../src/channels/sms/twilio-transport.ts';
import { renderMessage } from '../../src/channels/templates/render-message.ts';
import { sampleMessageContext } from '../../src/channels/templates/sample-context.ts';
import { PermanentDeliveryError, TransientDeliveryError, type OutgoingMessage } from '../../src/channels/transport.ts';
import { startFakeTwilio, type FakeTwilio } from '../support/fake-providers/twilio.ts';

describe('SMS through Twilio', () => {
  let twilio: FakeTwilio;
  before(async () => {
    twilio = await startFakeTwilio();
  });
  after(() => twilio.close());

  const sms = (to: string, idempotencyKey = 'outbox-1'): OutgoingMessage => ({
    idempotencyKey,
    channel: 'sms',
    to,
    language: 'pt-BR',
    text: renderMessage('whatsapp_reminder', 'sms', 'pt-BR', sampleMessageContext('pt-BR')).text,
  });

  const transport = (from = '+5511999990000') => twilioTransport({ accountSid: twilio.accountSid, authToken: twilio.authToken, from, baseUrl: twilio.baseUrl });

  it('posts To, From and Body with Basic auth and returns the message sid', async () => {
    const message = sms('+5511987654321');
    const receipt = await transport().send(message);

    assert.match(receipt.providerMessageId, /^SM[0-9a-f]{32}$/);
    assert.equal(receipt.status, 'sent');
    const form = twilio.forms().at(-1)!;
    assert.equal(form.get('To'), '+5511987654321');
    assert.equal(form.get('From'), '+5511999990000');
    assert.equal(form.get('Body'), message.text);
    assert.equal(twilio.requests.at(-1)!.headers['content-type'], 'application/x-www-form-urlencoded');
  });

  it('sends through a Messaging Service when the sender is an MG sid', async () => {
    const service = `MG${'a'.repeat(32)}`;
    await transport(service).send(sms('+5511987654321'));
    const form = twilio.forms().at(-1)!;
    assert.equal(form.get('MessagingServiceSid'), service);
    assert.equal(form.get('From'), null);
  });

  it("an invalid number (400, code 21211) is permanent and keeps Twilio's code", async () => {
    await assert.rejects(transport().send(sms('+12')), (error: unknown) => {
      assert.ok(error instanceof PermanentDeliveryError);
      assert.equal(error.code, '21211');
      assert.match(error.message, /not a valid phone number/);
      return true;
    });
  });

  it('too many requests (429) is transient and passes Retry-After on', async () => {
    twilio.failNext(1, {
      status: 429,
      body: { code: 20429, message: 'Too Many Requests', more_info: 'https://www.twilio.com/docs/errors/20429', status: 429 },
      headers: { 'retry-after': '30' },
    });
    await assert.rejects(transport().send(sms('+5511987654321')), (error: unknown) => {
      assert.ok(error instanceof TransientDeliveryError);
      assert.equal(error.retryAfterSeconds, 30);
      return true;
    });
    // The next attempt goes through.
    assert.equal((await transport().send(sms('+5511987654321'))).status, 'sent');
  });

  it('a server error (5xx) is transient', async () => {
    twilio.failNext(1, { status: 503, body: { code: 20503, message: 'Service Unavailable', more_info: '', status: 503 } });
    await assert.rejects(transport().send(sms('+5511987654321')), TransientDeliveryError);
  });

  it('wrong credentials are transient: the message is fine, the configuration is not', async () => {
    const wrong = twilioTransport({ accountSid: twilio.accountSid, authToken: 'wrong', from: '+5511999990000', baseUrl: twilio.baseUrl });
    await assert.rejects(wrong.send(sms('+5511987654321')), TransientDeliveryError);
  });

  it('an unreachable API is transient', async () => {
    const gone = await startFakeTwilio();
    await gone.close();
    const unreachable = twilioTransport({ accountSid: gone.accountSid, authToken: gone.authToken, from: '+5511999990000', baseUrl: gone.baseUrl });
    await assert.rejects(unreachable.send(sms('+5511987654321')), TransientDeliveryError);
  });
});
