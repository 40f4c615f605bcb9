import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { dateInZone, isIsoDate } from '../../domain/dates.ts';
import { noticeJson, noticeEvidenceKinds, writeOffJson } from '../../http/schemas/escalation.ts';
import { ecbRateJson } from '../../http/schemas/settings.ts';
import { formatAmount } from '../../domain/money.ts';
import { findCustomer } from '../../use-cases/customers.ts';
import { listNotices, proveNoticeDelivery, type NoticeView } from '../../use-cases/escalation/bureau-notice.ts';
import { overdueRemovals } from '../../use-cases/escalation/overdue-removals.ts';
import { exportChargesCsv } from '../../use-cases/charges-export.ts';
import { exportWriteOffsCsv } from '../../use-cases/escalation/write-off-export.ts';
import { reverseWriteOff, writeOffInvoice } from '../../use-cases/escalation/write-off-invoice.ts';
import { addEcbRate, listEcbRates } from '../../use-cases/jurisdiction/ecb-rates.ts';
import { UserError } from '../../use-cases/errors.ts';
import { cliContext, type GlobalOptions, withContext } from '../context.ts';
import { textTable } from '../output.ts';

/** CLI commands for escalation. */
export function registerEscalation(program: Command, globals: () => GlobalOptions): void {
  const writeoff = program.command('writeoff').description('bad-debt write-offs');
  const context = () => ({ actor: 'cli', now: new Date() });
  const print = (json: boolean | undefined, value: unknown, line: string): void =>
    void process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${line}\n`);
  writeoff
    .command('create')
    .description('write off the open balance of an invoice as bad debt (aging leaves it out from the date; the debt is still owed)')
    .requiredOption('--invoice <external_id>', "the invoice's external id")
    .requiredOption('--reason <text>', 'why (kept in the contact record and the accounting export)')
    .option('--date <date>', 'accounting date, YYYY-MM-DD (default: today in the organisation time zone)')
    .option('--json', 'print JSON')
    .action(async (o: { invoice: string; reason: string; date?: string; json?: boolean }) => {
      if (o.date !== undefined && !isIsoDate(o.date)) throw new UserError(`--date "${o.date}" is not a date in the form YYYY-MM-DD`);
      if (o.reason.trim() === '') throw new UserError('--reason must not be empty');
      const result = await withContext(globals(), ({ database, org }) =>
        writeOffInvoice(database.db, org.id, { externalId: o.invoice }, { date: o.date ?? dateInZone(new Date(), org.timezone), reason: o.reason }, context()),
      );
      print(
        o.json,
        writeOffJson(result),
        `invoice ${result.invoice_external_id}: ${formatAmount(result.amount_minor, result.currency)} ${result.currency} written off on ${result.written_off_on}`,
      );
    });
  writeoff
    .command('reverse')
    .description("reverse an invoice's write-off: it is open again from the date (aging as of earlier dates unchanged)")
    .requiredOption('--invoice <external_id>', "the invoice's external id")
    .requiredOption('--reason <text>', 'why the write-off is undone')
    .option('--date <date>', 'the invoice reopens from this date, YYYY-MM-DD (default: today in the organisation time zone)')
    .option('--json', 'print JSON')
    .action(async (o: { invoice: string; reason: string; date?: string; json?: boolean }) => {
      if (o.date !== undefined && !isIsoDate(o.date)) throw new UserError(`--date "${o.date}" is not a date in the form YYYY-MM-DD`);
      if (o.reason.trim() === '') throw new UserError('--reason must not be empty');
      const result = await withContext(globals(), ({ database, org }) =>
        reverseWriteOff(database.db, org.id, { externalId: o.invoice }, { reason: o.reason, ...(o.date !== undefined ? { date: o.date } : {}) }, context()),
      );
      print(
        o.json,
        writeOffJson(result),
        `invoice ${result.invoice_external_id}: write-off of ${result.written_off_on} reversed, open again from ${result.reversed_on}`,
      );
    });
  writeoff
    .command('export')
    .description('accounting export (CSV) of write-offs and recoveries between two dates, inclusive')
    .requiredOption('--from <date>', 'YYYY-MM-DD')
    .requiredOption('--to <date>', 'YYYY-MM-DD')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (options: { from: string; to: string; out?: string }) => {
      checkPeriod(options);
      const csv = await withContext(globals(), ({ database, org }) => exportWriteOffsCsv(database.db, cliContext(org), options.from, options.to));
      if (options.out) writeFileSync(options.out, csv);
      else process.stdout.write(csv);
    });

  program
    .command('charges')
    .description('late charges booked as receivables')
    .command('export')
    .description('accounting export (CSV) of late charges booked and paid, and discounts granted, between two dates, inclusive')
    .requiredOption('--from <date>', 'YYYY-MM-DD')
    .requiredOption('--to <date>', 'YYYY-MM-DD')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (options: { from: string; to: string; out?: string }) => {
      checkPeriod(options);
      const csv = await withContext(globals(), ({ database, org }) => exportChargesCsv(database.db, cliContext(org), options.from, options.to));
      if (options.out) writeFileSync(options.out, csv);
      else process.stdout.write(csv);
    });

  const bureau = program.command('bureau').description('credit-bureau listings');
  bureau
    .command('overdue')
    .description('paid listings whose removal is past the 5-business-day deadline (STJ Súmula 548)')
    .option('--as-of <date>', 'YYYY-MM-DD (default: today in the organisation time zone)')
    .option('--json', 'print JSON')
    .action(async (options: { asOf?: string; json?: boolean }) => {
      if (options.asOf && !isIsoDate(options.asOf)) throw new UserError(`--as-of "${options.asOf}" is not a date in the form YYYY-MM-DD`);
      const { asOf, rows } = await withContext(globals(), async ({ database, org }) => {
        const day = options.asOf ?? dateInZone(new Date(), org.timezone);
        return { asOf: day, rows: await overdueRemovals(database.db, org.id, day) };
      });
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ as_of: asOf, data: rows }, null, 2)}\n`);
        return;
      }
      const table = rows.map((r) => [r.customer_external_id, r.protocol ?? '', r.paid_on, r.removal_due_on, String(r.days_overdue), r.last_error ?? '']);
      process.stdout.write(
        `Overdue bureau removals as of ${asOf}\n${textTable(['customer', 'protocol', 'paid', 'due', 'days', 'last error'], table, (i) => i === 4)}\n`,
      );
    });

  bureau
    .command('notices')
    .description('prior notices of listings, newest first, with proof of sending and delivery')
    .option('--customer <external_id>', "only this customer's notices")
    .option('--undelivered', 'only notices whose delivery is not proven yet')
    .option('--json', 'print JSON')
    .action(async (options: { customer?: string; undelivered?: boolean; json?: boolean }) => {
      const notices = await withContext(globals(), async ({ database, org }) => {
        const customerId = options.customer !== undefined ? (await findCustomer(database.db, org.id, { externalId: options.customer })).id : undefined;
        return listNotices(database.db, org.id, { customerId, undelivered: options.undelivered === true });
      });
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ data: notices.map(noticeJson) }, null, 2)}\n`);
        return;
      }
      if (notices.length === 0) {
        process.stdout.write('no prior notices\n');
        return;
      }
      const table = notices.map((n) => [
        n.id,
        n.customer_external_id,
        n.channel,
        n.sent_at?.toISOString() ?? 'not sent',
        n.delivered_at?.toISOString() ?? 'not proven',
      ]);
      process.stdout.write(`${textTable(['notice', 'customer', 'channel', 'sent', 'delivered'], table)}\n`);
    });

  bureau
    .command('notice-delivered')
    .description('record proof of delivery of a prior notice (AR of a registered letter, signed read receipt …): the listing waits for it')
    .option('--notice <id>', 'the notice (see regua bureau notices)')
    .option('--customer <external_id>', "instead of --notice: the customer's latest notice whose delivery is not proven")
    .requiredOption('--at <instant>', 'when it was delivered, ISO 8601 (e.g. 2026-11-06T14:30:00-03:00)')
    .option('--kind <kind>', noticeEvidenceKinds.join(' | '), 'ar')
    .requiredOption('--reference <text>', 'the AR or tracking number, or the receipt identifier')
    .option('--note <text>', 'free text kept with the evidence')
    .option('--json', 'print JSON')
    .action(async (options: { notice?: string; customer?: string; at: string; kind: string; reference: string; note?: string; json?: boolean }) => {
      if ((options.notice === undefined) === (options.customer === undefined))
        throw new UserError('name the notice with --notice ID or the customer with --customer EXTERNAL_ID (one of them)');
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(options.at) || Number.isNaN(Date.parse(options.at))) {
        throw new UserError(`--at "${options.at}" is not an ISO 8601 instant with a time zone, e.g. 2026-11-06T14:30:00-03:00`);
      }
      if (!(noticeEvidenceKinds as readonly string[]).includes(options.kind))
        throw new UserError(`--kind must be one of ${noticeEvidenceKinds.join(', ')} (got "${options.kind}")`);
      if (options.reference.trim() === '') throw new UserError('--reference must not be empty');
      const notice: NoticeView = await withContext(globals(), async ({ database, org }) => {
        let noticeId = options.notice;
        if (noticeId === undefined) {
          const customer = await findCustomer(database.db, org.id, { externalId: options.customer! });
          const [latest] = await listNotices(database.db, org.id, { customerId: customer.id, undelivered: true });
          if (!latest) throw new UserError(`customer ${options.customer} has no prior notice waiting for proof of delivery`);
          noticeId = latest.id;
        } else if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(noticeId)) {
          throw new UserError(`--notice "${noticeId}" is not a notice id (a uuid)`);
        }
        const id = noticeId;
        return proveNoticeDelivery(
          database.db,
          org.id,
          id,
          { deliveredAt: new Date(options.at), kind: options.kind, reference: options.reference.trim(), note: options.note },
          { actor: 'cli', now: new Date() },
        );
      });
      if (options.json) {
        process.stdout.write(`${JSON.stringify(noticeJson(notice), null, 2)}\n`);
        return;
      }
      process.stdout.write(
        `notice ${notice.id} of ${notice.customer_external_id}: sent ${notice.sent_at?.toISOString()}, delivered ${notice.delivered_at?.toISOString()} (${options.kind} ${options.reference.trim()})\n`,
      );
    });

  const ecb = program.command('ecb-rate').description("ECB main refinancing rates (Spain's statutory B2B interest, Ley 3/2004: rate + 8 points)");
  ecb
    .command('list')
    .description('the rates by effective date: shipped with Régua, or added by the organisation')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const rows = await withContext(globals(), ({ database, org }) => listEcbRates(database.db, cliContext(org)));
      if (o.json) return print(true, { data: rows.map(ecbRateJson) }, '');
      print(
        false,
        null,
        textTable(
          ['effective from', 'rate %', 'source'],
          rows.map((r) => {
            const j = ecbRateJson(r);
            return [j.effective_from, j.rate_percent, j.source];
          }),
          (i) => i === 1,
        ),
      );
    });
  ecb
    .command('add')
    .description('record the rate in force from a date (a rate of the same date is replaced)')
    .requiredOption('--from <date>', 'the day it took effect, YYYY-MM-DD')
    .requiredOption('--rate <percent>', 'percent a year, e.g. 2.15')
    .option('--json', 'print JSON')
    .action(async (o: { from: string; rate: string; json?: boolean }) => {
      if (!isIsoDate(o.from)) throw new UserError(`--from "${o.from}" is not a date in the form YYYY-MM-DD`);
      const row = await withContext(globals(), ({ database, org }) => addEcbRate(database.db, cliContext(org), { effectiveFrom: o.from, ratePercent: o.rate }));
      print(o.json, ecbRateJson(row), `ECB rate ${ecbRateJson(row).rate_percent} % from ${row.effective_from}`);
    });
}

/** --from and --to of an accounting export: dates, in order. */
function checkPeriod(options: { from: string; to: string }): void {
  for (const [name, value] of [
    ['--from', options.from],
    ['--to', options.to],
  ] as const) {
    if (!isIsoDate(value)) throw new UserError(`${name} "${value}" is not a date in the form YYYY-MM-DD`);
  }
  if (options.from > options.to) throw new UserError(`--from ${options.from} is after --to ${options.to}`);
}
