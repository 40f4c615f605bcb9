import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { whatsappStatuses } from './status-webhook.ts';
import { metaSignature, verifyMetaSignature } from './webhook-signature.ts';

describe('WhatsApp Cloud API status webhooks', () => {
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '8856996819413533',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { phone_number_id: '27681414235104944' },
              statuses: [
                { id: 'wamid.A', status: 'delivered', timestamp: '1750263773', recipient_id: '5511987654321' },
                {
                  id: 'wamid.B',
                  status: 'failed',
                  timestamp: '1750263800',
                  recipient_id: '5511987654321',
                  errors: [{ code: 131026, title: 'Message undeliverable' }],
                },
                { id: 'wamid.C', status: 'read' },
              ],
            },
          },
          { field: 'messages', value: { messages: [{ from: '5511987654321', type: 'text', text: { body: 'oi' } }] } },
        ],
      },
    ],
  });

  it('reads each status with its time and error; statuses without a timestamp and incoming messages give nothing', () => {
    const statuses = whatsappStatuses(JSON.parse(body));
    assert.deepEqual(
      statuses.map((s) => [s.id, s.status, s.timestamp.toISOString(), s.recipientId, s.errorCode ?? null, s.errorTitle ?? null]),
      [
        ['wamid.A', 'delivered', '2025-06-18T16:22:53.000Z', '5511987654321', null, null],
        ['wamid.B', 'failed', '2025-06-18T16:23:20.000Z', '5511987654321', '131026', 'Message undeliverable'],
      ],
    );
    assert.deepEqual(whatsappStatuses({ object: 'page' }), []);
    assert.deepEqual(whatsappStatuses('nonsense'), []);
  });

  it('X-Hub-Signature-256 is sha256= and the hex HMAC of the raw bytes with the app secret', () => {
    const expected = `sha256=${createHmac('sha256', 'app-secret').update(body).digest('hex')}`;
    assert.equal(metaSignature('app-secret', body), expected);
    assert.equal(verifyMetaSignature('app-secret', Buffer.from(body), expected), true);
    assert.equal(verifyMetaSignature('app-secret', Buffer.from(body), expected.toUpperCase().replace('SHA256=', 'sha256=')), true);
    assert.equal(verifyMetaSignature('other-secret', Buffer.from(body), expected), false);
    assert.equal(
      verifyMetaSignature('app-secret', Buffer.from(JSON.stringify(JSON.parse(body), null, 1)), expected),
      false,
      're-serialised JSON is not the body',
    );
  });
});
