import assert from 'node:assert/strict';
import { it } from 'node:test';
import { formatAmount } from '../../src/domain/money.ts';
import { getAgencyHandoff, handOffToAgency } from '../../src/use-cases/escalation/agency-handoff.ts';
import { cancelPaymentPlan } from '../../src/use-cases/payment-plans/cancel-payment-plan.ts';
import { describeEachEngine } from '../support/engines.ts';
import { givenPlan, invoiceState, partsOfPlan } from '../support/payment-plans.ts';
import { givenCustomer, givenInvoice, givenOrganisation, givenPayment } from '../support/portfolio.ts';

const at = (date: string) => ({ actor: 'collector:ana', now: new Date(`${date}T13:00:00Z`) });

describeEachEngine("a payment plan's settlement is not cash: agency recoveries count the instalments once", (database) => {
  it('handed off, then a plan: the down payment counts when paid; cancelling the plan settles it on the invoice without counting it again', async () => {
    const db = database().db;
    const org = await givenOrganisation(db, 'settlement-cash');
    const oficina = await givenCustomer(db, org.id, { externalId: 'OFICINA' });
    await givenInvoice(db, org.id, oficina, { externalId: 'NF-10', issueDate: '2026-08-01', dueDate: '2026-09-01', amountMinor: 100000 });
    const handoff = await db
      .transaction()
      .execute((trx) =>
        handOffToAgency(trx, org.id, { externalId: 'OFICINA' }, { agency: 'Cobra Bem', commissionPercent: '10', date: '2026-11-02' }, at('2026-11-02')),
      );

    const plan = await givenPlan(db, org.id, 'OFICINA', { instalments: 3, frequency: 'monthly', downPayment: '200.00', startDate: '2026-11-10' }, '2026-11-05');
    const [down] = await partsOfPlan(db, org.id, plan);
    await givenPayment(db, org.id, oficina, { externalId: 'PIX-1', date: '2026-11-10', amountMinor: 20000, invoiceId: down!.id });
    const afterDown = await getAgencyHandoff(db, org.id, handoff.id);
    assert.equal(formatAmount(afterDown.recovered_minor, 'BRL'), '200.00', 'the agency recovered the down payment when it was paid');

    await db.transaction().execute((trx) => cancelPaymentPlan(trx, org.id, plan, { reason: 'customer asked' }, { ...at('2026-11-12'), asOf: '2026-11-12' }));
    const settlement = await db
      .selectFrom('payments')
      .select(['method', 'amount_minor'])
      .where('organisation_id', '=', org.id)
      .where('method', '=', 'payment_plan')
      .execute();
    assert.equal(settlement.length, 1, 'the cancelled plan moved what was paid onto the covered invoice');
    assert.ok((await invoiceState(db, org.id, 'NF-10')).paidMinor > 0);
    const afterCancel = await getAgencyHandoff(db, org.id, handoff.id);
    assert.equal(formatAmount(afterCancel.recovered_minor, 'BRL'), '200.00', 'the settlement is not counted a second time');
    assert.equal(formatAmount(afterCancel.commission_minor, 'BRL'), '20.00');
  });
});
