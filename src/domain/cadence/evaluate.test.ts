import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { addDays, daysBetween, type IsoDate } from '../dates.ts';
import { evaluate, type Evaluation } from './evaluate.ts';
import { defaultPolicy, type CadencePolicy, type CadenceStep } from './policy.ts';
import type { ContactPoint, CustomerSnapshot, ReceivableState, StepExecution } from './snapshot.ts';

const email: ContactPoint = {
  id: 'ct-email',
  channel: 'email',
  address: 'ana@example.com',
  consent: 'granted',
  language: 'pt-BR',
  timezone: 'America/Sao_Paulo',
};
const phone: ContactPoint = {
  id: 'ct-phone',
  channel: 'phone',
  address: '+5511999990000',
  consent: 'granted',
  language: 'pt-BR',
  timezone: 'America/Sao_Paulo',
};
const whatsapp: ContactPoint = {
  id: 'ct-wa',
  channel: 'whatsapp',
  address: '+5511999990000',
  consent: 'granted',
  language: 'pt-BR',
  timezone: 'America/Sao_Paulo',
};

function invoice(id: string, dueDate: IsoDate, openMinor = 100_000, overrides: Partial<ReceivableState> = {}): ReceivableState {
  return { id, currency: 'BRL', dueDate, openMinor, disputed: false, promisedUntil: null, inPlanGoodStanding: false, ...overrides };
}

function customer(receivables: ReceivableState[], overrides: Partial<CustomerSnapshot> = {}): CustomerSnapshot {
  return {
    customerId: 'cus-1',
    country: 'BR',
    segment: 'retail',
    tier: null,
    riskBand: 'B',
    partyType: 'consumer',
    status: 'active',
    pausedUntil: null,
    contacts: [email, phone, whatsapp],
    receivables,
    unallocatedCreditMinor: {},
    toleranceMinor: {},
    history: [],
    ...overrides,
  };
}

/** "stepId channel [receivables]" per action: what the collector sees leave that day. */
function sent(evaluation: Evaluation): string[] {
  return evaluation.actions.map((a) => `${a.stepId} ${a.channel} [${a.receivableIds.join(',')}]`);
}

function recorded(evaluation: Evaluation): string[] {
  return evaluation.executions.map((e) => `${e.receivableId} ${e.stepId} ${e.outcome}`);
}

/**
 * Runs the cadence on each given day, feeding the recorded executions back as history, the
 * way the daily run does. `change` lets a test alter the customer on a given day.
 */
function diary(
  start: CustomerSnapshot,
  days: IsoDate[],
  change: (snapshot: CustomerSnapshot, day: IsoDate) => CustomerSnapshot = (s) => s,
  policy: CadencePolicy = defaultPolicy,
): { log: Map<IsoDate, Evaluation>; history: StepExecution[] } {
  let snapshot = start;
  const log = new Map<IsoDate, Evaluation>();
  for (const day of days) {
    snapshot = change(snapshot, day);
    const evaluation = evaluate(policy, snapshot, day);
    log.set(day, evaluation);
    snapshot = { ...snapshot, history: [...snapshot.history, ...evaluation.executions] };
  }
  return { log, history: snapshot.history };
}

function dayRange(from: IsoDate, to: IsoDate): IsoDate[] {
  const days: IsoDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  return days;
}

/** Only the days on which something was sent, as "day: action; action". */
function sentDays(log: Map<IsoDate, Evaluation>): string[] {
  return [...log].filter(([, e]) => e.actions.length > 0).map(([day, e]) => `${day}: ${sent(e).join('; ')}`);
}

// Invoice due Monday 2026-06-01: D-3 = 05-29, D+1 = 06-02, D+5 = 06-06, D+10 = 06-11,
// D+20 = 06-21, D+30 = 07-01, D+45 = 07-16, D+60 = 07-31.
const due = '2026-06-01';

