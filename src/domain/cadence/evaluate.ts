/**
 * evaluate(policy, snapshot, asOf): what the cadence does today for one customer. Pure: the
 * same inputs give the same, sorted output; the caller records `executions` with the actions
 * (same transaction) and feeds them back as `history` on the next run.
 *
 * Semantics
 *
 * 1. Due step. For a receivable with openMinor > 0, let days = daysBetween(dueDate, asOf) and
 *    floor = the greatest offset among its executed steps. Its pending steps are the steps with
 *    no execution, offset ≤ days and offset ≥ floor (steps never go backwards). The *due
 *    offset* is the greatest pending offset; the steps pending at it are its *due steps*
 *    (D+20 e-mail and letter fire together). Pending steps below the due offset were missed
 *    (weekend, outage): once a due step is recorded the floor rises above them, so catch-up
 *    fires only the latest step, once, and nothing is recorded for them (a row per missed
 *    step would triple what a first run over an old portfolio writes and every later run
 *    reads). Steps of an unknown id in the history (an older policy version) are ignored.
 *
 * 2. One escalation per customer × currency × day. Receivables are grouped by currency. The
 *    group's due offsets are processed from the greatest down; the first offset at which some
 *    step produces an action is the day's escalation, and it *covers* every remaining
 *    receivable of a smaller due offset: those receivables are listed in the action and their
 *    due steps are recorded 'sent'. So pre-due steps (offset < 0) fire
 *    only when no overdue step fires, and a customer never gets two offsets on the same day.
 *    An offset whose steps all fail their conditions or are all suppressed by channel does not
 *    block the group: the next lower offset is tried (a consumer skipped past a business-only
 *    step still gets the reminder of its younger invoice).
 *
 * 3. Suppression, checked before firing, records a Suppression and no execution, so the
 *    cadence resumes where it was once the reason goes away. In order:
 *    - customer: status other than 'active' (with_agency, in_court, bankrupt, closed, paused),
 *      or pausedUntil ≥ asOf → everything. A 'paused' status whose pausedUntil has passed is
 *      an expired pause and no longer suppresses.
 *    - receivable: disputed, promisedUntil ≥ asOf, inPlanGoodStanding (first that applies, in
 *      that order) → the receivable leaves the group, recorded per (reason, due step).
 *    - amount: the debt is the open amount of the remaining receivables that are due
 *      (dueDate ≤ asOf) or part of today's group. Debt ≤ toleranceMinor[currency] →
 *      'below_tolerance'; unallocatedCreditMinor[currency] ≥ debt → 'covered_by_credit'.
 *    - channel, per step: contacts of the step's channel ('phone' serves sms and call_task;
 *      letter and action need none) with consent 'granted'; else the fallback channel's;
 *      else 'opted_out' when contacts of those channels exist without consent, 'no_contact'
 *      when none exist.
 *    A partial payment only lowers openMinor: the history, hence the next step, is unchanged.
 *
 * 4. Conditions (minimum on the debt of point 3, segment, tier, risk band, country, party
 *    type) not met: the step is recorded 'skipped' for its receivables, with no action.
 *    An escalation step (policy.ts escalationOf: bureau listing and its final notice, agency,
 *    court) not configured for the debtor's country (snapshot.escalations) is recorded
 *    'skipped' too, with a Suppression 'escalation_not_configured' saying why.
 */
import { daysBetween, type IsoDate } from '../dates.ts';
import { escalationOf, type ActionKind, type CadencePolicy, type CadenceStep, type Channel, type StepConditions, type Tone } from './policy.ts';
import type { ContactPoint, CustomerSnapshot, ReceivableState, StepExecution } from './snapshot.ts';
import { amountSuppression, contactChannelOf, customerSuppression, mayContact, receivableSuppression, type SuppressionReason } from './suppression.ts';

export type { SuppressionReason } from './suppression.ts';

export interface CadenceAction {
  stepId: string;
  offsetDays: number;
  /** After fallback (a WhatsApp step sent as SMS says 'sms'). */
  channel: Channel;
  template: string;
  tone: Tone;
  action?: ActionKind;
  attachInvoices: boolean;
  currency: string;
  /** Every receivable whose step this action fulfils: `dueReceivableIds` plus the covered ones; sorted. */
  receivableIds: string[];
  /** The receivables that reached this very step (e.g. the invoices to list at the bureau); sorted. */
  dueReceivableIds: string[];
  /** What a consolidated message lists: every open, unsuppressed receivable already due, plus `receivableIds`; sorted. */
  listedReceivableIds: string[];
  /** The debt the decision was made on (see point 3 of the semantics). */
  openTotalMinor: number;
  /** Contacts to reach on `channel`; empty for letter and action. Sorted. */
  contactIds: string[];
  /** `${customerId}:${stepId}:${currency}:${asOf}`: the same decision always has the same key. */
  dedupeKey: string;
}

