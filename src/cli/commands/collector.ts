import type { Command } from 'commander';
import type { Organisation } from '../../db/schema.ts';
import { dateInZone, isIsoDate } from '../../domain/dates.ts';
import { formatAmount } from '../../domain/money.ts';
import { disputeJson, promiseJson } from '../../http/schemas/account-work.ts';
import { handoffJson, suspensionJson } from '../../http/schemas/escalation.ts';
import { listDisputes } from '../../use-cases/account-work/list-disputes.ts';
import { listPromises } from '../../use-cases/account-work/list-promises.ts';
import { makePromise } from '../../use-cases/account-work/make-promise.ts';
import { openDispute } from '../../use-cases/account-work/open-dispute.ts';
import { resolveDispute, type Resolution } from '../../use-cases/account-work/resolve-dispute.ts';
import type { PromiseView } from '../../use-cases/account-work/promise-view.ts';
import type { DisputeView } from '../../use-cases/account-work/dispute-view.ts';
import { handOffToAgency, listAgencyHandoffs, recallFromAgency, type AgencyHandoff } from '../../use-cases/escalation/agency-handoff.ts';
import { endSuspension, startSuspension, type Suspension } from '../../use-cases/escalation/service-suspension.ts';
import { findCustomer } from '../../use-cases/customers.ts';
import { UserError } from '../../use-cases/errors.ts';
import type { Database } from '../../db/database.ts';
import { cliContext, type GlobalOptions, orgContextOf, withContext } from '../context.ts';
import { textTable } from '../output.ts';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const resolutions = ['credit_note', 'adjustment', 'rejected'] as const;

/**
 * What a collector does from a terminal between reminders: promises to pay, disputes, the
 * agency hand-off and service suspension. Each command prints one readable line (or --json,
 * the same shape as the API) and exits 1 with a message on bad input.
 */