describe('evaluate: the daily cadence of one customer', () => {
  it('day 1: friendly e-mail; day 5: WhatsApp, sent as SMS without WhatsApp consent; run skipped days 6-12, day 13: only the call task', () => {
    const start = customer([invoice('inv-1', due)], { contacts: [email, phone, { ...whatsapp, consent: 'unknown' }] });
    const days = [...dayRange('2026-05-27', '2026-06-06'), '2026-06-14', '2026-06-15'];
    const { log, history } = diary(start, days);
    assert.deepEqual(sentDays(log), [
      '2026-05-29: d-3-email email [inv-1]',
      '2026-06-02: d+1-email email [inv-1]',
      '2026-06-06: d+5-whatsapp sms [inv-1]',
      '2026-06-14: d+10-call call_task [inv-1]',
    ]);
    const day5 = log.get('2026-06-06')!.actions[0]!;
    assert.deepEqual(day5.contactIds, ['ct-phone']);
    assert.equal(day5.template, 'whatsapp_reminder');
    // D+5 was sent on day 5; day 13 records only the call, nothing was missed in between.
    assert.deepEqual(recorded(log.get('2026-06-14')!), ['inv-1 d+10-call sent']);
    assert.deepEqual(
      history.map((h) => `${h.on} ${h.stepId} ${h.outcome}`),
      ['2026-05-29 d-3-email sent', '2026-06-02 d+1-email sent', '2026-06-06 d+5-whatsapp sent', '2026-06-14 d+10-call sent'],
    );
  });

  it('WhatsApp goes out on WhatsApp when the customer consented to it', () => {
    const evaluation = evaluate(defaultPolicy, customer([invoice('inv-1', due)]), '2026-06-06');
    assert.deepEqual(sent(evaluation), ['d+5-whatsapp whatsapp [inv-1]']);
    assert.deepEqual(evaluation.actions[0]?.contactIds, ['ct-wa']);
  });

  it('catches up once: first run on D+25 sends only the D+20 e-mail and letter, and never the missed steps', () => {
    const { log } = diary(customer([invoice('inv-1', due)]), ['2026-06-26', '2026-06-27', '2026-07-01']);
    const first = log.get('2026-06-26')!;
    assert.deepEqual(sent(first), ['d+20-email email [inv-1]', 'd+20-letter letter [inv-1]']);
    assert.deepEqual(recorded(first), ['inv-1 d+20-email sent', 'inv-1 d+20-letter sent']);
    assert.deepEqual(sent(log.get('2026-06-27')!), []);
    assert.deepEqual(sent(log.get('2026-07-01')!), ['d+30-final-notice email [inv-1]']);
  });

  it('sends the D+20 e-mail and the letter with invoice copies together', () => {
    const evaluation = evaluate(defaultPolicy, customer([invoice('inv-1', due)]), '2026-06-21');
    const [mail, letter] = evaluation.actions;
    assert.equal(evaluation.actions.length, 2);
    assert.deepEqual([mail?.channel, mail?.tone, mail?.attachInvoices, mail?.contactIds], ['email', 'firm', false, ['ct-email']]);
    assert.deepEqual([letter?.channel, letter?.template, letter?.attachInvoices, letter?.contactIds], ['letter', 'letter_firm', true, []]);
  });

  it('marks the bureau listing as an action step with no contact', () => {
    const history = defaultPolicy.steps
      .filter((s) => s.offsetDays < 45)
      .map((s) => ({ receivableId: 'inv-1', stepId: s.id, on: '2026-07-01', outcome: 'sent' as const }));
    const evaluation = evaluate(defaultPolicy, customer([invoice('inv-1', due)], { contacts: [], history }), '2026-07-16');
    assert.deepEqual(sent(evaluation), ['d+45-bureau-listing action [inv-1]']);
    assert.equal(evaluation.actions[0]?.action, 'bureau_listing');
  });

  it('gives every action a deterministic dedupe key, the debt it decided on and every overdue invoice to list', () => {
    // inv-2 (due 05-20, D+13) already had its D+10 call and waits for D+20: not due for a step, but owed.
    const history = ['d-3-email', 'd+1-email', 'd+5-whatsapp', 'd+10-call'].map((stepId) => ({
      receivableId: 'inv-2',
      stepId,
      on: '2026-05-30',
      outcome: 'sent' as const,
    }));
    const evaluation = evaluate(defaultPolicy, customer([invoice('inv-1', due, 12_345), invoice('inv-2', '2026-05-20', 5_000)], { history }), '2026-06-02');
    assert.deepEqual(
      evaluation.actions.map((a) => [a.dedupeKey, a.receivableIds, a.listedReceivableIds, a.openTotalMinor]),
      [['cus-1:d+1-email:BRL:2026-06-02', ['inv-1'], ['inv-1', 'inv-2'], 17_345]],
    );
  });
});

