import type { Db, Tx } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { abandonStaleRuns, failRun, finishRun, insertRun, insertStepExecutions, type NewStepExecution } from '../../stores/cadence-runs.ts';
import { insertCadenceTasks, type NewCadenceTask } from '../../stores/tasks.ts';
import { insertRunMessages, type NewRunMessage } from '../../stores/outbox.ts';
import { customersToDecide } from '../../stores/snapshots.ts';
import type { Organisation } from '../../db/schema.ts';
import { allowedAt, contactCapsFor, evaluate, type CadenceAction, type Channel, type SuppressionReason } from '../../domain/cadence/index.ts';
import { contactCapsOf } from '../contact-caps-settings.ts';
import { recentContacts } from '../delivery/recent-contacts.ts';
import { escalationStepsFor } from '../../domain/jurisdiction.ts';
import { appendInteractions, type NewInteraction } from '../contact-record.ts';
import { raiseDisputeDeadlineTasks } from '../account-work/dispute-deadline-tasks.ts';
import { settlePromises } from '../account-work/settle-promises.ts';
import type { CreditBureau } from '../../adapters/bureau/credit-bureau.ts';
import { reviewEscalations } from '../escalation/review-escalations.ts';
import { getEscalationSettings } from '../escalation/settings.ts';
import { reviewPlans } from '../payment-plans/review-plans.ts';
import { enqueueWebhookEvents, type WebhookEvent } from '../webhooks/enqueue.ts';
import { lockAndLoadSnapshots, type LoadedCustomer } from './load-snapshots.ts';
import { loadPolicies, policyFor } from './policies.ts';

export interface RunOptions {
  asOf: string;
  /** The instant used to decide what may be sent now and what waits for the next allowed slot. */
  now: Date;
  dryRun?: boolean;
  batchSize?: number;
  trigger?: string;
  /** A cadence_runs row already claimed by the scheduler. */
  runId?: string;
  /** The credit bureau for listings and removals; without it escalations wait. */
  bureau?: CreditBureau;
  /** Batches decided at the same time, each in its own transaction (PostgreSQL: 2; PGlite has one connection: 1). */
  concurrency?: number;
  onProgress?: (done: number) => void;
}

/** The `regua run --json` summary (DESIGN.md §4). */
export interface RunSummary {
  as_of: string;
  customers_evaluated: number;
  actions: Record<'email' | 'sms' | 'whatsapp' | 'letter' | 'call_task' | 'other', number>;
  suppressed: Partial<Record<SuppressionReason, number>>;
  deferred: number;
}

/**
 * The daily run: for every customer with open receivables, decide what the cadence does on
 * `asOf` and write the decisions, outbox messages, tasks, webhook events and contact-record
 * entries in one transaction per batch of customers. Idempotent: a step executed for a
 * receivable is never executed again, so running the same date twice (or resuming an
 * interrupted run) adds nothing.
 */
export async function runCadence(db: Db, org: Organisation, options: RunOptions): Promise<RunSummary> {
  // Promises come due before deciding, so a broken one no longer suppresses today's steps.
  // The day's bookkeeping first, so the decisions see today's state: plans completed or
  // broken, promises kept or broken, dispute deadlines on the worklist.
  if (!options.dryRun) {
    await reviewPlans(db, org.id, options.asOf, options.now);
    await settlePromises(db, org.id, options.asOf, options.now);
    await inTransaction(db, (trx) => raiseDisputeDeadlineTasks(trx, org.id, options.asOf));
  }
  const summary: RunSummary = {
    as_of: options.asOf,
    customers_evaluated: 0,
    actions: { email: 0, sms: 0, whatsapp: 0, letter: 0, call_task: 0, other: 0 },
    suppressed: {},
    deferred: 0,
  };
  const policies = await loadPolicies(db, org.id);
  const tolerance = org.settings.tolerance_minor ?? {};
  const { stepsByCountry } = await getEscalationSettings(db, org.id);
  const escalationsOf = (country: string) => escalationStepsFor(country, stepsByCountry);
  if (!options.dryRun) await abandonStaleRuns(db, org.id, new Date(options.now.getTime() - staleRunMs), options.now);
  const run = options.dryRun ? undefined : options.runId ? { id: options.runId } : await insertRun(db, org.id, options.asOf, options.trigger ?? 'cli');
  try {
    await decideAll(db, org, options, policies, summary, tolerance, escalationsOf);
  } catch (error) {
    if (run) await failRun(db, org.id, run.id, new Date(), error instanceof Error ? error.message : String(error));
    throw error;
  }
  if (run) {
    await finishRun(db, org.id, run.id, new Date(), summary);
  }
  return summary;
}

/**
 * A run whose process died (killed after committing some batches) never finishes; one that
 * started this long ago and is still "running" is closed as abandoned by the organisation's next
 * run (runs take seconds to a minute; the scheduler takes such a claim over after the same time).
 */