export interface Suppression {
  reason: SuppressionReason;
  stepId: string;
  currency: string;
  receivableIds: string[];
}

export interface Evaluation {
  actions: CadenceAction[];
  suppressed: Suppression[];
  /** Every (receivable, step) to record as done today, sent or skipped. */
  executions: StepExecution[];
}

interface DuePlan {
  receivable: ReceivableState;
  dueOffset: number;
  dueSteps: CadenceStep[];
}

export function evaluate(policy: CadencePolicy, snapshot: CustomerSnapshot, asOf: IsoDate): Evaluation {
  // A validated policy is already sorted; sorting again (stably) keeps evaluate safe on literals.
  const steps = [...policy.steps].sort((a, b) => a.offsetDays - b.offsetDays);
  const rank = new Map(steps.map((step, i) => [step.id, i]));
  const byRank = (a: string, b: string) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0);

  const executed = new Map<string, Set<string>>();
  for (const entry of snapshot.history) {
    if (!rank.has(entry.stepId)) continue;
    let set = executed.get(entry.receivableId);
    if (!set) executed.set(entry.receivableId, (set = new Set()));
    set.add(entry.stepId);
  }

  const actions: CadenceAction[] = [];
  const suppressed: Suppression[] = [];
  const executions: StepExecution[] = [];
  const record = (receivableId: string, stepId: string, outcome: StepExecution['outcome']) => executions.push({ receivableId, stepId, on: asOf, outcome });
  const suppress = (reason: SuppressionReason, stepId: string, currency: string, ids: string[]) =>
    suppressed.push({ reason, stepId, currency, receivableIds: [...ids].sort() });

  const open = snapshot.receivables.filter((r) => r.openMinor > 0).sort((a, b) => compare(a.id, b.id));
  const currencies = [...new Set(open.map((r) => r.currency))].sort();
  const customerReason = customerSuppression(snapshot, asOf);

  for (const currency of currencies) {
    const inCurrency = open.filter((r) => r.currency === currency);
    const plans = inCurrency.flatMap((r) => duePlan(r, steps, executed.get(r.id), asOf) ?? []);
    if (plans.length === 0) continue;

    if (customerReason) {
      for (const step of topSteps(plans))
        suppress(
          customerReason,
          step.id,
          currency,
          plans.map((p) => p.receivable.id),
        );
      continue;
    }

    const removed = new Set<string>();
    const byReasonAndStep = new Map<string, { reason: SuppressionReason; stepId: string; ids: string[] }>();
    const eligible: DuePlan[] = [];
    for (const plan of plans) {
      const reason = receivableSuppression(plan.receivable, asOf);
      if (!reason) {
        eligible.push(plan);
        continue;
      }
      removed.add(plan.receivable.id);
      for (const step of plan.dueSteps) {
        const key = `${reason}\u0000${step.id}`;
        const entry = byReasonAndStep.get(key) ?? { reason, stepId: step.id, ids: [] };
        entry.ids.push(plan.receivable.id);
        byReasonAndStep.set(key, entry);
      }
    }
    for (const { reason, stepId, ids } of byReasonAndStep.values()) suppress(reason, stepId, currency, ids);
    // Receivables suppressed but not due for a step today still must not be chased or counted.
    for (const r of inCurrency) if (receivableSuppression(r, asOf)) removed.add(r.id);
    if (eligible.length === 0) continue;

    const inGroup = new Set(eligible.map((p) => p.receivable.id));
    const owed = inCurrency.filter((r) => !removed.has(r.id) && (r.dueDate <= asOf || inGroup.has(r.id)));
    const debt = owed.reduce((sum, r) => sum + r.openMinor, 0);
    const amountReason = amountSuppression(snapshot, currency, debt);
    if (amountReason) {
      for (const step of topSteps(eligible)) suppress(amountReason, step.id, currency, [...inGroup]);
      continue;
    }

    const alreadyDue = owed.filter((r) => r.dueDate <= asOf).map((r) => r.id);
    let remaining = eligible;
    const offsets = [...new Set(eligible.map((p) => p.dueOffset))].sort((a, b) => b - a);
    for (const offset of offsets) {
      const atLevel = remaining.filter((p) => p.dueOffset === offset);
      const lower = remaining.filter((p) => p.dueOffset < offset);
      const coveredIds = lower.map((p) => p.receivable.id);
      const levelSteps = topSteps(atLevel);
      let fired = false;

      for (const step of levelSteps) {
        const dueIds = atLevel.filter((p) => p.dueSteps.includes(step)).map((p) => p.receivable.id);
        const escalation = escalationOf(step);
        if (escalation && snapshot.escalations && !snapshot.escalations.includes(escalation)) {
          for (const id of dueIds) record(id, step.id, 'skipped');
          suppress('escalation_not_configured', step.id, currency, dueIds);
          continue;
        }
        if (!conditionsMet(step.conditions, snapshot, currency, debt)) {
          for (const id of dueIds) record(id, step.id, 'skipped');
          continue;
        }
        const route = resolveChannel(step, snapshot.contacts);
        if (!route.ok) {
          suppress(route.reason, step.id, currency, dueIds);
          continue;
        }
        fired = true;
        for (const id of dueIds) record(id, step.id, 'sent');
        const receivableIds = [...dueIds, ...coveredIds].sort(compare);
        const action: CadenceAction = {
          stepId: step.id,
          offsetDays: step.offsetDays,
          channel: route.channel,
          template: step.template,
          tone: step.tone,
          attachInvoices: step.attachInvoices ?? false,
          currency,
          receivableIds,
          dueReceivableIds: [...dueIds].sort(compare),
          listedReceivableIds: [...new Set([...alreadyDue, ...receivableIds])].sort(compare),
          openTotalMinor: debt,
          contactIds: route.contactIds,
          dedupeKey: `${snapshot.customerId}:${step.id}:${currency}:${asOf}`,
        };
        if (step.action !== undefined) action.action = step.action;
        actions.push(action);
      }

      if (fired) {
        for (const plan of lower) for (const step of plan.dueSteps) record(plan.receivable.id, step.id, 'sent');
        break;
      }
      remaining = lower;
    }
  }

  actions.sort((a, b) => compare(a.currency, b.currency) || byRank(a.stepId, b.stepId));
  suppressed.sort(
    (a, b) =>
      compare(a.currency, b.currency) ||
      byRank(a.stepId, b.stepId) ||
      compare(a.reason, b.reason) ||
      compare(a.receivableIds.join(','), b.receivableIds.join(',')),
  );
  executions.sort((a, b) => compare(a.receivableId, b.receivableId) || byRank(a.stepId, b.stepId));
  return { actions, suppressed, executions };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function duePlan(receivable: ReceivableState, steps: CadenceStep[], done: Set<string> | undefined, asOf: IsoDate): DuePlan | null {
  const days = daysBetween(receivable.dueDate, asOf);
  let floor = -Infinity;
  for (const step of steps) if (done?.has(step.id)) floor = Math.max(floor, step.offsetDays);
  const pending = steps.filter((s) => !done?.has(s.id) && s.offsetDays <= days && s.offsetDays >= floor);
  if (pending.length === 0) return null;
  const dueOffset = Math.max(...pending.map((s) => s.offsetDays));
  return {
    receivable,
    dueOffset,
    dueSteps: pending.filter((s) => s.offsetDays === dueOffset),
  };
}