describe('evaluate: one message per customer, currency and day', () => {
  it('consolidates invoices with different due dates: the oldest decides the step, the younger ride along', () => {
    // A due 06-01 and B due 06-10 (D-3 06-07, D+1 06-11, D+5 06-15, D+10 06-20, D+20 06-30).
    const start = customer([invoice('A', '2026-06-01'), invoice('B', '2026-06-10')]);
    const { log } = diary(start, dayRange('2026-05-25', '2026-07-01'));
    assert.deepEqual(sentDays(log), [
      '2026-05-29: d-3-email email [A]',
      '2026-06-02: d+1-email email [A]',
      '2026-06-06: d+5-whatsapp whatsapp [A]',
      '2026-06-07: d-3-email email [B]',
      // A reaches D+10 the day B reaches D+1: one call covers both, no e-mail for B.
      '2026-06-11: d+10-call call_task [A,B]',
      '2026-06-15: d+5-whatsapp whatsapp [B]',
      '2026-06-20: d+10-call call_task [B]',
      '2026-06-21: d+20-email email [A]; d+20-letter letter [A]',
      '2026-06-30: d+20-email email [B]; d+20-letter letter [B]',
      '2026-07-01: d+30-final-notice email [A]',
    ]);
    const call = log.get('2026-06-11')!;
    assert.deepEqual(call.actions[0]?.dueReceivableIds, ['A']);
    assert.deepEqual(recorded(call), ['A d+10-call sent', 'B d+1-email sent']);
    // B's WhatsApp lists the older A too: one reminder shows every overdue invoice.
    assert.deepEqual(log.get('2026-06-15')!.actions[0]?.listedReceivableIds, ['A', 'B']);
  });

  it('lets a pre-due courtesy reminder ride along with an overdue step of the same day', () => {
    // A at D+1 (due 06-01), B at D-3 (due 06-05) on 06-02.
    const evaluation = evaluate(defaultPolicy, customer([invoice('A', '2026-06-01'), invoice('B', '2026-06-05')]), '2026-06-02');
    assert.deepEqual(sent(evaluation), ['d+1-email email [A,B]']);
    assert.deepEqual(recorded(evaluation), ['A d+1-email sent', 'B d-3-email sent']);
  });

  it('after an outage, records the due step of a covered invoice as sent, and nothing for the missed ones', () => {
    // First run on 06-11: A (due 06-01) at D+10, B (due 06-08) at D+3, owing D-3 and D+1.
    const evaluation = evaluate(defaultPolicy, customer([invoice('A', '2026-06-01'), invoice('B', '2026-06-08')]), '2026-06-11');
    assert.deepEqual(sent(evaluation), ['d+10-call call_task [A,B]']);
    assert.deepEqual(recorded(evaluation), ['A d+10-call sent', 'B d+1-email sent']);
  });

  it('keeps currencies apart: one message per currency, each with its own key', () => {
    const evaluation = evaluate(
      defaultPolicy,
      customer([invoice('brl-1', '2026-06-01'), invoice('usd-1', '2026-05-28', 2_000, { currency: 'USD' })]),
      '2026-06-02',
    );
    assert.deepEqual(
      evaluation.actions.map((a) => `${a.currency} ${a.stepId} [${a.receivableIds.join(',')}] ${a.dedupeKey}`),
      ['BRL d+1-email [brl-1] cus-1:d+1-email:BRL:2026-06-02', 'USD d+5-whatsapp [usd-1] cus-1:d+5-whatsapp:USD:2026-06-02'],
    );
  });

  it('sends nothing twice when the same day is evaluated again with its own executions', () => {
    const { log } = diary(customer([invoice('A', '2026-06-01'), invoice('B', '2026-06-10')]), ['2026-06-11', '2026-06-11']);
    // The Map keeps the second run of the day.
    assert.deepEqual(log.get('2026-06-11')!.actions, []);
    assert.deepEqual(log.get('2026-06-11')!.executions, []);
  });

  it('never goes backwards: a step before one already executed does not fire', () => {
    const history: StepExecution[] = [{ receivableId: 'inv-1', stepId: 'd+10-call', on: '2026-06-03', outcome: 'sent' }];
    const evaluation = evaluate(defaultPolicy, customer([invoice('inv-1', due)], { history }), '2026-06-08');
    assert.deepEqual(evaluation, { actions: [], suppressed: [], executions: [] });
  });

  it('ignores history of steps the policy no longer has', () => {
    const history: StepExecution[] = [{ receivableId: 'inv-1', stepId: 'old-d+15', on: '2026-06-16', outcome: 'sent' }];
    const evaluation = evaluate(defaultPolicy, customer([invoice('inv-1', due)], { history }), '2026-06-11');
    assert.deepEqual(sent(evaluation), ['d+10-call call_task [inv-1]']);
  });

  it('gives the same sorted answer whatever order the snapshot lists things in', () => {
    const receivables = [
      invoice('C', '2026-05-01'),
      invoice('A', '2026-06-01'),
      invoice('B', '2026-06-10'),
      invoice('D', '2026-06-01', 1_000, { currency: 'USD', disputed: true }),
    ];
    const history: StepExecution[] = [
      { receivableId: 'C', stepId: 'd+20-email', on: '2026-05-21', outcome: 'sent' },
      { receivableId: 'A', stepId: 'd-3-email', on: '2026-05-29', outcome: 'sent' },
    ];
    const a = evaluate(defaultPolicy, customer(receivables, { history }), '2026-06-11');
    const b = evaluate(
      defaultPolicy,
      customer([...receivables].reverse(), { history: [...history].reverse(), contacts: [whatsapp, phone, email] }),
      '2026-06-11',
    );
    assert.deepEqual(b, a);
    assert.deepEqual(sent(a), ['d+30-final-notice email [A,B,C]']);
  });
});

