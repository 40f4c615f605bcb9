import type { Command } from 'commander';
import { isIsoDate } from '../../domain/dates.ts';
import { formatAmount } from '../../domain/money.ts';
import { UserError } from '../../use-cases/errors.ts';
import { createPaymentPlan, previewPaymentPlan, type PaymentPlanRequest } from '../../use-cases/payment-plans/create-payment-plan.ts';
import { getPaymentPlan } from '../../use-cases/payment-plans/get-payment-plan.ts';
import { orgContextOf, withContext, type GlobalOptions } from '../context.ts';

interface ProposeOptions {
  customer: string;
  instalments: string;
  frequency: string;
  down?: string;
  start?: string;
  interestBps?: string;
  invoices?: string;
  asOf?: string;
  dryRun?: boolean;
  json?: boolean;
}

interface ScheduleView {
  reference: string | null;
  customer: string;
  currency: string;
  asOf: string;
  covered: string[];
  openMinor: number;
  chargesMinor: number;
  debtMinor: number;
  parts: { number: number; dueDate: string; amountMinor: number }[];
  interestMinor: number;
  totalMinor: number;
}

function wholeNumber(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UserError(`${flag} "${text}" is not a whole number`);
  return Number(text);
}

/** CLI commands for payment plans. */
export function registerPaymentPlans(program: Command, globals: () => GlobalOptions): void {
  const plan = program.command('plan').description('payment plans (parcelamento)');
  plan
    .command('propose')
    .description("make a payment plan over a customer's overdue invoices and print its schedule (--dry-run: print only)")
    .requiredOption('--customer <external_id>', 'the customer')
    .requiredOption('--instalments <n>', 'number of instalments')
    .option('--frequency <f>', 'weekly | biweekly | monthly', 'monthly')
    .option('--down <amount>', 'down payment, e.g. 100.00 (default 0)')
    .option('--start <date>', 'due date of the down payment, YYYY-MM-DD (default: --as-of)')
    .option('--interest-bps <bps>', 'monthly interest in basis points (default 0)')
    .option('--invoices <ids>', 'comma-separated invoice external ids (default: every overdue open invoice not in a plan)')
    .option('--as-of <date>', 'the business date of the plan (default: today in the organisation time zone)')
    .option('--dry-run', 'compute and print, record nothing')
    .option('--json', 'print the schedule as JSON')
    .action(async (options: ProposeOptions) => {
      const instalments = wholeNumber(options.instalments, '--instalments')!;
      const interest = wholeNumber(options.interestBps, '--interest-bps');
      if (!['weekly', 'biweekly', 'monthly'].includes(options.frequency))
        throw new UserError(`--frequency must be weekly, biweekly or monthly, not "${options.frequency}"`);
      for (const [flag, value] of [
        ['--start', options.start],
        ['--as-of', options.asOf],
      ] as const) {
        if (value !== undefined && !isIsoDate(value)) throw new UserError(`${flag} "${value}" is not a date in the form YYYY-MM-DD`);
      }
      const request: PaymentPlanRequest = {
        instalments,
        frequency: options.frequency as PaymentPlanRequest['frequency'],
        ...(options.down !== undefined && { downPayment: options.down }),
        ...(options.start !== undefined && { startDate: options.start }),
        ...(interest !== undefined && { monthlyInterestBps: interest }),
        ...(options.invoices !== undefined && {
          invoiceIds: options.invoices
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        }),
      };
      const view = await withContext(globals(), async (command): Promise<ScheduleView> => {
        const { database, org } = command;
        const context = { actor: 'cli', now: new Date(), ...(options.asOf !== undefined && { asOf: options.asOf }) };
        const customer = { externalId: options.customer };
        if (options.dryRun) {
          const p = await previewPaymentPlan(database.db, org.id, customer, request, context);
          return {
            reference: null,
            customer: p.customer.external_id,
            currency: p.currency,
            asOf: p.asOf,
            covered: p.invoices.map((i) => i.external_id),
            openMinor: p.openMinor,
            chargesMinor: p.chargesMinor,
            debtMinor: p.debtMinor,
            interestMinor: p.plan.interestMinor,
            totalMinor: p.plan.totalMinor,
            parts: [
              ...(p.plan.downPaymentMinor > 0 ? [{ number: 0, dueDate: p.plan.downPaymentDueDate, amountMinor: p.plan.downPaymentMinor }] : []),
              ...p.plan.instalments.map((i) => ({ number: i.number, dueDate: i.dueDate, amountMinor: i.amountMinor })),
            ],
          };
        }
        const { planId } = await createPaymentPlan(database.db, org.id, customer, request, context);
        const d = await getPaymentPlan(database.db, orgContextOf(command, context.now), planId, options.asOf !== undefined ? { asOf: options.asOf } : {});
        return {
          reference: `PLAN-${d.plan.short_id}`,
          customer: d.customerExternalId,
          currency: d.plan.currency,
          asOf: d.plan.created_on,
          covered: d.covered.map((c) => c.external_id),
          openMinor: d.plan.debt_minor - d.plan.charges_minor,
          chargesMinor: d.plan.charges_minor,
          debtMinor: d.plan.debt_minor,
          interestMinor: d.plan.interest_minor,
          totalMinor: d.plan.total_minor,
          parts: d.parts.map((p) => ({ number: p.number, dueDate: p.due_date, amountMinor: p.amount_minor })),
        };
      });
      printSchedule(view, Boolean(options.json));
    });
}

function printSchedule(v: ScheduleView, json: boolean): void {
  const amount = (minor: number) => formatAmount(minor, v.currency);
  if (json) {
    process.stdout.write(
      `${JSON.stringify({
        reference: v.reference,
        dry_run: v.reference === null,
        customer: v.customer,
        currency: v.currency,
        as_of: v.asOf,
        covered: v.covered,
        open: amount(v.openMinor),
        charges: amount(v.chargesMinor),
        debt: amount(v.debtMinor),
        interest: amount(v.interestMinor),
        total: amount(v.totalMinor),
        schedule: v.parts.map((p) => ({ number: p.number, due_date: p.dueDate, amount: amount(p.amountMinor) })),
      })}\n`,
    );
    return;
  }
  const lines = [
    v.reference === null
      ? `Proposed plan for ${v.customer} (${v.currency}) as of ${v.asOf} — dry run, nothing recorded`
      : `Plan ${v.reference} for ${v.customer} (${v.currency}) made on ${v.asOf}`,
    `Covers ${v.covered.join(', ')}: open ${amount(v.openMinor)} + late charges ${amount(v.chargesMinor)} = ${amount(v.debtMinor)}`,
    '  #  due         amount',
    ...v.parts.map((p) => `${String(p.number).padStart(3)}  ${p.dueDate}  ${amount(p.amountMinor).padStart(12)}${p.number === 0 ? '  down payment' : ''}`),
    `Total ${amount(v.totalMinor)} (interest ${amount(v.interestMinor)})`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
