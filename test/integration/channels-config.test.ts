import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { transportsFromEnv } from '../../src/wiring.ts';
import { ConfigError } from '../../src/config.ts';
import { startFakeTwilio, type FakeTwilio } from '../support/fake-providers/twilio.ts';
import { startFakeWhatsApp, type FakeWhatsApp } from '../support/fake-providers/whatsapp.ts';
import { startSmtpServer } from '../support/smtp-server.ts';

const storeLetter = async () => {};

describe('transports from the environment', () => {
  let twilio: FakeTwilio;
  let meta: FakeWhatsApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  before(async () => {
    [twilio, meta, smtp] = await Promise.all([startFakeTwilio(), startFakeWhatsApp(), startSmtpServer()]);
  });
  after(() => Promise.all([twilio.close(), meta.close(), smtp.close()]));

  it('without configuration only letters have a transport: the rest stays in the outbox', () => {
    const transports = transportsFromEnv({}, { storeLetter });
    assert.deepEqual(Object.keys(transports), ['letter']);
  });

  it('builds every configured channel, and each one delivers', async () => {
    const transports = transportsFromEnv(
      {
        SMTP_URL: smtp.url,
        SMTP_FROM: 'Cobrança <cobranca@boamassa.example>',
        TWILIO_ACCOUNT_SID: twilio.accountSid,
        TWILIO_AUTH_TOKEN: twilio.authToken,
        TWILIO_FROM: '+5511999990000',
        TWILIO_BASE_URL: twilio.baseUrl,
        WHATSAPP_TOKEN: meta.token,
        WHATSAPP_PHONE_NUMBER_ID: meta.phoneNumberId,
        WHATSAPP_BASE_URL: meta.baseUrl,
      },
      { storeLetter },
    );
    assert.deepEqual(Object.keys(transports).sort(), ['email', 'letter', 'sms', 'whatsapp']);

    await transports.email!.send({ idempotencyKey: 'cfg-1', channel: 'email', to: 'ana@example.com', language: 'en', subject: 'Hi', text: 'Hello' });
    await transports.email!.close?.();
    assert.equal(smtp.messages.at(-1)?.envelope.from, 'cobranca@boamassa.example');

    await transports.sms!.send({ idempotencyKey: 'cfg-2', channel: 'sms', to: '+5511987654321', language: 'en', text: 'Hello' });
    assert.equal(twilio.forms().at(-1)?.get('Body'), 'Hello');

    await transports.whatsapp!.send({
      idempotencyKey: 'cfg-3',
      channel: 'whatsapp',
      to: '+5511987654321',
      language: 'en',
      text: 'Hello',
      whatsappTemplate: { name: 'regua_whatsapp_reminder', language: 'en', parameters: ['Ana'] },
    });
    assert.equal(meta.requests.length, 1);
  });

  it('e-mail defaults its sender to cobranca@localhost', async () => {
    const transports = transportsFromEnv({ SMTP_URL: smtp.url }, { storeLetter });
    await transports.email!.send({ idempotencyKey: 'cfg-4', channel: 'email', to: 'ana@example.com', language: 'en', subject: 'Hi', text: 'Hello' });
    assert.equal(smtp.messages.at(-1)?.envelope.from, 'cobranca@localhost');
  });

  it('fails fast on half a configuration, naming what is missing', () => {
    const cases: [NodeJS.ProcessEnv, RegExp][] = [
      [{ TWILIO_ACCOUNT_SID: twilio.accountSid }, /TWILIO_AUTH_TOKEN, TWILIO_FROM are missing/],
      [{ TWILIO_ACCOUNT_SID: twilio.accountSid, TWILIO_AUTH_TOKEN: 'x' }, /TWILIO_FROM is missing/],
      [{ TWILIO_BASE_URL: 'http://127.0.0.1:1' }, /SMS \(Twilio\) is half configured/],
      [{ WHATSAPP_TOKEN: 'x' }, /WHATSAPP_PHONE_NUMBER_ID is missing/],
      [{ SMTP_FROM: 'cobranca@example.com' }, /SMTP_URL is not/],
    ];
    for (const [env, message] of cases) {
      assert.throws(
        () => transportsFromEnv(env, { storeLetter }),
        (error: unknown) => error instanceof ConfigError && message.test(error.message),
        JSON.stringify(env),
      );
    }
  });

  it('rejects malformed values with a clear message and never echoes the SMTP password', () => {
    const full = { TWILIO_ACCOUNT_SID: twilio.accountSid, TWILIO_AUTH_TOKEN: 'x', TWILIO_FROM: '+5511999990000' };
    const cases: [NodeJS.ProcessEnv, RegExp][] = [
      [{ SMTP_URL: 'http://user:s3cret@mail.example' }, /SMTP_URL must look like/],
      [{ SMTP_URL: 'smtp://mail.example', SMTP_FROM: 'not an address' }, /SMTP_FROM must be an e-mail address/],
      [{ ...full, TWILIO_FROM: '11999990000' }, /TWILIO_FROM must be an E\.164 number/],
      [{ ...full, TWILIO_FROM: 'Boa Massa Padaria' }, /alphanumeric sender id of up to 11/],
      [{ ...full, TWILIO_ACCOUNT_SID: 'AC123' }, /TWILIO_ACCOUNT_SID must be/],
      [{ ...full, TWILIO_BASE_URL: 'ftp://x' }, /TWILIO_BASE_URL must be an http\(s\) URL/],
      [{ WHATSAPP_TOKEN: 'x', WHATSAPP_PHONE_NUMBER_ID: '+55 11' }, /WHATSAPP_PHONE_NUMBER_ID must be the numeric id/],
    ];
    for (const [env, message] of cases) {
      assert.throws(
        () => transportsFromEnv(env, { storeLetter }),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.match(error.message, message);
          assert.ok(!error.message.includes('s3cret'));
          return true;
        },
        JSON.stringify(env),
      );
    }
  });
});