describe('evaluate: partial payments', () => {
  it('day 1: e-mail; day 3: half paid; day 5: WhatsApp all the same, once; day 10: the call', () => {
    const days = dayRange('2026-05-25', '2026-06-12');
    const full = diary(customer([invoice('inv-1', due, 100_000)]), days);
    const partial = diary(customer([invoice('inv-1', due, 100_000)]), days, (s, day) =>
      day === '2026-06-04' ? { ...s, receivables: [invoice('inv-1', due, 50_000)] } : s,
    );
    const expected = [
      '2026-05-29: d-3-email email [inv-1]',
      '2026-06-02: d+1-email email [inv-1]',
      '2026-06-06: d+5-whatsapp whatsapp [inv-1]',
      '2026-06-11: d+10-call call_task [inv-1]',
    ];
    assert.deepEqual(sentDays(full.log), expected);
    assert.deepEqual(sentDays(partial.log), expected);
    assert.deepEqual(partial.history, full.history);
    assert.equal(partial.log.get('2026-06-11')!.actions[0]?.openTotalMinor, 50_000);
  });

  it('a payment that settles one of two invoices leaves the other on its own schedule', () => {
    const { log } = diary(customer([invoice('A', '2026-06-01'), invoice('B', '2026-06-03')]), dayRange('2026-05-25', '2026-06-08'), (s, day) =>
      day === '2026-06-05' ? { ...s, receivables: [invoice('A', '2026-06-01', 0), invoice('B', '2026-06-03')] } : s,
    );
    // A is paid on 06-05, so its D+5 (06-06) never comes; B keeps its own D+5 on 06-08.
    assert.deepEqual(sentDays(log), [
      '2026-05-29: d-3-email email [A]',
      '2026-05-31: d-3-email email [B]',
      '2026-06-02: d+1-email email [A]',
      '2026-06-04: d+1-email email [B]',
      '2026-06-08: d+5-whatsapp whatsapp [B]',
    ]);
  });
});

