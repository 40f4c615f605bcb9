import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { Organisation } from '../../src/db/schema.ts';
import { worklist } from '../../src/use-cases/account-work/worklist.ts';
import { runCadence } from '../../src/use-cases/cadence/run-cadence.ts';
import { describeEachEngine } from '../support/engines.ts';
import { at10 } from '../support/escalation.ts';
import { givenCustomer, givenInvoice, givenOrganisation } from '../support/portfolio.ts';
import { orgContext } from '../support/org-context.ts';

describeEachEngine('the worklist never compares pesos with reais at face value', (database) => {
  let org: Organisation;

  before(async () => {
    const db = database().db;
    org = await givenOrganisation(db, 'worklist-currencies');
    const phone = (n: string) => [{ channel: 'phone' as const, address: n }];
    const mercado = await givenCustomer(db, org.id, { externalId: 'MERCADO', contacts: phone('+5511990000001') });
    const padaria = await givenCustomer(db, org.id, { externalId: 'PADARIA', contacts: phone('+5511990000002') });
    const taqueria = await givenCustomer(db, org.id, {
      externalId: 'TAQUERIA',
      country: 'MX',
      timezone: 'America/Mexico_City',
      contacts: phone('+525512345678'),
    });
    await givenInvoice(db, org.id, mercado, { externalId: 'NF-1', issueDate: '2026-10-01', dueDate: '2026-11-01', amountMinor: 500_000 });
    await givenInvoice(db, org.id, padaria, { externalId: 'NF-2', issueDate: '2026-10-01', dueDate: '2026-11-01', amountMinor: 200_000 });
    // MXN 100 000.00 is about BRL 29 000: more than either, but not 20 times more.
    await givenInvoice(db, org.id, taqueria, { externalId: 'FAC-3', issueDate: '2026-10-01', dueDate: '2026-11-01', amountMinor: 10_000_000, currency: 'MXN' });
  });

  it("Day 10: three calls to make; ranked within each currency, the organisation's reais first", async () => {
    const db = database().db;
    await runCadence(db, org, { asOf: '2026-11-11', now: at10('2026-11-11') });
    const page = await worklist(db, orgContext(org), { asOf: '2026-11-11' }, { limit: 10, after: null });
    assert.deepEqual(
      page.items.map((i) => `${i.kind} ${i.customerExternalId} ${i.currency}`),
      ['call MERCADO BRL', 'call PADARIA BRL', 'call TAQUERIA MXN'],
    );

    // Paging walks the same order.
    const first = await worklist(db, orgContext(org), { asOf: '2026-11-11' }, { limit: 2, after: null });
    const rest = await worklist(db, orgContext(org), { asOf: '2026-11-11' }, { limit: 2, after: first.next });
    assert.deepEqual(
      [...first.items, ...rest.items].map((i) => i.customerExternalId),
      ['MERCADO', 'PADARIA', 'TAQUERIA'],
    );
  });
});
