import { randomUUID } from 'node:crypto';
import type { Db, Tx } from '../../db/database.ts';
import type { Customer, Invoice } from '../../db/schema.ts';
import type { PaymentPlanFrequency } from '../../db/schema-payment-plans.ts';
import { dateInZone, isIsoDate, type IsoDate } from '../../domain/dates.ts';
import { formatAmount, parseAmount } from '../../domain/money.ts';
import { proposePlan, type Plan } from '../../domain/payment-plan.ts';
import { appendInteraction } from '../contact-record.ts';
import { findCustomer } from '../customers.ts';
import { isUuid, type ActionContext, type RecordRef } from '../record-ref.ts';
import { ConflictError, UserError, ValidationError } from '../errors.ts';
import { enqueueWebhookEvents } from '../webhooks/enqueue.ts';
import { lateChargesOf, recordCharges, type InvoiceCharge } from './crystallise-charges.ts';
import { loadPlanLimits, type OrganisationPlanLimits } from './plan-limits.ts';
import { organisationById } from '../../stores/organisations.ts';
import {
  insertCoveredInvoices,
  insertPartInvoices,
  insertParts,
  insertPlan,
  invoicesOfCustomerByRefs,
  invoicesTakenByPlans,
  overdueOpenInvoices,
} from '../../stores/plans.ts';
import { inTransaction } from '../../db/transaction.ts';

/** A plan as asked for by a collector, the API or the portal. See plan-records.ts for the design. */
export interface PaymentPlanRequest {
  /** Invoice uuids or external ids; default: every overdue open invoice not already in a plan. */
  invoiceIds?: readonly string[];
  /** Decimal with a point in the plan's currency, e.g. "200.00"; default 0. */
  downPayment?: string;
  instalments: number;
  frequency: PaymentPlanFrequency;
  monthlyInterestBps?: number;
  /** The down payment's due date; instalment k falls k periods later. Default: the plan's date. */
  startDate?: IsoDate;
}

export interface PlanContext extends ActionContext {
  /** The business date the plan is made on; default: `now` in the organisation's time zone. */
  asOf?: IsoDate;
}

export interface PlanPreview {
  customer: Customer;
  asOf: IsoDate;
  currency: string;
  invoices: Invoice[];
  charges: InvoiceCharge[];
  openMinor: number;
  chargesMinor: number;
  debtMinor: number;
  plan: Plan;
  limits: OrganisationPlanLimits;
}

const fieldNames: Record<string, string> = {
  downPaymentMinor: 'down_payment',
  instalments: 'instalments',
  frequency: 'frequency',
  monthlyInterestBps: 'monthly_interest_bps',
  startDate: 'start_date',
  debtMinor: 'invoice_ids',
  currency: 'invoice_ids',
};

async function coveredInvoices(
  db: Db | Tx,
  organisationId: string,
  customer: Customer,
  requested: readonly string[] | undefined,
  asOf: IsoDate,
): Promise<Invoice[]> {
  if (requested === undefined) {
    const candidates = await overdueOpenInvoices(db, organisationId, customer.id, asOf);
    const taken = await invoicesTakenByPlans(
      db,
      organisationId,
      candidates.map((i) => i.id),
    );
    const free = candidates.filter((i) => !taken.has(i.id) && i.amount_minor > i.paid_minor);
    if (free.length === 0) throw new UserError(`customer ${customer.external_id} has no overdue open invoice outside a plan`, 'nothing_to_plan');
    return free;
  }
  if (requested.length === 0) throw new ValidationError([{ field: 'invoice_ids', reason: 'must name at least one invoice' }]);
  const ids = requested.filter(isUuid);
  const found = await invoicesOfCustomerByRefs(db, organisationId, customer.id, requested, ids);
  const missing = requested.filter((ref) => !found.some((i) => i.id === ref || i.external_id === ref));
  if (missing.length > 0)
    throw new UserError(`invoice_ids: no invoice ${missing.join(', ')} of customer ${customer.external_id}`, 'invoice_not_found', {
      field: 'invoice_ids',
      missing,
    });
  const closed = found.filter((i) => i.status !== 'open' || i.amount_minor <= i.paid_minor);
  if (closed.length > 0)
    throw new ConflictError(`invoice ${closed[0]!.external_id} is not open`, 'invoice_not_open', { invoices: closed.map((i) => i.external_id) });
  const notYetIssued = found.filter((i) => i.issue_date > asOf);
  if (notYetIssued.length > 0) throw new UserError(`invoice ${notYetIssued[0]!.external_id} is issued after ${asOf}`, 'invoice_not_issued');
  const taken = await invoicesTakenByPlans(
    db,
    organisationId,
    found.map((i) => i.id),
  );
  const inPlan = found.filter((i) => taken.has(i.id));
  if (inPlan.length > 0)
    throw new ConflictError(`invoice ${inPlan[0]!.external_id} is already in a payment plan`, 'invoice_in_plan', {
      invoices: inPlan.map((i) => i.external_id),
    });
  return found;
}