describe('evaluate: suppression', () => {
  const day = '2026-06-02';
  const one = (overrides: Partial<ReceivableState> = {}) => [invoice('inv-1', due, 100_000, overrides)];

  function onlySuppressed(snapshot: CustomerSnapshot, asOf: IsoDate = day) {
    const evaluation = evaluate(defaultPolicy, snapshot, asOf);
    assert.deepEqual(evaluation.actions, [], 'nothing may be sent');
    assert.deepEqual(evaluation.executions, [], 'nothing may be recorded, so the cadence resumes later');
    return evaluation.suppressed;
  }

  it('a disputed invoice: suppressed, and the e-mail goes out the day the dispute is rejected', () => {
    assert.deepEqual(onlySuppressed(customer(one({ disputed: true }))), [
      { reason: 'disputed', stepId: 'd+1-email', currency: 'BRL', receivableIds: ['inv-1'] },
    ]);
    const { log } = diary(customer(one({ disputed: true })), ['2026-06-02', '2026-06-03', '2026-06-04'], (s, d) =>
      d === '2026-06-04' ? { ...s, receivables: one() } : s,
    );
    assert.deepEqual(sentDays(log), ['2026-06-04: d+1-email email [inv-1]']);
  });

  it('a disputed invoice leaves the group; the others are still chased without it', () => {
    const evaluation = evaluate(defaultPolicy, customer([invoice('A', '2026-05-22', 100_000, { disputed: true }), invoice('B', '2026-06-01')]), day);
    assert.deepEqual(sent(evaluation), ['d+1-email email [B]']);
    assert.deepEqual(evaluation.actions[0]?.listedReceivableIds, ['B']);
    assert.deepEqual(evaluation.suppressed, [{ reason: 'disputed', stepId: 'd+10-call', currency: 'BRL', receivableIds: ['A'] }]);
    assert.deepEqual(recorded(evaluation), ['B d+1-email sent']);
  });

  it('a promise to pay suppresses through its last day (promise date + grace), not after', () => {
    const promised = customer(one({ promisedUntil: '2026-06-05' }));
    assert.deepEqual(
      onlySuppressed(promised, '2026-06-05').map((s) => `${s.reason} ${s.stepId}`),
      ['promise_to_pay d+1-email'],
    );
    // Broken promise: on 06-06 the cadence resumes at the latest step, D+5; D+1 is caught up.
    const next = evaluate(defaultPolicy, promised, '2026-06-06');
    assert.deepEqual(sent(next), ['d+5-whatsapp whatsapp [inv-1]']);
    assert.deepEqual(recorded(next), ['inv-1 d+5-whatsapp sent']);
  });

  it('a payment plan in good standing suppresses; a broken plan resumes the cadence', () => {
    assert.deepEqual(
      onlySuppressed(customer(one({ inPlanGoodStanding: true }))).map((s) => s.reason),
      ['payment_plan'],
    );
    assert.deepEqual(sent(evaluate(defaultPolicy, customer(one()), day)), ['d+1-email email [inv-1]']);
  });

  it('gives the first reason that applies to a receivable: dispute, then promise, then plan', () => {
    const receivables = [
      invoice('A', due, 100_000, { disputed: true, promisedUntil: '2026-06-30', inPlanGoodStanding: true }),
      invoice('B', due, 100_000, { promisedUntil: '2026-06-30', inPlanGoodStanding: true }),
      invoice('C', due, 100_000, { inPlanGoodStanding: true }),
    ];
    assert.deepEqual(
      onlySuppressed(customer(receivables)).map((s) => `${s.reason} [${s.receivableIds.join(',')}]`),
      ['disputed [A]', 'payment_plan [C]', 'promise_to_pay [B]'],
    );
  });

  it('a paused customer: nothing until the day after the pause ends; an indefinite pause holds', () => {
    const pausedTo = (until: IsoDate | null, status: CustomerSnapshot['status'] = 'active') => customer(one(), { status, pausedUntil: until });
    assert.deepEqual(onlySuppressed(pausedTo('2026-06-02')), [{ reason: 'customer_paused', stepId: 'd+1-email', currency: 'BRL', receivableIds: ['inv-1'] }]);
    assert.deepEqual(
      onlySuppressed(pausedTo(null, 'paused')).map((s) => s.reason),
      ['customer_paused'],
    );
    assert.deepEqual(
      onlySuppressed(pausedTo('2026-06-10', 'paused')).map((s) => s.reason),
      ['customer_paused'],
    );
    // A pause with an end date expires by itself, even before anyone flips the status back.
    assert.deepEqual(sent(evaluate(defaultPolicy, pausedTo('2026-06-01', 'paused'), day)), ['d+1-email email [inv-1]']);
    assert.deepEqual(sent(evaluate(defaultPolicy, pausedTo('2026-06-01'), day)), ['d+1-email email [inv-1]']);
  });

  it('a customer with the agency, in court, bankrupt or closed gets nothing, whatever the invoices say', () => {
    for (const status of ['with_agency', 'in_court', 'bankrupt', 'closed'] as const) {
      const snapshot = customer([invoice('A', '2026-05-01', 100_000, { disputed: true }), invoice('B', '2026-06-01')], { status });
      assert.deepEqual(
        onlySuppressed(snapshot).map((s) => `${s.reason} ${s.stepId} [${s.receivableIds.join(',')}]`),
        [`${status} d+30-final-notice [A,B]`],
        status,
      );
    }
  });

  it('a debt at or below the tolerance is not chased; one minor unit more is', () => {
    const withTolerance = (open: number) => customer(one({ openMinor: open }), { toleranceMinor: { BRL: 500 } });
    assert.deepEqual(onlySuppressed(withTolerance(500)), [{ reason: 'below_tolerance', stepId: 'd+1-email', currency: 'BRL', receivableIds: ['inv-1'] }]);
    assert.deepEqual(sent(evaluate(defaultPolicy, withTolerance(501), day)), ['d+1-email email [inv-1]']);
    // The tolerance is per currency: a USD tolerance does not cover a BRL debt.
    assert.deepEqual(sent(evaluate(defaultPolicy, customer(one({ openMinor: 300 }), { toleranceMinor: { USD: 500 } }), day)), ['d+1-email email [inv-1]']);
  });

  it('the tolerance looks at what is owed now, not at invoices that are not yet due', () => {
    const snapshot = customer([invoice('small', due, 300), invoice('future', '2026-07-15', 900_000)], { toleranceMinor: { BRL: 500 } });
    assert.deepEqual(
      onlySuppressed(snapshot).map((s) => s.reason),
      ['below_tolerance'],
    );
  });

  it('payments received but not yet allocated that cover the debt suppress; short by one unit they do not', () => {
    const withCredit = (credit: number) =>
      customer([invoice('A', due, 60_000), invoice('B', '2026-05-25', 40_000)], { unallocatedCreditMinor: { BRL: credit } });
    assert.deepEqual(onlySuppressed(withCredit(100_000)), [
      { reason: 'covered_by_credit', stepId: 'd+5-whatsapp', currency: 'BRL', receivableIds: ['A', 'B'] },
    ]);
    assert.deepEqual(sent(evaluate(defaultPolicy, withCredit(99_999), day)), ['d+5-whatsapp whatsapp [A,B]']);
  });

  it('an opted-out e-mail, or one without consent, suppresses the e-mail step as opted_out', () => {
    for (const consent of ['opted_out', 'unknown'] as const) {
      assert.deepEqual(onlySuppressed(customer(one(), { contacts: [{ ...email, consent }, phone] })), [
        { reason: 'opted_out', stepId: 'd+1-email', currency: 'BRL', receivableIds: ['inv-1'] },
      ]);
    }
  });

  it('no e-mail address at all: no_contact', () => {
    assert.deepEqual(
      onlySuppressed(customer(one(), { contacts: [phone] })).map((s) => s.reason),
      ['no_contact'],
    );
  });

  it('WhatsApp without consent and a phone opted out of SMS: opted_out; no WhatsApp and no phone: no_contact', () => {
    const day5 = '2026-06-06';
    const optedOut = customer(one(), { contacts: [email, { ...whatsapp, consent: 'opted_out' }, { ...phone, consent: 'opted_out' }] });
    assert.deepEqual(
      onlySuppressed(optedOut, day5).map((s) => `${s.reason} ${s.stepId}`),
      ['opted_out d+5-whatsapp'],
    );
    assert.deepEqual(
      onlySuppressed(customer(one(), { contacts: [email] }), day5).map((s) => `${s.reason} ${s.stepId}`),
      ['no_contact d+5-whatsapp'],
    );
  });

  it('a call task with no phone does not hold back a younger invoice: its e-mail still goes, and the call waits for a phone', () => {
    const start = customer([invoice('A', '2026-06-01'), invoice('B', '2026-06-10')], {
      contacts: [email],
      history: ['d-3-email', 'd+1-email', 'd+5-whatsapp'].map((stepId) => ({ receivableId: 'A', stepId, on: '2026-06-06', outcome: 'sent' as const })),
    });
    const { log } = diary(start, ['2026-06-11', '2026-06-12', '2026-06-13'], (s, d) => (d === '2026-06-13' ? { ...s, contacts: [email, phone] } : s));
    assert.deepEqual(sent(log.get('2026-06-11')!), ['d+1-email email [B]']);
    assert.deepEqual(log.get('2026-06-11')!.suppressed, [{ reason: 'no_contact', stepId: 'd+10-call', currency: 'BRL', receivableIds: ['A'] }]);
    assert.deepEqual(recorded(log.get('2026-06-11')!), ['B d+1-email sent']);
    assert.deepEqual(sent(log.get('2026-06-12')!), []);
    assert.deepEqual(sent(log.get('2026-06-13')!), ['d+10-call call_task [A]']);
  });

  it('the letter still goes when the D+20 e-mail cannot, and the e-mail follows once an address exists', () => {
    const history = ['d-3-email', 'd+1-email', 'd+5-whatsapp', 'd+10-call'].map((stepId) => ({
      receivableId: 'inv-1',
      stepId,
      on: '2026-06-11',
      outcome: 'sent' as const,
    }));
    const start = customer([invoice('inv-1', due)], { contacts: [phone], history });
    const { log } = diary(start, ['2026-06-21', '2026-06-22'], (s, d) => (d === '2026-06-22' ? { ...s, contacts: [email, phone] } : s));
    assert.deepEqual(sent(log.get('2026-06-21')!), ['d+20-letter letter [inv-1]']);
    assert.deepEqual(
      log.get('2026-06-21')!.suppressed.map((s) => `${s.reason} ${s.stepId}`),
      ['no_contact d+20-email'],
    );
    assert.deepEqual(sent(log.get('2026-06-22')!), ['d+20-email email [inv-1]']);
  });

  it('customer-level suppression wins over receivable-level', () => {
    const snapshot = customer(one({ disputed: true }), { status: 'bankrupt' });
    assert.deepEqual(
      onlySuppressed(snapshot).map((s) => s.reason),
      ['bankrupt'],
    );
  });
});

