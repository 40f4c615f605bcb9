import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { portalCsrfToken, portalCsrfValid, portalLinkExpiry, portalTokenProblem, readPortalToken, signPortalToken, type PortalClaims } from './token.ts';

const key = 'install-secret-1';
const claims: PortalClaims = {
  organisationId: '0192a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  customerId: '0192a1b2-c3d4-7e5f-8a9b-ffffffffffff',
  generation: 3,
  expiresOn: '2026-12-07',
};

describe('portal link token', () => {
  it('fits in a text message and reads back the organisation, customer, generation and expiry', () => {
    const token = signPortalToken(key, claims);
    assert.ok(token.length < 60, `${token.length} characters`);
    assert.match(token, /^[A-Za-z0-9_-]+$/);
    const read = readPortalToken(token)!;
    assert.deepEqual(read.claims, claims);
    assert.equal(read.verify(key), true);
  });

  it('a tampered token fails verification: any flipped character of the payload or the MAC', () => {
    const token = signPortalToken(key, claims);
    for (let i = 0; i < token.length; i++) {
      const flipped = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
      const read = readPortalToken(flipped);
      assert.ok(read === null || !read.verify(key), `position ${i} still verifies`);
    }
  });

  it('scope: a token for one customer does not open another, and another install key does not verify it', () => {
    const token = signPortalToken(key, claims);
    const other = signPortalToken(key, { ...claims, customerId: '0192a1b2-c3d4-7e5f-8a9b-000000000001' });
    assert.notEqual(token, other);
    assert.equal(readPortalToken(other)!.claims.customerId, '0192a1b2-c3d4-7e5f-8a9b-000000000001');
    // Splicing the customer part of one token onto the MAC of the other fails.
    const spliced = Buffer.concat([Buffer.from(other, 'base64url').subarray(0, 36), Buffer.from(token, 'base64url').subarray(36)]).toString('base64url');
    assert.equal(readPortalToken(spliced)!.verify(key), false);
    assert.equal(readPortalToken(token)!.verify('another-install'), false);
  });

  it('malformed tokens are refused before any lookup', () => {
    for (const bad of ['', 'abc', signPortalToken(key, claims) + 'A', '!'.repeat(59)]) assert.equal(readPortalToken(bad), null, bad);
  });

  it('expiry: opens through its last day, not the day after; the default link lives 30 days after the message', () => {
    assert.equal(portalLinkExpiry('2026-11-07', 30), '2026-12-07');
    assert.equal(portalTokenProblem(claims, 3, '2026-12-07'), null);
    assert.equal(portalTokenProblem(claims, 3, '2026-12-08'), 'expired');
  });

  it('revocation: once the customer generation moves on, older links are revoked', () => {
    assert.equal(portalTokenProblem(claims, 4, '2026-11-10'), 'revoked');
    assert.equal(portalTokenProblem({ ...claims, generation: 4 }, 4, '2026-11-10'), null);
  });

  it('the CSRF token of the forms belongs to one link and one key', () => {
    const token = signPortalToken(key, claims);
    const csrf = portalCsrfToken(key, token);
    assert.equal(portalCsrfValid(key, token, csrf), true);
    assert.equal(portalCsrfValid(key, signPortalToken(key, { ...claims, generation: 4 }), csrf), false);
    assert.equal(portalCsrfValid('another-install', token, csrf), false);
    assert.equal(portalCsrfValid(key, token, ''), false);
  });
});
