import type { Db } from '../../db/database.ts';
import { daysBetween } from '../../domain/dates.ts';
import type { Page, PageRequest } from '../record-ref.ts';
import { raiseDisputeDeadlineTasks } from './dispute-deadline-tasks.ts';
import { expectedRecoveryMinor, likelihoodPermille } from '../../domain/worklist/likelihood.ts';
import { inTransaction } from '../../db/transaction.ts';
import { organisationById } from '../../stores/organisations.ts';
import { settledPromiseCounts } from '../../stores/promises.ts';
import { openInvoicesOfCustomers, openTasksDueBy } from '../../stores/tasks.ts';
import type { OrgContext } from '../org-context.ts';

export interface WorklistItem {
  taskId: string;
  kind: string;
  customerId: string;
  customerExternalId: string;
  customerName: string;
  dueOn: string;
  notBefore: Date | null;
  assignedTo: string | null;
  instructions: string | null;
  currency: string | null;
  receivableIds: string[];
  /** What is still open on the item's receivables now. */
  openMinor: number;
  daysOverdue: number;
  likelihoodPermille: number;
  expectedMinor: number;
  createdAt: Date;
}

export interface WorklistFilters {
  asOf: string;
  assignee?: string;
}

/**
 * Today's human work ranked by expected recovery (domain/worklist/likelihood.ts documents the formula):
 * every open task due on or before `asOf` — call tasks, broken promises, dispute deadlines
 * (raised here for disputes due within three days), escalation markers. Ties: earlier due
 * date first, then task id. Amounts in different currencies are never compared (MXN 100 000
 * is not more than BRL 5 000): the list is ranked within each currency, the organisation's
 * own currency first, then the others in alphabetical order (no exchange rates).
 */
export async function worklist(db: Db, ctx: OrgContext, filters: WorklistFilters, page: PageRequest): Promise<Page<WorklistItem>> {
  const organisationId = ctx.org.id;
  const org = await organisationById(db, organisationId);
  const rank = (item: WorklistItem) => rankKey(item, org.default_currency);
  const ranked = await inTransaction(db, async (trx) => {
    await raiseDisputeDeadlineTasks(trx, organisationId, filters.asOf);
    const tasks = await openTasksDueBy(trx, organisationId, filters.asOf, filters.assignee);
    if (tasks.length === 0) return [];
    const customerIds = [...new Set(tasks.map((t) => t.customer_id))];
    const [invoices, history] = await Promise.all([
      openInvoicesOfCustomers(trx, organisationId, customerIds),
      settledPromiseCounts(trx, organisationId, customerIds),
    ]);
    const promises = (customerId: string, status: string) => history.find((h) => h.customer_id === customerId && h.status === status)?.n ?? 0;
    return tasks
      .map((t): WorklistItem => {
        // The task's own receivables; a task that names none is about the customer's open debt.
        const named = new Set(t.receivable_ids);
        const receivables = invoices.filter(
          (i) => i.customer_id === t.customer_id && (named.size > 0 ? named.has(i.id) : t.currency === null || i.currency === t.currency),
        );
        const openMinor = receivables.reduce((sum, i) => sum + i.amount_minor - i.paid_minor, 0);
        const oldestDue = receivables.reduce<string | null>((min, i) => (min === null || i.due_date < min ? i.due_date : min), null);
        const daysOverdue = oldestDue === null ? 0 : Math.max(0, daysBetween(oldestDue, filters.asOf));
        const permille = likelihoodPermille({
          daysOverdue,
          promisesKept: promises(t.customer_id, 'kept'),
          promisesBroken: promises(t.customer_id, 'broken'),
          kind: t.kind,
          riskProbability: t.risk_probability,
        });
        return {
          taskId: t.id,
          kind: t.kind,
          customerId: t.customer_id,
          customerExternalId: t.external_id,
          customerName: t.name,
          dueOn: t.due_on,
          notBefore: t.not_before,
          assignedTo: t.assigned_to,
          instructions: t.instructions,
          currency: t.currency ?? receivables[0]?.currency ?? null,
          receivableIds: t.receivable_ids,
          openMinor,
          daysOverdue,
          likelihoodPermille: permille,
          expectedMinor: expectedRecoveryMinor(openMinor, permille),
          createdAt: t.created_at,
        };
      })
      .sort((a, b) => compareKeys(rank(a), rank(b)));
  });
  const after = page.after;
  const rest = after ? ranked.filter((item) => compareKeys(rank(item), after) > 0) : ranked;
  const items = rest.slice(0, page.limit);
  return { items, next: rest.length > page.limit ? rank(items.at(-1)!) : null };
}

const scale = 10n ** 24n;

/**
 * Sort key, ascending = best first: [currency group (the organisation's currency '0', others
 * '1' + code), inverted expected recovery (fixed width), due date, task id]. A task without a
 * currency names no receivable in one and ranks with the organisation's currency.
 */
function rankKey(item: Pick<WorklistItem, 'expectedMinor' | 'currency' | 'dueOn' | 'taskId'>, homeCurrency: string): string[] {
  const currency = item.currency ?? homeCurrency;
  return [currency === homeCurrency ? '0' : `1${currency}`, (scale - BigInt(item.expectedMinor)).toString().padStart(25, '0'), item.dueOn, item.taskId];
}

function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
