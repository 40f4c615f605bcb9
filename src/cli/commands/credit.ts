import type { Command } from 'commander';
import { isIsoDate } from '../../domain/dates.ts';
import { UserError } from '../../use-cases/errors.ts';
import { checkCredit, creditDecisionToJson, stagedCreditOf, type CreditDecisionJson } from '../../use-cases/insight/credit-decision.ts';
import { setStagedCredit, stagedCreditToJson } from '../../use-cases/insight/credit-settings.ts';
import { orgContextOf, withContext, type GlobalOptions } from '../context.ts';

export function registerCredit(program: Command, globals: () => GlobalOptions): void {
  const credit = program.command('credit').description('staged credit and the credit decision');

  credit
    .command('check')
    .description('may this amount be sold on credit to the customer? allow / review / deny with the reasons (limit, exposure, overdue, risk, probation)')
    .requiredOption('--customer <external_id>', "the customer's external id")
    .requiredOption('--amount <amount>', 'decimal with a point, e.g. 500.00')
    .option('--currency <code>', "default: the currency of the customer's country")
    .option('--as-of <date>', 'business date to decide on, YYYY-MM-DD (default: today in the organisation time zone)')
    .option('--record', "write the decision to the customer's contact record")
    .option('--json', 'print JSON')
    .action(async (o: { customer: string; amount: string; currency?: string; asOf?: string; record?: boolean; json?: boolean }) => {
      if (o.asOf !== undefined && !isIsoDate(o.asOf)) throw new UserError(`--as-of "${o.asOf}" is not a date in the form YYYY-MM-DD`);
      const json = await withContext(globals(), async (context) =>
        creditDecisionToJson(
          await checkCredit(
            context.database.db,
            orgContextOf(context),
            { externalId: o.customer },
            {
              amount: o.amount,
              ...(o.currency !== undefined ? { currency: o.currency } : {}),
              ...(o.asOf !== undefined ? { asOf: o.asOf } : {}),
              record: o.record === true,
            },
          ),
        ),
      );
      process.stdout.write(`${o.json ? JSON.stringify(json, null, 2) : renderDecision(json)}\n`);
    });

  credit
    .command('settings')
    .description('show staged credit, or turn it on with all four amounts and days, or off with --off')
    .option('--probation-days <n>', "days from the customer's first invoice on probation")
    .option('--initial-limit <amount>', 'the limit of a new customer, e.g. 1000.00')
    .option('--step <amount>', 'added for each invoice paid on time, e.g. 500.00')
    .option('--max-limit <amount>', 'the staged limit never exceeds it')
    .option('--currency <code>', "the amounts' currency (default: the organisation's)")
    .option('--off', 'turn staged credit off')
    .option('--json', 'print JSON')
    .action(
      async (o: { probationDays?: string; initialLimit?: string; step?: string; maxLimit?: string; currency?: string; off?: boolean; json?: boolean }) => {
        const given = [o.probationDays, o.initialLimit, o.step, o.maxLimit].filter((v) => v !== undefined).length;
        if (given > 0 && given < 4) throw new UserError('give all of --probation-days, --initial-limit, --step and --max-limit to turn staged credit on');
        if (o.probationDays !== undefined && !/^\d+$/.test(o.probationDays)) throw new UserError(`--probation-days "${o.probationDays}" is not a whole number`);
        const settings = await withContext(globals(), async (context) => {
          const ctx = orgContextOf(context);
          if (o.off) return setStagedCredit(context.database.db, ctx, null);
          if (given === 0) return stagedCreditOf(context.org);
          return setStagedCredit(context.database.db, ctx, {
            ...(o.currency !== undefined ? { currency: o.currency } : {}),
            probationDays: Number(o.probationDays),
            initialLimit: o.initialLimit!,
            step: o.step!,
            maxLimit: o.maxLimit!,
          });
        });
        const json = stagedCreditToJson(settings);
        const text =
          json === null
            ? 'staged credit is off'
            : `staged credit: ${json.probation_days} days of probation from the first invoice; limit ${json.initial_limit} ${json.currency} + ${json.step} per invoice paid on time, at most ${json.max_limit}`;
        process.stdout.write(`${o.json ? JSON.stringify({ staged_credit: json }, null, 2) : text}\n`);
      },
    );
}

function renderDecision(d: CreditDecisionJson): string {
  const lines = [
    `${d.decision.toUpperCase()}: ${d.requested.amount} ${d.requested.currency} on credit to ${d.customer.external_id} (${d.customer.name}), as of ${d.as_of}`,
    ...d.reasons.map((r) => `  ${r.verdict.padEnd(6)} ${r.code.padEnd(9)} ${r.message}`),
  ];
  if (d.recorded) lines.push('recorded in the contact record');
  return lines.join('\n');
}
