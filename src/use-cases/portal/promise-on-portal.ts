import type { Db } from '../../db/database.ts';
import { formatAmount } from '../../domain/money.ts';
import { portalPromiseDateProblem } from '../../domain/portal/settings.ts';
import { portalInvoicesOf } from '../../stores/portal.ts';
import { makePromise } from '../account-work/make-promise.ts';
import { ConflictError, ValidationError } from '../errors.ts';
import type { PortalAccess } from './open-portal.ts';
import { submitOnce, type PortalForm } from './submit.ts';

export interface PortalPromiseInput {
  promisedDate: string;
  /** Decimal string; empty = what is open on the chosen invoices. */
  amount: string;
  /** Invoice ids; empty = every open invoice not disputed. */
  invoiceIds: string[];
}

/**
 * The debtor promises to pay on a date within the organisation's horizon: a promise like a
 * collector's (make-promise.ts, so the cadence leaves those invoices alone until its deadline
 * and settlePromises marks it kept or broken), made on channel `portal`. Invoices already under
 * a pending promise are refused, so two tabs never make two promises for the same invoices.
 */
export async function promiseOnPortal(db: Db, access: PortalAccess, form: PortalForm, input: PortalPromiseInput, now: Date) {
  const problem = portalPromiseDateProblem(input.promisedDate, access.today, access.settings);
  if (problem) throw new ValidationError([{ field: 'promised_date', reason: problem }]);
  return submitOnce(db, access, 'promise', form, now, async (trx, ctx) => {
    const open = (await portalInvoicesOf(trx, access.org.id, access.customer.id)).filter((i) => !i.disputed);
    const chosen = input.invoiceIds.length > 0 ? open.filter((i) => input.invoiceIds.includes(i.id)) : open;
    if (chosen.length === 0 || chosen.length !== (input.invoiceIds.length || chosen.length))
      throw new ValidationError([{ field: 'invoices', reason: 'choose open invoices of this account' }]);
    if (chosen.some((i) => i.promised_date !== null)) throw new ConflictError('these invoices already have a promise', 'already_promised');
    const currency = chosen[0]!.currency;
    // A phone keyboard in pt-BR or es types a decimal comma.
    const amount =
      input.amount.trim().replace(/^(\d+),(\d{1,2})$/, '$1.$2') ||
      formatAmount(
        chosen.reduce((sum, i) => sum + i.amount_minor - i.paid_minor, 0),
        currency,
      );
    const promise = await makePromise(
      trx,
      ctx,
      { id: access.customer.id },
      { promisedDate: input.promisedDate, amount, currency, channel: 'portal', invoices: chosen.map((i) => i.id) },
    );
    return { promise_id: promise.id, promised_date: promise.promised_date, amount: formatAmount(promise.amount_minor, currency), currency };
  });
}
