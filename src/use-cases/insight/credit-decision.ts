import type { Db } from '../../db/database.ts';
import type { Organisation } from '../../db/schema.ts';
import { inTransaction } from '../../db/transaction.ts';
import { countryCurrency } from '../../domain/customer.ts';
import type { IsoDate } from '../../domain/dates.ts';
import { creditDecision, type CreditDecision, type CreditRisk, type StagedCreditSettings } from '../../domain/insight/credit.ts';
import { formatAmount, isKnownCurrency, parseAmount } from '../../domain/money.ts';
import { appendInteraction } from '../contact-record.ts';
import { ValidationError } from '../errors.ts';
import type { OrgContext } from '../org-context.ts';
import type { RecordRef } from '../record-ref.ts';
import { customerBehaviour, type CustomerBehaviour } from './customer-behaviour.ts';

export interface CreditCheck {
  /** A decimal string such as "500.00". */
  amount: string;
  /** Default: the currency of the customer's country. */
  currency?: string;
  /** The business date to decide on (default: today in the organisation's time zone). */
  asOf?: IsoDate;
  /** Write the decision to the customer's contact record. */
  record?: boolean;
}

export interface CreditCheckResult extends CustomerBehaviour {
  decision: CreditDecision;
  recorded: boolean;
}

/** The organisation's staged-credit settings; null when staged credit is off. */
export function stagedCreditOf(org: Pick<Organisation, 'settings'>): StagedCreditSettings | null {
  const s = org.settings.staged_credit;
  if (!s) return null;
  return {
    currency: s.currency,
    probationDays: s.probation_days,
    initialLimitMinor: s.initial_limit_minor,
    stepMinor: s.step_minor,
    maxLimitMinor: s.max_limit_minor,
  };
}

/**
 * May the business sell `amount` on credit to this customer today? Load the customer's
 * behaviour (open, overdue, invoices paid on time, first invoice) and its risk score when one
 * exists, decide with the pure creditDecision, and record the decision when asked.
 */
export async function checkCredit(db: Db, ctx: OrgContext, ref: RecordRef, check: CreditCheck): Promise<CreditCheckResult> {
  const loaded = await customerBehaviour(db, ctx, ref, check.asOf);
  const { customer, behaviour } = loaded;
  const currency = (check.currency ?? countryCurrency(customer.country)).toUpperCase();
  if (!isKnownCurrency(currency)) throw new ValidationError([{ field: 'currency', reason: `unknown currency ${check.currency}` }]);
  const amount = parseAmount(check.amount, currency);
  if (!amount.ok) throw new ValidationError([{ field: 'amount', reason: amount.reason }]);
  if (amount.minor <= 0) throw new ValidationError([{ field: 'amount', reason: `${check.amount} is not a positive amount` }]);

  const decision = creditDecision(
    {
      firstInvoiceOn: behaviour.firstInvoiceOn,
      customerLimit: customer.credit_limit_minor === null ? null : { amountMinor: customer.credit_limit_minor, currency: countryCurrency(customer.country) },
      paidOnTime: behaviour.invoicesPaid - behaviour.paidLate,
      open: behaviour.open,
      overdue: behaviour.overdue,
      // The score the daily run (or regua risk train) stored; none yet: no risk reason.
      risk: customer.risk_probability === null ? null : ({ probability: Number(customer.risk_probability), band: customer.risk_band } satisfies CreditRisk),
    },
    { amountMinor: amount.minor, currency },
    stagedCreditOf(ctx.org),
    behaviour.asOf,
  );
  if (check.record) {
    await inTransaction(db, (trx) =>
      appendInteraction(trx, ctx.org.id, {
        occurredAt: ctx.now,
        customerId: customer.id,
        actor: ctx.actor,
        channel: 'system',
        kind: 'credit_decision',
        content: creditDecisionToJson({ ...loaded, decision, recorded: true }),
      }),
    );
  }
  return { ...loaded, decision, recorded: check.record === true };
}

/** The JSON of GET /customers/{id}/credit-decision and `regua credit check --json` (money as decimal strings). */
export function creditDecisionToJson({ customer, behaviour, decision: d, recorded }: CreditCheckResult) {
  const money = (minor: number, currency: string) => ({ amount: formatAmount(minor, currency), currency });
  return {
    customer: { id: customer.id, external_id: customer.external_id, name: customer.name },
    as_of: behaviour.asOf,
    decision: d.decision,
    requested: money(d.request.amountMinor, d.request.currency),
    limit: d.limit === null ? null : { ...money(d.limit.amountMinor, d.limit.currency), source: d.limit.source },
    exposure: money(d.exposureMinor, d.request.currency),
    exposure_after: money(d.exposureAfterMinor, d.request.currency),
    probation: d.probation === null ? null : { until: d.probation.until, paid_on_time: d.probation.paidOnTime },
    reasons: d.reasons.map((r) => ({ code: r.code, verdict: r.verdict, message: r.message })),
    recorded,
  };
}

export type CreditDecisionJson = ReturnType<typeof creditDecisionToJson>;