async function planDate(db: Db | Tx, organisationId: string, context: PlanContext): Promise<IsoDate> {
  if (context.asOf !== undefined) return context.asOf;
  return dateInZone(context.now, (await organisationById(db, organisationId)).timezone);
}

/**
 * Computes the plan without writing anything: the invoices it would cover, the charges it
 * would crystallise, the schedule. Throws ValidationError (field names of the HTTP body)
 * when the request does not fit the organisation's limits.
 */
export async function previewPaymentPlan(
  db: Db | Tx,
  organisationId: string,
  customerRef: RecordRef,
  request: PaymentPlanRequest,
  context: PlanContext,
  options: { lock?: boolean } = {},
): Promise<PlanPreview> {
  return inTransaction(db, (trx) => previewPaymentPlanInTransaction(trx, organisationId, customerRef, request, context, options));
}

async function previewPaymentPlanInTransaction(
  trx: Tx,
  organisationId: string,
  customerRef: RecordRef,
  request: PaymentPlanRequest,
  context: PlanContext,
  options: { lock?: boolean } = {},
): Promise<PlanPreview> {
  const customer = await findCustomer(trx, organisationId, customerRef, { lock: options.lock ?? false });
  const asOf = await planDate(trx, organisationId, context);
  const startDate = request.startDate ?? asOf;
  if (!isIsoDate(startDate)) throw new ValidationError([{ field: 'start_date', reason: 'must be a date in the form YYYY-MM-DD' }]);
  if (startDate < asOf) throw new ValidationError([{ field: 'start_date', reason: `must not be before the plan's date ${asOf}` }]);
  const invoices = await coveredInvoices(trx, organisationId, customer, request.invoiceIds, asOf);
  const currencies = [...new Set(invoices.map((i) => i.currency))];
  if (currencies.length > 1) {
    throw new UserError(
      `a plan covers invoices in one currency; these are in ${currencies.join(' and ')}: name the invoices with invoice_ids`,
      'currency_mismatch',
      { field: 'invoice_ids', currencies },
    );
  }
  const currency = currencies[0]!;
  let downPaymentMinor = 0;
  if (request.downPayment !== undefined) {
    const parsed = parseAmount(request.downPayment, currency);
    if (!parsed.ok) throw new ValidationError([{ field: 'down_payment', reason: parsed.reason }]);
    downPaymentMinor = parsed.minor;
  }
  const charges = await lateChargesOf(trx, organisationId, customer, invoices, asOf);
  const openMinor = invoices.reduce((sum, i) => sum + i.amount_minor - i.paid_minor, 0);
  const chargesMinor = charges.reduce((sum, c) => sum + c.amountMinor, 0);
  const limits = await loadPlanLimits(trx, organisationId);
  const proposal = proposePlan(
    {
      debtMinor: openMinor + chargesMinor,
      currency,
      startDate,
      downPaymentMinor,
      instalments: request.instalments,
      frequency: request.frequency,
      monthlyInterestBps: request.monthlyInterestBps ?? 0,
    },
    limits,
  );
  if (!proposal.ok) throw new ValidationError(proposal.errors.map((e) => ({ field: fieldNames[e.field] ?? e.field, reason: e.message })));
  return { customer, asOf, currency, invoices, charges, openMinor, chargesMinor, debtMinor: openMinor + chargesMinor, plan: proposal.plan, limits };
}

/**
 * Makes a payment plan: crystallises the covered invoices' late charges once, creates one
 * receivable per part, links the covered invoices (suppressed while the plan is in good
 * standing) and records it all. A second request for the same invoices while the plan is
 * active is refused (invoice_in_plan); an HTTP retry with the same Idempotency-Key replays.
 */
export async function createPaymentPlan(
  db: Db | Tx,
  organisationId: string,
  customerRef: RecordRef,
  request: PaymentPlanRequest,
  context: PlanContext,
): Promise<{ planId: string }> {
  return inTransaction(db, (trx) => createPaymentPlanInTransaction(trx, organisationId, customerRef, request, context));
}