describe('evaluate: step conditions', () => {
  const withConditions = (conditions: CadenceStep['conditions']): CadencePolicy => ({
    name: 'conditional',
    version: 1,
    steps: defaultPolicy.steps.map((s) => (s.id === 'd+45-bureau-listing' || s.id === 'd+20-letter' ? { ...s, conditions } : s)),
  });
  const history = (upTo: number) =>
    defaultPolicy.steps.filter((s) => s.offsetDays <= upTo).map((s) => ({ receivableId: 'A', stepId: s.id, on: '2026-06-01', outcome: 'sent' as const }));

  it('a step whose conditions the customer does not meet is skipped for good, and a younger invoice still gets its reminder', () => {
    // A reaches D+45 (bureau listing, for businesses only) the day B reaches D+1.
    const snapshot = customer([invoice('A', '2026-06-01'), invoice('B', '2026-07-15')], { history: history(30) });
    const evaluation = evaluate(withConditions({ partyTypes: ['business'] }), snapshot, '2026-07-16');
    assert.deepEqual(sent(evaluation), ['d+1-email email [B]']);
    assert.deepEqual(recorded(evaluation), ['A d+45-bureau-listing skipped', 'B d+1-email sent']);
    assert.deepEqual(sent(evaluate(withConditions({ partyTypes: ['business'] }), { ...snapshot, partyType: 'business' }, '2026-07-16')), [
      'd+45-bureau-listing action [A,B]',
    ]);
  });

  it('a minimum amount applies to the debt in that currency: the letter only goes when it is high enough', () => {
    const policy = withConditions({ minOpenMinor: { BRL: 150_000 } });
    const base = (open: number) => customer([invoice('A', '2026-06-01', open), invoice('B', '2026-06-05', 50_000)], { history: history(10) });
    const low = evaluate(policy, base(99_999), '2026-06-21');
    assert.deepEqual(sent(low), ['d+20-email email [A,B]']);
    assert.ok(recorded(low).includes('A d+20-letter skipped'));
    assert.deepEqual(sent(evaluate(policy, base(100_000), '2026-06-21')), ['d+20-email email [A,B]', 'd+20-letter letter [A,B]']);
    // No minimum for a currency the condition does not name.
    const usd = customer([invoice('A', '2026-06-01', 10, { currency: 'USD' })], { history: history(10) });
    assert.deepEqual(sent(evaluate(policy, usd, '2026-06-21')), ['d+20-email email [A]', 'd+20-letter letter [A]']);
  });

  it('checks segment, tier, risk band and country against the customer', () => {
    const cases: [CadenceStep['conditions'], boolean][] = [
      [{ segments: ['retail', 'smb'] }, true],
      [{ segments: ['enterprise'] }, false],
      [{ tiers: ['gold'] }, false], // the customer has no tier
      [{ riskBands: ['B', 'C'] }, true],
      [{ riskBands: ['A'] }, false],
      [{ countries: ['BR'] }, true],
      [{ countries: ['MX', 'ES'] }, false],
      [{ partyTypes: ['consumer'], countries: ['BR'], segments: ['retail'] }, true],
      [{ partyTypes: ['consumer'], countries: ['US'] }, false],
    ];
    for (const [conditions, fires] of cases) {
      const evaluation = evaluate(withConditions(conditions), customer([invoice('A', '2026-06-01')], { history: history(10) }), '2026-06-21');
      assert.equal(sent(evaluation).includes('d+20-letter letter [A]'), fires, JSON.stringify(conditions));
      assert.equal(recorded(evaluation).includes('A d+20-letter skipped'), !fires, JSON.stringify(conditions));
    }
  });
});

