import type { Command } from 'commander';
import { parseContactCapsOption, setContactCaps } from '../../use-cases/contact-caps-settings.ts';
import { apiTokenJson } from '../../http/schemas/settings.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../../use-cases/api-tokens.ts';
import { verifyContactRecord } from '../../use-cases/contact-record.ts';
import { createOrganisation, updateOrganisation, type OrganisationChanges } from '../../use-cases/organisations.ts';
import { loadConfig } from '../../config.ts';
import { isRole } from '../../domain/roles.ts';
import { UserError } from '../../use-cases/errors.ts';
import { cliContext, type GlobalOptions, openConfiguredDatabase, orgContextOf, withContext } from '../context.ts';
import { textTable } from '../output.ts';

/** migrate, org create|update, token create|list|revoke, log verify. */
export function registerAdmin(program: Command, globals: () => GlobalOptions): void {
  program
    .command('migrate')
    .description('apply the database migrations (also done at every start)')
    .action(async () => {
      const database = await openConfiguredDatabase(loadConfig());
      await database.close();
      process.stdout.write(`database at ${database.location} is up to date\n`);
    });

  program
    .command('org')
    .description('organisations')
    .command('create')
    .argument('<slug>', 'short name used with --org (lower-case letters, digits, dashes)')
    .requiredOption('--name <name>', 'trading name')
    .option('--legal-name <name>', 'legal name printed on collection documents')
    .option('--tax-id <id>', 'CNPJ/CPF, RFC, NIF or EIN printed on collection documents')
    .option('--address <text>', 'address printed on collection documents')
    .option('--country <code>', 'ISO 3166 country', 'BR')
    .option('--timezone <tz>', 'IANA time zone of the business date', 'America/Sao_Paulo')
    .option('--currency <code>', 'default currency', 'BRL')
    .action(
      async (slug: string, o: { name: string; legalName?: string; taxId?: string; address?: string; country: string; timezone: string; currency: string }) => {
        await withContext({}, async ({ database }) => {
          const org = await createOrganisation(database.db, {
            slug,
            name: o.name,
            country: o.country,
            timezone: o.timezone,
            defaultCurrency: o.currency,
            ...(o.legalName ? { legalName: o.legalName } : {}),
            ...(o.taxId ? { taxId: o.taxId } : {}),
            ...(o.address ? { address: o.address } : {}),
          });
          process.stdout.write(`organisation ${org.slug} (${org.id})\n`);
        });
      },
    );

  program.commands
    .find((c) => c.name() === 'org')!
    .command('update')
    .description('change the organisation named by --org (identity printed on collection messages, settings)')
    .option('--name <name>', 'trading name')
    .option('--legal-name <name>', 'legal name printed on collection documents')
    .option('--tax-id <id>', 'CNPJ/CPF, RFC, NIF or EIN printed on collection documents')
    .option('--address <text>', 'address printed on collection documents')
    .option('--city <name>', "the business's city: the merchant city of Pix codes (default: read from the address)")
    .option('--timezone <tz>', 'IANA time zone of the business date')
    .option('--pix-key <key>', 'Pix key for the Pix code in reminders (BRL)')
    .option(
      '--boleto <json>',
      'bank agreement for the boleto in reminders, e.g. {"bank":"001","agreement":"1234567","wallet":"17","agency":"1234","account":"12345"}, or "none"',
    )
    .option('--receipts <on|off>', 'e-mail a thank-you receipt to the billing contact when a payment settles invoices')
    .option('--run-at <HH:MM>', 'local time of the daily cadence run inside serve')
    .option('--aging-buckets <bounds>', 'default aging bucket bounds, e.g. 30,60,90')
    .option(
      '--contact-caps <json>',
      'contact caps per debtor country (* = any other; null removes one), e.g. {"US":{"calls":{"max":7,"per_days":7},"emails":{"max":5,"per_days":7},"messaging_min_hours":48}}',
    )
    .option(
      '--match-tolerance <amounts>',
      'bank reconciliation: a line of a payer known by tax id within this of an open invoice is suggested for it, e.g. 0.50 or BRL:0.50,USD:1.00',
    )
    .option('--charges-booking <on-payment|on-demand>', 'book late charges when a payment arrives (default) or when a reminder demands them')
    .option('--retention-days <days>', "how long a debtor's personal data is kept after the last activity once the debt is closed (default 1825)")
    .action(async (o: OrganisationChanges & { contactCaps?: string }) => {
      await withContext(globals(), async (context) => {
        const { database, org } = context;
        const { contactCaps, ...changes } = o;
        const caps = contactCaps === undefined ? undefined : parseContactCapsOption(contactCaps);
        let updated = await updateOrganisation(database.db, org, changes);
        if (caps) updated = await setContactCaps(database.db, updated, caps, orgContextOf(context));
        process.stdout.write(`organisation ${updated.slug} updated\n`);
      });
    });

  const token = program.command('token').description('API tokens');
  token
    .command('create')
    .description('create an API token bound to the organisation (shown once)')
    .option('--name <name>', 'what the token is for', 'cli')
    .option('--role <role>', 'what the token may do: viewer, collector, admin or owner', 'admin')
    .action(async (o: { name: string; role: string }) => {
      if (!isRole(o.role)) throw new UserError(`unknown role "${o.role}": use viewer, collector, admin or owner`);
      const role = o.role;
      await withContext(globals(), async ({ database, org }) => {
        const created = await createApiToken(database.db, org.id, o.name, role);
        process.stdout.write(`${created.token}\n`);
        process.stderr.write(`token "${o.name}" (${created.id}) for organisation ${org.slug}; send it as "Authorization: Bearer <token>"\n`);
      });
    });

  token
    .command('list')
    .description("the organisation's API tokens, oldest first (never their secrets)")
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const tokens = await withContext(globals(), ({ database, org }) => listApiTokens(database.db, org.id));
      if (o.json) return void process.stdout.write(`${JSON.stringify({ data: tokens.map(apiTokenJson) }, null, 2)}\n`);
      if (tokens.length === 0) return void process.stdout.write('no API tokens\n');
      process.stdout.write(
        `${textTable(
          ['token', 'name', 'created', 'last used', 'status'],
          tokens.map((t) => [
            t.id,
            t.name,
            t.created_at.toISOString(),
            t.last_used_at?.toISOString() ?? '',
            t.revoked_at ? `revoked ${t.revoked_at.toISOString()}` : 'active',
          ]),
        )}\n`,
      );
    });
  token
    .command('revoke')
    .description('revoke an API token: the API refuses it from now on')
    .argument('<id>', 'the token id (see regua token list)')
    .action(async (id: string) => {
      const revoked = await withContext(globals(), ({ database, org }) => revokeApiToken(database.db, org.id, id, new Date()));
      process.stdout.write(`token ${revoked.id} ("${revoked.name}") revoked at ${revoked.revoked_at?.toISOString()}\n`);
    });

  program
    .command('log')
    .description('the contact record')
    .command('verify')
    .description('check the hash chain of the contact record; exit 1 naming the first broken entry')
    .action(async () => {
      const result = await withContext(globals(), ({ database, org }) => verifyContactRecord(database.db, cliContext(org)));
      if (result.broken) {
        process.stderr.write(`contact record BROKEN at entry ${result.broken.seq}: ${result.broken.reason} (${result.entries} entries before it are intact)\n`);
        process.exitCode = 1;
        return;
      }
      const erased = result.erased > 0 ? ` (${result.erased} with their content erased for privacy, hashes kept)` : '';
      process.stdout.write(`contact record intact: ${result.entries} entries${erased}, last hash ${result.lastHash}\n`);
    });
}
