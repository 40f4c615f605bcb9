import type { Command } from 'commander';
import { isIsoDate } from '../../domain/dates.ts';
import { UserError } from '../../use-cases/errors.ts';
import { businessDate } from '../../use-cases/account-work/support.ts';
import { acceptSettlementOffer, settlementOffers, type SettlementOfferView } from '../../use-cases/payment-plans/settlement-offers.ts';
import { cliContext, type GlobalOptions, withContext } from '../context.ts';

/** "10" or "7.5" (percent, at most two decimals) as basis points. */
function percentToBps(text: string): number {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) throw new UserError(`--discount "${text}" is not a percentage such as 10 or 7.5`);
  const bps = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (bps > 10_000) throw new UserError(`--discount "${text}" is more than 100`);
  return bps;
}

function print(offers: readonly SettlementOfferView[], json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(offers.length === 1 ? offers[0] : offers)}\n`);
    return;
  }
  const lines = offers.map(
    (o) =>
      `${o.customer_external_id} ${o.currency} ${o.state}: pay ${o.amount} by ${o.valid_until} for ${o.open} open (discount ${o.discount}, ${o.discount_bps / 100} %) on ${o.invoices.map((i) => i.external_id).join(', ')}` +
      ` — accepted ${o.accepted_on} by ${o.accepted_by}${o.fulfilled_on ? `, fulfilled ${o.fulfilled_on}` : ''}`,
  );
  process.stdout.write(`${lines.length > 0 ? lines.join('\n') : 'No accepted offers.'}\n`);
}

/** CLI commands for settlement (pay-in-full) offers. */
export function registerSettlementOffers(program: Command, globals: () => GlobalOptions): void {
  const offer = program.command('offer').description('settlement offers: pay the open debt at once for a discount');
  offer
    .command('accept')
    .description('record that the customer accepted the pay-in-full offer: the cadence pauses until it expires; paying its amount in time settles the invoices')
    .requiredOption('--customer <external_id>', 'the customer')
    .option('--discount <percent>', 'discount asked, e.g. 10 (capped at the organisation maximum; default: that maximum)')
    .option('--valid-days <n>', 'days the offer holds (default 7)')
    .option('--currency <code>', 'the currency of the debt (default: the organisation default)')
    .option('--as-of <date>', 'the business date of the acceptance (default: today in the organisation time zone)')
    .option('--json', 'print the offer as JSON')
    .action(async (options: { customer: string; discount?: string; validDays?: string; currency?: string; asOf?: string; json?: boolean }) => {
      if (options.validDays !== undefined && !/^\d+$/.test(options.validDays)) throw new UserError(`--valid-days "${options.validDays}" is not a whole number`);
      if (options.asOf !== undefined && !isIsoDate(options.asOf)) throw new UserError(`--as-of "${options.asOf}" is not a date in the form YYYY-MM-DD`);
      const input = {
        ...(options.discount !== undefined && { discountBps: percentToBps(options.discount) }),
        ...(options.validDays !== undefined && { validDays: Number(options.validDays) }),
        ...(options.currency !== undefined && { currency: options.currency }),
        ...(options.asOf !== undefined && { asOf: options.asOf }),
      };
      const view = await withContext(globals(), ({ database, org }) =>
        acceptSettlementOffer(database.db, cliContext(org), { externalId: options.customer }, input),
      );
      print([view], Boolean(options.json));
    });
  offer
    .command('list')
    .description("the customer's accepted offers, newest first, with their state (accepted, fulfilled, lapsed)")
    .requiredOption('--customer <external_id>', 'the customer')
    .option('--as-of <date>', 'the business date the state is judged on (default: today)')
    .option('--json', 'print as JSON')
    .action(async (options: { customer: string; asOf?: string; json?: boolean }) => {
      if (options.asOf !== undefined && !isIsoDate(options.asOf)) throw new UserError(`--as-of "${options.asOf}" is not a date in the form YYYY-MM-DD`);
      const offers = await withContext(globals(), async ({ database, org }) =>
        settlementOffers(database.db, cliContext(org), { externalId: options.customer }, options.asOf ?? (await businessDate(database.db, org.id, new Date()))),
      );
      if (options.json) process.stdout.write(`${JSON.stringify(offers)}\n`);
      else print(offers, false);
    });
}