describe('evaluate: properties', () => {
  const currencies = ['BRL', 'USD'] as const;
  const base = '2026-03-01';

  it('day after day from D-5 to D+70, with outages, payments, disputes and consent changes: each step at most once per receivable, one offset per customer × currency × day', () => {
    const receivableArb = fc.record({
      dueIn: fc.integer({ min: 0, max: 20 }),
      currency: fc.constantFrom(...currencies),
      openMinor: fc.integer({ min: 1, max: 1_000_000 }),
    });
    const dayArb = fc.record({
      ran: fc.boolean(),
      paid: fc.nat({ max: 3 }), // index of a receivable that receives a partial payment
      disputed: fc.nat({ max: 5 }),
      withoutPhone: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(receivableArb, { minLength: 1, maxLength: 4 }), fc.array(dayArb, { minLength: 95, maxLength: 95 }), (specs, dayPlan) => {
        let receivables = specs.map((s, i) => invoice(`r${i}`, addDays(base, s.dueIn), s.openMinor, { currency: s.currency }));
        let history: StepExecution[] = [];
        const offsetOf = new Map(defaultPolicy.steps.map((s) => [s.id, s.offsetDays]));
        const dueSent = new Set<string>();
        dayPlan.forEach((plan, i) => {
          const asOf = addDays(base, i - 5);
          receivables = receivables.map((r, k) => ({
            ...r,
            openMinor: k === plan.paid ? Math.max(0, r.openMinor - 10_000) : r.openMinor,
            disputed: k === plan.disputed,
          }));
          if (!plan.ran) return;
          const snapshot = customer(receivables, { history, contacts: plan.withoutPhone ? [email] : [email, phone] });
          const evaluation = evaluate(defaultPolicy, snapshot, asOf);

          for (const currency of currencies) {
            const offsets = new Set(evaluation.actions.filter((a) => a.currency === currency).map((a) => offsetOf.get(a.stepId)));
            assert.ok(offsets.size <= 1, `${asOf} ${currency}: several offsets ${[...offsets].join(', ')}`);
          }
          for (const action of evaluation.actions) {
            for (const id of action.dueReceivableIds) {
              const receivable = receivables.find((r) => r.id === id)!;
              assert.ok(daysBetween(receivable.dueDate, asOf) >= offsetOf.get(action.stepId)!, `${id} ${action.stepId} fired early on ${asOf}`);
              const key = `${id} ${action.stepId}`;
              assert.ok(!dueSent.has(key), `${key} fired twice`);
              dueSent.add(key);
            }
            // Every receivable a message covers is recorded as done that day.
            for (const id of action.receivableIds)
              assert.ok(
                evaluation.executions.some((e) => e.receivableId === id && e.outcome === 'sent'),
                `${id} not recorded`,
              );
          }
          for (const e of evaluation.executions) {
            assert.ok(!history.some((h) => h.receivableId === e.receivableId && h.stepId === e.stepId), `${e.receivableId} ${e.stepId} recorded twice`);
          }
          history = [...history, ...evaluation.executions];
        });
      }),
      { numRuns: 200 },
    );
  });
});