export function registerCollector(program: Command, globals: () => GlobalOptions): void {
  const context = () => ({ actor: 'cli', now: new Date() });
  const inTx = <T>(work: (database: Database, org: Organisation) => Promise<T>) => withContext(globals(), ({ database, org }) => work(database, org));
  const print = (json: boolean | undefined, value: unknown, line: string): void =>
    void process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${line}\n`);

  const promise = program.command('promise').description('promises to pay');
  promise
    .command('create')
    .description('record a promise to pay (pauses the cadence on its invoices until the date plus grace days)')
    .requiredOption('--customer <external_id>', "the customer's external id")
    .requiredOption('--date <date>', 'the promised date, YYYY-MM-DD')
    .requiredOption('--amount <amount>', 'decimal with a point, e.g. 350.00')
    .option('--currency <code>', "default: the invoices' currency, else the organisation's")
    .option('--channel <channel>', 'where the promise was made (phone, email, whatsapp, portal …)', 'phone')
    .option('--grace-days <n>', 'days after the date a payment still counts as kept (default 2)')
    .option('--invoices <ids>', 'comma-separated invoice external ids (default: the overdue ones, oldest first, covering the amount)')
    .option('--as-of <date>', 'business date the promise is made on (default: today in the organisation time zone), to replay a past day')
    .option('--json', 'print JSON')
    .action(
      async (o: {
        customer: string;
        date: string;
        amount: string;
        currency?: string;
        channel: string;
        graceDays?: string;
        invoices?: string;
        asOf?: string;
        json?: boolean;
      }) => {
        if (!isIsoDate(o.date)) throw new UserError(`--date "${o.date}" is not a date in the form YYYY-MM-DD`);
        if (o.asOf !== undefined && !isIsoDate(o.asOf)) throw new UserError(`--as-of "${o.asOf}" is not a date in the form YYYY-MM-DD`);
        const graceDays = o.graceDays === undefined ? undefined : wholeNumber('--grace-days', o.graceDays);
        const invoices = o.invoices
          ?.split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '')
          .map((s) => `ext:${s}`);
        const view: PromiseView = await inTx((database, org) =>
          makePromise(
            database.db,
            cliContext(org),
            { externalId: o.customer },
            {
              promisedDate: o.date,
              amount: o.amount,
              channel: o.channel,
              ...(o.currency !== undefined ? { currency: o.currency.toUpperCase() } : {}),
              ...(graceDays !== undefined ? { graceDays } : {}),
              ...(invoices ? { invoices } : {}),
              ...(o.asOf !== undefined ? { asOf: o.asOf } : {}),
            },
          ),
        );
        print(
          o.json,
          promiseJson(view),
          `promise ${view.id}: ${view.customer_external_id} pays ${formatAmount(view.amount_minor, view.currency)} ${view.currency} by ${view.promised_date} (+${view.grace_days} days grace) on ${view.invoices.map((i) => i.external_id).join(', ')}`,
        );
      },
    );
  promise
    .command('list')
    .description("a customer's promises, newest first")
    .requiredOption('--customer <external_id>', "the customer's external id")
    .option('--status <status>', 'pending | kept | broken | cancelled')
    .option('--json', 'print JSON')
    .action(async (o: { customer: string; status?: string; json?: boolean }) => {
      const statuses = ['pending', 'kept', 'broken', 'cancelled'] as const;
      if (o.status !== undefined && !(statuses as readonly string[]).includes(o.status))
        throw new UserError(`--status must be one of ${statuses.join(', ')} (got "${o.status}")`);
      const status = o.status as (typeof statuses)[number] | undefined;
      const page = await withContext(globals(), (c) =>
        listPromises(c.database.db, orgContextOf(c), { externalId: o.customer }, status ? { status } : {}, { limit: 200, after: null }),
      );
      if (o.json) return print(true, { data: page.items.map(promiseJson) }, '');
      if (page.items.length === 0) return print(false, null, `no promises of ${o.customer}`);
      print(
        false,
        null,
        textTable(
          ['promise', 'date', 'amount', 'status', 'channel', 'invoices'],
          page.items.map((p) => [
            p.id,
            p.promised_date,
            `${formatAmount(p.amount_minor, p.currency)} ${p.currency}`,
            p.status,
            p.channel,
            p.invoices.map((i) => i.external_id).join(','),
          ]),
          (c) => c === 2,
        ),
      );
    });

  const dispute = program.command('dispute').description('disputes on invoices');
  dispute
    .command('open')
    .description('open a dispute on an invoice (pauses the cadence on it)')
    .requiredOption('--invoice <external_id>', "the invoice's external id")
    .requiredOption('--reason <text>', 'what the customer disputes')
    .option('--owner <user>', 'who in the business resolves it')
    .option('--deadline <date>', 'resolve by, YYYY-MM-DD')
    .option('--date <date>', 'business date the dispute is opened on (default: today in the organisation time zone)')
    .option('--json', 'print JSON')
    .action(async (o: { invoice: string; reason: string; owner?: string; deadline?: string; date?: string; json?: boolean }) => {
      if (o.deadline !== undefined && !isIsoDate(o.deadline)) throw new UserError(`--deadline "${o.deadline}" is not a date in the form YYYY-MM-DD`);
      if (o.date !== undefined && !isIsoDate(o.date)) throw new UserError(`--date "${o.date}" is not a date in the form YYYY-MM-DD`);
      if (o.reason.trim() === '') throw new UserError('--reason must not be empty');
      const view: DisputeView = await inTx((database, org) =>
        openDispute(
          database.db,
          cliContext(org),
          { externalId: o.invoice },
          {
            reason: o.reason,
            ...(o.owner !== undefined ? { owner: o.owner } : {}),
            ...(o.deadline !== undefined ? { deadline: o.deadline } : {}),
            ...(o.date !== undefined ? { date: o.date } : {}),
          },
        ),
      );
      print(
        o.json,
        disputeJson(view),
        `dispute ${view.id} opened on ${view.invoice_external_id} (${view.customer_external_id})${view.deadline ? `, resolve by ${view.deadline}` : ''}`,
      );
    });
  dispute
    .command('resolve <dispute_id>')
    .description('resolve a dispute: credit note or adjustment (partial with --amount, else total), or rejected (the cadence resumes)')
    .requiredOption('--resolution <kind>', resolutions.join(' | '))
    .option('--amount <amount>', 'the credit, decimal with a point (default: everything still open); not with rejected')
    .option('--note <text>', 'why')
    .option('--date <date>', 'business date of the resolution (default: today in the organisation time zone)')
    .option('--json', 'print JSON')
    .action(async (id: string, o: { resolution: string; amount?: string; note?: string; date?: string; json?: boolean }) => {
      if (!uuidPattern.test(id)) throw new UserError(`"${id}" is not a dispute id (see regua dispute list)`);
      if (!(resolutions as readonly string[]).includes(o.resolution))
        throw new UserError(`--resolution must be one of ${resolutions.join(', ')} (got "${o.resolution}")`);
      if (o.date !== undefined && !isIsoDate(o.date)) throw new UserError(`--date "${o.date}" is not a date in the form YYYY-MM-DD`);
      const view: DisputeView = await inTx((database, org) =>
        resolveDispute(database.db, cliContext(org), id, {
          resolution: o.resolution as Resolution,
          date: o.date ?? dateInZone(new Date(), org.timezone),
          ...(o.amount !== undefined ? { amount: o.amount } : {}),
          ...(o.note !== undefined ? { note: o.note } : {}),
        }),
      );
      const open = view.invoice_status === 'open' ? view.invoice_amount_minor - view.invoice_paid_minor : 0;
      print(
        o.json,
        disputeJson(view),
        `dispute ${view.id} on ${view.invoice_external_id}: ${view.status} (${o.resolution}); invoice ${view.invoice_status}, open ${formatAmount(open, view.currency)} ${view.currency}`,
      );
    });
  dispute
    .command('list')
    .description('disputes in the order they were opened')
    .option('--status <status>', 'open | accepted | rejected')
    .option('--json', 'print JSON')
    .action(async (o: { status?: string; json?: boolean }) => {
      const statuses = ['open', 'accepted', 'rejected'] as const;
      if (o.status !== undefined && !(statuses as readonly string[]).includes(o.status))
        throw new UserError(`--status must be one of ${statuses.join(', ')} (got "${o.status}")`);
      const status = o.status as (typeof statuses)[number] | undefined;
      const page = await inTx((database, org) => listDisputes(database.db, cliContext(org), status ? { status } : {}, { limit: 200, after: null }));
      if (o.json) return print(true, { data: page.items.map(disputeJson) }, '');
      if (page.items.length === 0) return print(false, null, 'no disputes');
      print(
        false,
        null,
        textTable(
          ['dispute', 'invoice', 'customer', 'status', 'deadline', 'reason'],
          page.items.map((d) => [d.id, d.invoice_external_id, d.customer_external_id, d.status, d.deadline ?? '', d.reason]),
        ),
      );
    });

  const agency = program.command('agency').description('collection-agency hand-offs');
  agency
    .command('handoff')
    .description(
      "hand a customer's overdue invoices, with their late charges, to a collection agency (the cadence stops; payments from now on count as the agency's recoveries)",
    )
    .requiredOption('--customer <external_id>', "the customer's external id")
    .requiredOption('--agency <name>', 'the collection agency')
    .requiredOption('--commission <percent>', 'commission on what the agency recovers, e.g. 15 or 12.5')
    .option('--date <date>', 'hand-off date (default: today)')
    .option('--include-not-due', 'also hand off open invoices not yet due on the date')
    .option('--json', 'print JSON')
    .action(async (o: { customer: string; agency: string; commission: string; date?: string; includeNotDue?: boolean; json?: boolean }) => {
      if (o.date !== undefined && !isIsoDate(o.date)) throw new UserError(`--date "${o.date}" is not a date in the form YYYY-MM-DD`);
      const handoff: AgencyHandoff = await inTx((database, org) =>
        database.db
          .transaction()
          .execute((trx) =>
            handOffToAgency(
              trx,
              org.id,
              { externalId: o.customer },
              { agency: o.agency, commissionPercent: o.commission, includeNotDue: o.includeNotDue === true, ...(o.date !== undefined ? { date: o.date } : {}) },
              context(),
            ),
          ),
      );
      print(
        o.json,
        handoffJson(handoff),
        `hand-off ${handoff.id}: ${handoff.customer_external_id} to ${handoff.agency}, ${formatAmount(handoff.amount_minor, handoff.currency)} ${handoff.currency} on ${handoff.invoice_ids.length} invoice(s) plus ${formatAmount(handoff.charges_minor, handoff.currency)} of late charges, commission ${o.commission} %`,
      );
    });
  agency
    .command('list')
    .description('hand-offs, newest first, with what the agency recovered and its commission')
    .option('--status <status>', 'active | recalled')
    .option('--customer <external_id>', "only this customer's hand-offs")
    .option('--json', 'print JSON')
    .action(async (o: { status?: string; customer?: string; json?: boolean }) => {
      if (o.status !== undefined && o.status !== 'active' && o.status !== 'recalled')
        throw new UserError(`--status must be active or recalled (got "${o.status}")`);
      const status = o.status as 'active' | 'recalled' | undefined;
      const page = await inTx(async (database, org) => {
        const customerId = o.customer !== undefined ? (await findCustomer(database.db, org.id, { externalId: o.customer })).id : undefined;
        return listAgencyHandoffs(database.db, org.id, { ...(status ? { status } : {}), ...(customerId ? { customerId } : {}) }, { limit: 200, after: null });
      });
      if (o.json) return print(true, { data: page.items.map(handoffJson) }, '');
      if (page.items.length === 0) return print(false, null, 'no hand-offs');
      const money = (minor: number, currency: string) => `${formatAmount(minor, currency)} ${currency}`;
      print(
        false,
        null,
        textTable(
          ['hand-off', 'customer', 'agency', 'status', 'handed off', 'recovered', 'commission'],
          page.items.map((h) => [
            h.id,
            h.customer_external_id,
            h.agency,
            h.status,
            money(h.amount_minor, h.currency),
            money(h.recovered_minor, h.currency),
            money(h.commission_minor, h.currency),
          ]),
          (c) => c >= 4,
        ),
      );
    });
  agency
    .command('recall <handoff_id>')
    .description('recall a customer from the agency (the cadence resumes)')
    .option('--date <date>', 'recall date (default: today)')
    .option('--json', 'print JSON')
    .action(async (id: string, o: { date?: string; json?: boolean }) => {
      if (!uuidPattern.test(id)) throw new UserError(`"${id}" is not a hand-off id (see regua agency list)`);
      if (o.date !== undefined && !isIsoDate(o.date)) throw new UserError(`--date "${o.date}" is not a date in the form YYYY-MM-DD`);
      const handoff: AgencyHandoff = await inTx((database, org) =>
        database.db.transaction().execute((trx) => recallFromAgency(trx, org.id, id, o.date !== undefined ? { date: o.date } : {}, context())),
      );
      print(
        o.json,
        handoffJson(handoff),
        `hand-off ${handoff.id}: ${handoff.customer_external_id} recalled from ${handoff.agency}; recovered ${formatAmount(handoff.recovered_minor, handoff.currency)} ${handoff.currency}, commission ${formatAmount(handoff.commission_minor, handoff.currency)}`,
      );
    });

  const suspension = program.command('suspension').description("service suspension (a signed webhook to the business's own systems)");
  suspension
    .command('start')
    .description('suspend service to a customer: webhook customer.suspension_started')
    .requiredOption('--customer <external_id>', "the customer's external id")
    .option('--reason <text>', 'why')
    .option('--json', 'print JSON')
    .action(async (o: { customer: string; reason?: string; json?: boolean }) => {
      const s: Suspension = await inTx((database, org) =>
        database.db
          .transaction()
          .execute((trx) => startSuspension(trx, org.id, { externalId: o.customer }, o.reason !== undefined ? { reason: o.reason } : {}, context())),
      );
      print(o.json, suspensionJson(s), `service to ${s.customer_external_id} suspended at ${s.started_at.toISOString()}${s.reason ? ` (${s.reason})` : ''}`);
    });
  suspension
    .command('end')
    .description('lift the suspension: webhook customer.suspension_ended')
    .requiredOption('--customer <external_id>', "the customer's external id")
    .option('--json', 'print JSON')
    .action(async (o: { customer: string; json?: boolean }) => {
      const s: Suspension = await inTx((database, org) =>
        database.db.transaction().execute((trx) => endSuspension(trx, org.id, { externalId: o.customer }, context())),
      );
      print(o.json, suspensionJson(s), `service to ${s.customer_external_id} restored at ${s.ended_at?.toISOString()}`);
    });
}

function wholeNumber(option: string, text: string): number {
  if (!/^\d{1,4}$/.test(text)) throw new UserError(`${option} must be a whole number of days (got "${text}")`);
  return Number(text);
}
