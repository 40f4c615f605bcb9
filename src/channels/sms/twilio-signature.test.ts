import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { twilioSignature, verifyTwilioSignature } from './twilio-signature.ts';

// Twilio's published request-validation example (its helper libraries' unit tests use it).
const authToken = '12345';
const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const params = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' };
const published = 'RSOYDt4T1cUTdK1PDd93/VVr8B8=';

describe('X-Twilio-Signature', () => {
  it('reproduces the published example, whatever the order of the form fields', () => {
    assert.equal(twilioSignature(authToken, url, params), published);
    const shuffled = new URLSearchParams([
      ['To', '+18005551212'],
      ['Digits', '1234'],
      ['CallSid', 'CA1234567890ABCDE'],
      ['From', '+14158675309'],
      ['Caller', '+14158675309'],
    ]);
    assert.equal(verifyTwilioSignature(authToken, url, shuffled, published), true);
  });

  it('fails for another token, URL, value or signature', () => {
    const form = new URLSearchParams(params);
    assert.equal(verifyTwilioSignature('54321', url, form, published), false);
    assert.equal(verifyTwilioSignature(authToken, `${url}&baz=3`, form, published), false);
    assert.equal(verifyTwilioSignature(authToken, url, new URLSearchParams({ ...params, Digits: '9999' }), published), false);
    assert.equal(verifyTwilioSignature(authToken, url, form, 'RSOYDt4T1cUTdK1PDd93/VVr8B8'), false);
    assert.equal(verifyTwilioSignature(authToken, url, form, ''), false);
  });
});
