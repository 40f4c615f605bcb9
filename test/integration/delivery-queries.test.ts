import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { KyselyPlugin } from 'kysely';
import type { ChannelTransport } from '../../src/channels/transport.ts';
import type { Db } from '../../src/db/database.ts';
import type { Organisation } from '../../src/db/schema.ts';
import { runCadence } from '../../src/use-cases/cadence/run-cadence.ts';
import { deliverDue } from '../../src/use-cases/delivery/deliver-messages.ts';
import { deliveryDeps } from '../../src/use-cases/delivery/delivery-deps.ts';
import { describeEachEngine } from '../support/engines.ts';
import { givenCustomer, givenInvoice, givenOrganisation } from '../support/portfolio.ts';

/** The statements a database handle runs, as SQL text (transactions opened from it included). */
function countingDb(db: Db): { db: Db; statements: string[] } {
  const statements: string[] = [];
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      statements.push(db.getExecutor().compileQuery(args.node, args.queryId).sql);
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return { db: db.withPlugin(plugin), statements };
}

const transport: ChannelTransport = { channel: 'email', send: async (m) => ({ providerMessageId: `mem-${m.idempotencyKey}`, status: 'sent' }) };

describeEachEngine('a delivery pass reads the organisation once, and per message only what the message needs', (database) => {
  let org: Organisation;
  // Tuesday 17 Nov 2026, 14:00 UTC: 11:00 in São Paulo.
  const now = new Date('2026-11-17T14:00:00Z');
  const customers = 6;

  before(async () => {
    const db = database().db;
    org = await givenOrganisation(db, 'queries');
    for (let i = 1; i <= customers; i++) {
      const id = await givenCustomer(db, org.id, { externalId: `C${i}`, contacts: [{ channel: 'email', address: `c${i}@example.com` }] });
      await givenInvoice(db, org.id, id, { externalId: `NF-${i}`, dueDate: '2026-11-16', amountMinor: 10000 * i });
    }
    await runCadence(db, org, { asOf: '2026-11-17', now });
  });

  it('delivers six reminders reading terms, rates, escalation settings and templates once, and each customer once', async () => {
    const { db, statements } = countingDb(database().db);
    const summary = await deliverDue(db, org, now, deliveryDeps({ publicUrl: 'https://cobranca.example' }, { email: transport }));
    assert.deepEqual(summary, { sent: customers, retried: 0, failed: 0, deferred: 0, held: 0, cancelled: 0 });

    const reading = (table: string) => statements.filter((s) => s.startsWith('select') && s.includes(`from "${table}"`)).length;
    for (const table of ['payment_terms', 'ecb_reference_rates', 'escalation_settings', 'template_overrides']) {
      assert.equal(reading(table), 1, `${table} is read once per pass`);
    }
    assert.equal(reading('customers'), customers, 'each customer is read once, for the send-time recheck');
    // Measured on PGlite when this test was written: 151 statements for the six (25.2 a message,
    // the pass's own reads included); before the pass read the organisation once, 195 (32.5 a
    // message: customers 12, payment_terms 12, ECB rates, escalation settings, templates 6 each).
    const perMessage = statements.length / customers;
    assert.ok(perMessage <= 26, `${perMessage.toFixed(1)} statements a message`);
  });
});
