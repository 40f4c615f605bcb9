import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { Organisation } from '../../src/db/schema.ts';
import { runCadence } from '../../src/use-cases/cadence/run-cadence.ts';
import { verifyContactRecord } from '../../src/use-cases/contact-record.ts';
import { describeEachEngine } from '../support/engines.ts';
import { givenCustomer, givenInvoice, givenOrganisation, outboxOf, tasksOf } from '../support/portfolio.ts';
import { orgContext } from '../support/org-context.ts';

const at10 = (date: string) => new Date(`${date}T13:00:00Z`);

// Two organisations with the same portfolio of 25 customers: one decided a batch of 4
// customers at a time, the other with three batches deciding at once (on PostgreSQL each in
// its own transaction; PGlite has one connection and takes them in turn).
describeEachEngine('the cadence run with several batches at once', (database) => {
  const orgs: Organisation[] = [];

  before(async () => {
    const db = database().db;
    for (const slug of ['one-at-a-time', 'three-at-once']) {
      const org = await givenOrganisation(db, slug);
      for (let i = 0; i < 25; i++) {
        const customer = await givenCustomer(db, org.id, {
          externalId: `C${String(i).padStart(2, '0')}`,
          contacts: [
            { channel: 'email', address: `c${i}@example.com` },
            ...(i % 3 === 0 ? [{ channel: 'phone' as const, address: `+5511900000${String(i).padStart(3, '0')}` }] : []),
          ],
        });
        await givenInvoice(db, org.id, customer, {
          externalId: `NF-${i}`,
          issueDate: '2026-09-01',
          dueDate: `2026-10-${String(5 + (i % 20)).padStart(2, '0')}`,
          amountMinor: 10_000 + i,
        });
      }
      orgs.push(org);
    }
  });

  it('decides exactly what one batch at a time decides, and a second run adds nothing', async () => {
    const db = database().db;
    const [sequential, concurrent] = orgs as [Organisation, Organisation];
    const first = await runCadence(db, sequential, { asOf: '2026-10-20', now: at10('2026-10-20'), batchSize: 4 });
    const second = await runCadence(db, concurrent, { asOf: '2026-10-20', now: at10('2026-10-20'), batchSize: 4, concurrency: 3 });
    assert.equal(second.customers_evaluated, 25);
    assert.deepEqual(second, first);
    assert.ok(first.actions.email > 0 && first.actions.call_task > 0, JSON.stringify(first.actions));
    assert.deepEqual((await outboxOf(db, concurrent.id)).sort(), (await outboxOf(db, sequential.id)).sort());
    assert.deepEqual((await tasksOf(db, concurrent.id)).sort(), (await tasksOf(db, sequential.id)).sort());
    // The batches took turns at the contact record's chain head: the chain is whole.
    const chain = await verifyContactRecord(db, orgContext(concurrent));
    assert.equal(chain.broken, null);
    // One contact-record entry per action, each chained to the one before.
    assert.equal(
      chain.entries,
      Object.values(second.actions).reduce((a, b) => a + b, 0),
    );

    const again = await runCadence(db, concurrent, { asOf: '2026-10-20', now: at10('2026-10-20'), batchSize: 4, concurrency: 3 });
    assert.equal(
      Object.values(again.actions).reduce((a, b) => a + b, 0),
      0,
    );
  });
});
