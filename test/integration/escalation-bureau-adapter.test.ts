import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BureauRejectedError, BureauUnavailableError, type BureauListingInput } from '../../src/adapters/bureau/credit-bureau.ts';
import { httpCreditBureau } from '../../src/adapters/bureau/http-credit-bureau.ts';
import { startFakeBureau, type FakeBureau } from '../support/fake-providers/bureau.ts';

const input: BureauListingInput = {
  reference: '5f0c8a4e-0000-4000-8000-000000000001',
  creditor: { name: 'Padaria Central', legalName: 'Padaria Central Ltda', taxId: '11.222.333/0001-81' },
  debtor: { name: 'Mercado', taxId: null, taxIdKind: null, partyType: 'business', address: 'Av. Paulista, 1000, São Paulo - SP', state: 'SP' },
  amount: '500.00',
  currency: 'BRL',
  oldestDueDate: '2026-09-01',
  expiresOn: '2031-09-01',
  receivables: [{ number: 'NF-1', dueDate: '2026-09-01', amount: '500.00' }],
  notice: { channel: 'email', sentAt: '2026-10-16T13:05:00.000Z', deliveredAt: '2026-10-17T12:00:00.000Z' },
};

describe('the HTTP credit-bureau adapter against the local fake', () => {
  let fake: FakeBureau;
  before(async () => {
    fake = await startFakeBureau();
  });
  after(() => fake.close());

  it('lists with the bearer token and the reference as idempotency key; a retry gets the same protocol', async () => {
    const bureau = httpCreditBureau({ baseUrl: fake.baseUrl, token: fake.token });
    const first = await bureau.list(input);
    const retry = await bureau.list(input);
    assert.equal(retry.protocol, first.protocol);
    assert.equal(fake.listings.size, 1);
    assert.equal(fake.requests[0]!.headers['idempotency-key'], input.reference);
    await bureau.remove(first.protocol, 'paid');
    assert.equal(fake.listings.get(first.protocol)!.status, 'removed');
  });

  it('a 4xx is a refusal with the bureau code, a 5xx or a dead server is worth retrying', async () => {
    const wrongToken = httpCreditBureau({ baseUrl: fake.baseUrl, token: 'nope' });
    await assert.rejects(wrongToken.list(input), (e: unknown) => e instanceof BureauRejectedError && e.code === 'unauthorized');
    const bureau = httpCreditBureau({ baseUrl: fake.baseUrl, token: fake.token });
    await assert.rejects(bureau.remove('NEG-999999', 'paid'), (e: unknown) => e instanceof BureauRejectedError && e.code === 'listing_not_found');
    fake.failNext(1, { status: 502, body: { error: { code: 'bad_gateway', message: 'upstream' } } });
    await assert.rejects(bureau.list(input), BureauUnavailableError);
    const dead = httpCreditBureau({ baseUrl: 'http://127.0.0.1:9', token: 'x', timeoutMs: 1000 });
    await assert.rejects(dead.list(input), BureauUnavailableError);
  });
});