async function createPaymentPlanInTransaction(
  trx: Tx,
  organisationId: string,
  customerRef: RecordRef,
  request: PaymentPlanRequest,
  context: PlanContext,
): Promise<{ planId: string }> {
  // The customer row lock serialises plan making for one customer, so two requests cannot cover the same invoice.
  const preview = await previewPaymentPlan(trx, organisationId, customerRef, request, context, { lock: true });
  const { customer, asOf, currency, plan } = preview;
  const planId = randomUUID();
  const shortId = planId.slice(0, 8).toUpperCase();
  await insertPlan(trx, organisationId, {
    id: planId,
    short_id: shortId,
    customer_id: customer.id,
    currency,
    frequency: plan.frequency,
    instalment_count: plan.instalments.length,
    monthly_interest_bps: plan.monthlyInterestBps,
    start_date: plan.downPaymentDueDate,
    debt_minor: preview.debtMinor,
    charges_minor: preview.chargesMinor,
    down_payment_minor: plan.downPaymentMinor,
    interest_minor: plan.interestMinor,
    total_minor: plan.totalMinor,
    tolerance_days: preview.limits.toleranceDays,
    created_on: asOf,
  });
  await recordCharges(trx, organisationId, preview.charges, currency, asOf, { kind: 'payment_plan', planId });
  await insertCoveredInvoices(
    trx,
    organisationId,
    preview.invoices.map((i) => ({
      plan_id: planId,
      invoice_id: i.id,
      open_minor: i.amount_minor - i.paid_minor,
      charges_minor: preview.charges.filter((c) => c.invoiceId === i.id).reduce((sum, c) => sum + c.amountMinor, 0),
    })),
  );

  const parts = [
    ...(plan.downPaymentMinor > 0
      ? [{ number: 0, dueDate: plan.downPaymentDueDate, amountMinor: plan.downPaymentMinor, principalMinor: plan.downPaymentMinor, interestMinor: 0 }]
      : []),
    ...plan.instalments,
  ];
  const count = plan.instalments.length;
  const idOf = await insertPartInvoices(
    trx,
    organisationId,
    parts.map((p) => ({
      external_id: `PLAN-${shortId}-${p.number}`,
      number: `PLAN-${shortId}-${p.number}`,
      customer_id: customer.id,
      issue_date: asOf,
      due_date: p.dueDate,
      amount_minor: p.amountMinor,
      currency,
      parent_invoice_id: null,
      instalment_number: p.number === 0 ? null : p.number,
      description: p.number === 0 ? `Payment plan PLAN-${shortId}: down payment` : `Payment plan PLAN-${shortId}: instalment ${p.number} of ${count}`,
      updated_at: context.now,
    })),
  );
  await insertParts(
    trx,
    organisationId,
    parts.map((p) => ({
      plan_id: planId,
      number: p.number,
      invoice_id: idOf.get(`PLAN-${shortId}-${p.number}`)!,
      due_date: p.dueDate,
      amount_minor: p.amountMinor,
      principal_minor: p.principalMinor,
      interest_minor: p.interestMinor,
    })),
  );

  const amount = (minor: number) => formatAmount(minor, currency);
  await appendInteraction(trx, organisationId, {
    occurredAt: context.now,
    customerId: customer.id,
    actor: context.actor,
    channel: 'system',
    kind: 'payment_plan_created',
    content: {
      plan: `PLAN-${shortId}`,
      as_of: asOf,
      currency,
      covered: preview.invoices.map((i) => i.external_id),
      open: amount(preview.openMinor),
      charges: preview.charges.map((c) => ({
        invoice: preview.invoices.find((i) => i.id === c.invoiceId)!.external_id,
        component: c.component,
        amount: amount(c.amountMinor),
      })),
      debt: amount(preview.debtMinor),
      down_payment: amount(plan.downPaymentMinor),
      instalments: count,
      frequency: plan.frequency,
      monthly_interest_bps: plan.monthlyInterestBps,
      total: amount(plan.totalMinor),
      schedule: parts.map((p) => ({ number: p.number, due_date: p.dueDate, amount: amount(p.amountMinor) })),
    },
  });
  await enqueueWebhookEvents(
    trx,
    organisationId,
    [
      {
        id: `payment_plan.created:${planId}`,
        type: 'payment_plan.created',
        data: { plan_id: planId, customer_id: customer.id, customer_external_id: customer.external_id },
      },
    ],
    context.now,
  );
  return { planId };
}