export const staleRunMs = 15 * 60_000;

async function decideAll(
  db: Db,
  org: Organisation,
  options: RunOptions,
  policies: Awaited<ReturnType<typeof loadPolicies>>,
  summary: RunSummary,
  tolerance: Record<string, number>,
  escalationsOf: (country: string) => ReturnType<typeof escalationStepsFor>,
): Promise<void> {
  const batchSize = options.batchSize ?? 1000;

  const decide = async (trx: Tx, customerIds: string[]) => {
    const loaded = await lockAndLoadSnapshots(trx, org.id, customerIds, (c) => policyFor(policies, c).name, options.asOf, tolerance, escalationsOf);
    await decideBatch(trx, org, loaded, (c) => policyFor(policies, c), options, summary);
  };
  const decideInTransaction = async (customerIds: string[]) => {
    if (!options.dryRun) return inTransaction(db, (trx) => decide(trx, customerIds));
    await inTransaction(db, async (trx) => {
      await decide(trx, customerIds);
      throw new DryRunRollback();
    }).catch((error: unknown) => {
      if (!(error instanceof DryRunRollback)) throw error;
    });
  };

  // Pages of customers with open receivables, handed out one at a time to the batch workers.
  let after = '00000000-0000-0000-0000-000000000000';
  let paging: Promise<unknown> = Promise.resolve();
  let stop = false;
  const nextPage = (): Promise<string[]> => {
    const page = paging.then(async () => {
      if (stop) return [];
      const ids = await customersToDecide(db, org.id, options.asOf, after, batchSize);
      if (ids.length === 0) stop = true;
      else after = ids.at(-1)!;
      return ids;
    });
    paging = page.catch(() => undefined);
    return page;
  };
  // On PostgreSQL a second batch decides while the first one writes (Node and the server both
  // busy); batches lock disjoint customers, and only the contact record's chain head is shared.
  const worker = async () => {
    for (let page = await nextPage(); page.length > 0 && !stop; page = await nextPage()) {
      await decideInTransaction(page);
      options.onProgress?.(summary.customers_evaluated);
    }
  };
  const outcomes = await Promise.allSettled(
    Array.from({ length: Math.max(1, options.concurrency ?? 1) }, () =>
      worker().catch((error: unknown) => {
        stop = true;
        throw error;
      }),
    ),
  );
  const failure = outcomes.find((o) => o.status === 'rejected');
  if (failure) throw failure.reason;

  // Escalation markers decided today (bureau listing) and pending removals move on.
  if (!options.dryRun && options.bureau) await reviewEscalations(db, org.id, options.asOf, options.now, { bureau: options.bureau });
}

class DryRunRollback extends Error {}

