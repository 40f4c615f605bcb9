import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { eraseCustomer } from '../../use-cases/privacy/erase-customer.ts';
import { exportPersonalData } from '../../use-cases/privacy/export-customer-data.ts';
import { retentionDaysOf, sweepRetention } from '../../use-cases/privacy/retention-sweep.ts';
import { orgContextOf, withContext, type GlobalOptions } from '../context.ts';

/** regua privacy export | erase | sweep: a debtor's personal data (LGPD / GDPR). */
export function registerPrivacy(program: Command, globals: () => GlobalOptions): void {
  const privacy = program.command('privacy').description("a debtor's personal data: export everything held, erase it (LGPD / GDPR)");

  privacy
    .command('export')
    .description('everything held about a customer, as JSON (an access request)')
    .requiredOption('--customer <external_id>', "the customer's external id")
    .option('--out <file>', 'write the JSON to this file instead of standard output')
    .action(async (o: { customer: string; out?: string }) => {
      const exported = await withContext(globals(), (context) => exportPersonalData(context.database.db, orgContextOf(context), { externalId: o.customer }));
      const text = `${JSON.stringify(exported, null, 2)}\n`;
      if (o.out) {
        writeFileSync(o.out, text);
        process.stderr.write(`personal data of ${o.customer} written to ${o.out}\n`);
      } else process.stdout.write(text);
    });

  privacy
    .command('erase')
    .description("erase a customer's personal data on a justified request (refused while the debt is being collected); amounts and the record's hashes stay")
    .requiredOption('--customer <external_id>', "the customer's external id")
    .requiredOption('--reason <text>', 'the request and its grounds, kept with the erasure')
    .option('--json', 'print JSON')
    .action(async (o: { customer: string; reason: string; json?: boolean }) => {
      const erasure = await withContext(globals(), (context) =>
        eraseCustomer(context.database.db, orgContextOf(context), { externalId: o.customer }, { reason: o.reason }),
      );
      if (o.json) return void process.stdout.write(`${JSON.stringify({ customer_id: erasure.customerId, basis: erasure.basis, counts: erasure.counts })}\n`);
      const rows = Object.values(erasure.counts).reduce((a, b) => a + b, 0);
      process.stdout.write(
        `erased the personal data of ${o.customer} (${rows} rows in ${Object.keys(erasure.counts).length} tables); the contact record still verifies\n`,
      );
    });

  privacy
    .command('sweep')
    .description('erase the personal data of every closed debt past its retention period (the daily run does this too)')
    .action(async () => {
      const { erased, days } = await withContext(globals(), async (context) => {
        const ctx = orgContextOf(context);
        return { ...(await sweepRetention(context.database.db, ctx)), days: retentionDaysOf(ctx) };
      });
      process.stdout.write(`${erased} customer(s) erased (retention ${days} days after the last activity)\n`);
    });
}