/** The union of the due steps at the greatest due offset, in policy order. */
function topSteps(plans: DuePlan[]): CadenceStep[] {
  const top = Math.max(...plans.map((p) => p.dueOffset));
  const seen = new Set<CadenceStep>();
  for (const plan of plans) if (plan.dueOffset === top) for (const step of plan.dueSteps) seen.add(step);
  return [...seen];
}

function conditionsMet(conditions: StepConditions | undefined, snapshot: CustomerSnapshot, currency: string, debt: number): boolean {
  if (!conditions) return true;
  const minimum = conditions.minOpenMinor?.[currency];
  if (minimum !== undefined && debt < minimum) return false;
  const within = (list: string[] | undefined, value: string | null) => list === undefined || (value !== null && list.includes(value));
  return (
    within(conditions.segments, snapshot.segment) &&
    within(conditions.tiers, snapshot.tier) &&
    within(conditions.riskBands, snapshot.riskBand) &&
    within(conditions.countries, snapshot.country) &&
    within(conditions.partyTypes, snapshot.partyType)
  );
}

type Route = { ok: true; channel: Channel; contactIds: string[] } | { ok: false; reason: 'opted_out' | 'no_contact' };

function resolveChannel(step: CadenceStep, contacts: ContactPoint[]): Route {
  const tried = step.fallbackChannel ? [step.channel, step.fallbackChannel] : [step.channel];
  for (const channel of tried) {
    const needed = contactChannelOf[channel];
    if (needed === null) return { ok: true, channel, contactIds: [] };
    const usable = contacts.filter((c) => c.channel === needed && mayContact(c));
    if (usable.length > 0) return { ok: true, channel, contactIds: usable.map((c) => c.id).sort(compare) };
  }
  const anyExists = tried.some((channel) => contacts.some((c) => c.channel === contactChannelOf[channel]));
  return { ok: false, reason: anyExists ? 'opted_out' : 'no_contact' };
}