async function decideBatch(
  trx: Tx,
  org: Organisation,
  loaded: LoadedCustomer[],
  policyOf: (c: LoadedCustomer['customer']) => ReturnType<typeof policyFor>,
  options: RunOptions,
  summary: RunSummary,
): Promise<void> {
  const executions: NewStepExecution[] = [];
  const messages: DecidedMessage[] = [];
  const tasks: DecidedTask[] = [];
  const interactions: NewInteraction[] = [];
  const events: WebhookEvent[] = [];
  const evaluated = loaded.map(({ customer, snapshot, contacts }) => {
    const policy = policyOf(customer);
    return { customer, contacts, policy, evaluation: evaluate(policy, snapshot, options.asOf) };
  });
  // Letters and actions have no cap: look up recent contacts for the customers reached directly.
  const capped = evaluated.filter((e) => e.evaluation.actions.some((a) => a.channel !== 'letter' && a.channel !== 'action'));
  const recent = await recentContacts(
    trx,
    org.id,
    capped.map((e) => e.customer.id),
    options.now,
  );
  const configuredCaps = contactCapsOf(org);

  for (const { customer, contacts, policy, evaluation } of evaluated) {
    summary.customers_evaluated++;
    for (const s of evaluation.suppressed) {
      summary.suppressed[s.reason] = (summary.suppressed[s.reason] ?? 0) + 1;
      // Recorded once: the step is also recorded 'skipped', so it never comes due again.
      if (s.reason === 'escalation_not_configured') {
        interactions.push({
          occurredAt: options.now,
          customerId: customer.id,
          actor: 'cadence',
          channel: 'system',
          kind: 'step_skipped',
          content: {
            as_of: options.asOf,
            policy: `${policy.name} v${policy.version}`,
            step: s.stepId,
            reason: s.reason,
            country: customer.country,
            currency: s.currency,
            receivables: s.receivableIds,
          },
        });
      }
    }
    for (const e of evaluation.executions) {
      executions.push({
        receivable_id: e.receivableId,
        policy_name: policy.name,
        step_id: e.stepId,
        customer_id: customer.id,
        executed_on: e.on,
        outcome: e.outcome,
      });
    }
    const customerRecent = recent.get(customer.id) ?? [];
    const caps = contactCapsFor(customer.country, configuredCaps);
    for (const action of evaluation.actions) {
      summary.actions[actionBucket(action.channel)]++;
      const common = { customerId: customer.id, action, policyName: policy.name };
      if (action.channel === 'email' || action.channel === 'sms' || action.channel === 'whatsapp') {
        for (const contactId of action.contactIds) {
          const contact = contacts.get(contactId)!;
          const sendAt = allowedAt(action.channel, options.now, contact.timezone, customer.country, customerRecent, caps);
          if (sendAt > options.now) summary.deferred++;
          customerRecent.push({ channel: action.channel, at: sendAt });
          messages.push({
            ...common,
            contactId,
            recipient: contact.address,
            language: contact.language,
            timezone: contact.timezone,
            country: customer.country,
            sendAt,
          });
        }
      } else if (action.channel === 'letter') {
        messages.push({
          ...common,
          contactId: null,
          recipient: customer.postal_address ?? `${customer.name} (no postal address on file)`,
          language: customer.language,
          timezone: customer.timezone,
          country: customer.country,
          sendAt: options.now,
        });
      } else {
        const notBefore =
          action.channel === 'call_task' ? allowedAt('call_task', options.now, customer.timezone, customer.country, customerRecent, caps) : null;
        if (notBefore && notBefore > options.now) summary.deferred++;
        if (notBefore) customerRecent.push({ channel: 'call_task', at: notBefore });
        tasks.push({ ...common, kind: action.channel === 'call_task' ? 'call' : (action.action ?? 'review'), notBefore });
      }
      interactions.push({
        occurredAt: options.now,
        customerId: customer.id,
        actor: 'cadence',
        channel: action.channel,
        kind: 'step_executed',
        content: {
          as_of: options.asOf,
          policy: `${policy.name} v${policy.version}`,
          step: action.stepId,
          tone: action.tone,
          template: action.template,
          currency: action.currency,
          open_minor: action.openTotalMinor,
          receivables: action.receivableIds,
          ...(action.action ? { action: action.action } : {}),
        },
      });
      events.push({
        id: action.dedupeKey,
        type: 'cadence.step_executed',
        data: {
          customer_external_id: customer.external_id,
          step: action.stepId,
          channel: action.channel,
          as_of: options.asOf,
          currency: action.currency,
          receivable_ids: action.receivableIds,
        },
      });
    }
  }

  await insertStepExecutions(trx, org.id, executions);
  await insertRunMessages(
    trx,
    org.id,
    messages.map((m) => messageRow(m, options.asOf)),
  );
  await insertCadenceTasks(
    trx,
    org.id,
    tasks.map((t) => taskRow(t, options.asOf)),
  );
  await enqueueWebhookEvents(trx, org.id, events, options.now);
  // Last: the contact record's chain head stays locked until commit, and concurrent batches queue on it.
  await appendInteractions(trx, org.id, interactions);
}

function actionBucket(channel: Channel): keyof RunSummary['actions'] {
  return channel === 'action' ? 'other' : channel;
}

interface Decided {
  customerId: string;
  action: CadenceAction;
  policyName: string;
}

type DecidedMessage = Decided & { contactId: string | null; recipient: string; language: string; timezone: string; country: string; sendAt: Date };
type DecidedTask = Decided & { kind: string; notBefore: Date | null };

function messageRow(m: DecidedMessage, asOf: string): NewRunMessage {
  return {
    customer_id: m.customerId,
    dedupe_key: `${m.action.dedupeKey}:${m.contactId ?? 'letter'}`,
    as_of: asOf,
    policy_name: m.policyName,
    step_id: m.action.stepId,
    channel: m.action.channel as NewRunMessage['channel'],
    template: m.action.template,
    tone: m.action.tone,
    language: m.language,
    contact_id: m.contactId,
    recipient: m.recipient,
    timezone: m.timezone,
    country: m.country,
    currency: m.action.currency,
    receivable_ids: m.action.listedReceivableIds,
    attach_invoices: m.action.attachInvoices,
    next_attempt_at: m.sendAt.toISOString(),
  };
}

function taskRow(t: DecidedTask, asOf: string): NewCadenceTask {
  return {
    customer_id: t.customerId,
    kind: t.kind,
    dedupe_key: t.action.dedupeKey,
    step_id: t.action.stepId,
    currency: t.action.currency,
    receivable_ids: t.action.listedReceivableIds,
    amount_minor: t.action.openTotalMinor,
    due_on: asOf,
    not_before: t.notBefore?.toISOString() ?? null,
    instructions: t.action.template,
  };
}
