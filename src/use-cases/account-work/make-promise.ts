import type { Db, Tx } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { Invoice } from '../../db/schema.ts';
import { dateInZone, isIsoDate } from '../../domain/dates.ts';
import { formatAmount, isKnownCurrency, parseAmount } from '../../domain/money.ts';
import { defaultCoverage, defaultGraceDays, graceDaysProblem, openOnInvoices } from '../../domain/promise.ts';
import { customerInvoicesNamed, insertPromise, overdueInvoicesOf } from '../../stores/promises.ts';
import { appendInteraction } from '../contact-record.ts';
import { isUuid, type RecordRef } from '../record-ref.ts';
import { ConflictError, ValidationError } from '../errors.ts';
import { enqueueWebhookEvents } from '../webhooks/enqueue.ts';
import { customerByRef } from './support.ts';
import { promiseView, type PromiseView } from './promise-view.ts';
import type { OrgContext } from '../org-context.ts';

export interface PromiseInput {
  promisedDate: string;
  /** Decimal string in `currency`. */
  amount: string;
  /** Default: the named invoices' currency, else the organisation's default currency. */
  currency?: string;
  channel: string;
  /** Days after the promised date a payment still counts as kept (default 2, domain/promise.ts). */
  graceDays?: number;
  /** Invoice uuids or `ext:<external_id>`; default: the overdue invoices, oldest first, covering the amount. */
  invoices?: string[];
  /** Business date the promise is made on (default: today in the organisation's time zone), so a past day can be replayed. */
  asOf?: string;
}

/**
 * Records a promise to pay. Its invoices leave the cadence until its deadline, promised date +
 * grace days (load-snapshots reads pending promises); settlePromises later marks it kept or
 * broken. The rules (grace, coverage, deadline) are domain/promise.ts's.
 */
export function makePromise(db: Db | Tx, ctx: OrgContext, customerRef: RecordRef, input: PromiseInput): Promise<PromiseView> {
  return inTransaction(db, (trx) => makePromiseInTransaction(trx, ctx, customerRef, input));
}

async function makePromiseInTransaction(trx: Tx, ctx: OrgContext, customerRef: RecordRef, input: PromiseInput): Promise<PromiseView> {
  const organisationId = ctx.org.id;
  const customer = await customerByRef(trx, organisationId, customerRef, { lock: true });
  const org = ctx.org;
  const errors = [];
  if (input.asOf !== undefined && !isIsoDate(input.asOf)) throw new ValidationError([{ field: 'as_of', reason: 'must be a date YYYY-MM-DD' }]);
  const today = input.asOf ?? dateInZone(ctx.now, org.timezone);
  if (!isIsoDate(input.promisedDate)) errors.push({ field: 'promised_date', reason: 'must be a date YYYY-MM-DD' });
  else if (input.promisedDate < today) errors.push({ field: 'promised_date', reason: `${input.promisedDate} is in the past (today is ${today})` });
  const graceDays = input.graceDays ?? defaultGraceDays;
  const graceProblem = graceDaysProblem(graceDays);
  if (graceProblem) errors.push({ field: 'grace_days', reason: graceProblem });
  if (!input.channel.trim()) errors.push({ field: 'channel', reason: 'must not be empty' });
  if (errors.length > 0) throw new ValidationError(errors);

  const named = input.invoices ? await namedInvoices(trx, organisationId, customer.id, input.invoices) : null;
  const currency = (input.currency ?? named?.[0]?.currency ?? org.default_currency).trim().toUpperCase();
  if (!isKnownCurrency(currency))
    throw new ValidationError([{ field: 'currency', reason: `${JSON.stringify(input.currency)} is not an ISO 4217 currency code` }]);
  const parsed = parseAmount(input.amount, currency);
  if (!parsed.ok) throw new ValidationError([{ field: 'amount', reason: parsed.reason }]);
  if (parsed.minor <= 0) throw new ValidationError([{ field: 'amount', reason: 'must be positive' }]);
  const amountMinor = parsed.minor;

  let invoices: Invoice[];
  if (named) {
    const wrong = named.find((i) => i.currency !== currency);
    if (wrong) throw new ValidationError([{ field: 'invoices', reason: `invoice ${wrong.external_id} is in ${wrong.currency}, the promise in ${currency}` }]);
    invoices = named;
  } else {
    invoices = defaultCoverage(await overdueInvoicesOf(trx, organisationId, customer.id, currency, today), amountMinor);
    if (invoices.length === 0)
      throw new ConflictError(
        `customer ${customer.external_id} has no overdue ${currency} invoices; name the invoices the promise covers`,
        'no_overdue_invoices',
        { currency },
      );
  }
  const openMinor = openOnInvoices(invoices);
  if (amountMinor > openMinor) {
    throw new ValidationError([
      { field: 'amount', reason: `${formatAmount(amountMinor, currency)} is more than the ${formatAmount(openMinor, currency)} open on the invoices` },
    ]);
  }

  const row = await insertPromise(trx, organisationId, {
    customer_id: customer.id,
    promised_date: input.promisedDate,
    amount_minor: amountMinor,
    currency,
    grace_days: graceDays,
    channel: input.channel.trim(),
    invoice_ids: invoices.map((i) => i.id),
    created_at: ctx.now,
  });
  const content = {
    promise_id: row.id,
    promised_date: row.promised_date,
    amount: formatAmount(amountMinor, currency),
    currency,
    grace_days: graceDays,
    invoices: invoices.map((i) => i.external_id),
  };
  await appendInteraction(trx, organisationId, {
    occurredAt: ctx.now,
    customerId: customer.id,
    actor: ctx.actor,
    channel: row.channel,
    kind: 'promise_made',
    content,
  });
  await enqueueWebhookEvents(
    trx,
    organisationId,
    [{ id: `promise.made:${row.id}`, type: 'promise.made', data: { customer_external_id: customer.external_id, ...content } }],
    ctx.now,
  );
  return promiseView(trx, organisationId, row);
}

async function namedInvoices(trx: Tx, organisationId: string, customerId: string, refs: string[]): Promise<Invoice[]> {
  if (refs.length === 0) throw new ValidationError([{ field: 'invoices', reason: 'must name at least one invoice (or be left out)' }]);
  const ids = refs.filter((r) => !r.startsWith('ext:'));
  const externalIds = refs.filter((r) => r.startsWith('ext:')).map((r) => r.slice(4));
  const bad = ids.find((id) => !isUuid(id));
  if (bad) throw new ValidationError([{ field: 'invoices', reason: `"${bad}" is neither an invoice uuid nor ext:<external_id>` }]);
  const rows = await customerInvoicesNamed(trx, organisationId, customerId, ids, externalIds);
  const found = new Set(rows.flatMap((r) => [r.id, `ext:${r.external_id}`]));
  const missing = refs.find((r) => !found.has(r));
  if (missing) throw new ValidationError([{ field: 'invoices', reason: `${missing} is not an invoice of this customer` }]);
  const closed = rows.find((r) => r.status !== 'open');
  if (closed) throw new ValidationError([{ field: 'invoices', reason: `invoice ${closed.external_id} is ${closed.status}` }]);
  return rows;
}
