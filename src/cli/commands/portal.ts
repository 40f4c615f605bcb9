import type { Command } from 'commander';
import { portalLink, revokePortalLinks } from '../../use-cases/portal/portal-link.ts';
import { orgContextOf, withContext, type GlobalOptions } from '../context.ts';

/** `regua portal link` and `regua portal revoke`: hand a debtor-portal link out by hand, or void every link handed out so far. */
export function registerPortal(program: Command, globals: () => GlobalOptions): void {
  const portal = program.command('portal').description('the debtor portal');
  portal
    .command('link')
    .description("print a link to the customer's debtor portal, valid from today for the organisation's link lifetime")
    .requiredOption('--customer <external_id>', "the customer's external id")
    .option('--json', 'print JSON (the shape of GET /api/v1/customers/{id}/portal-link)')
    .action((o: { customer: string; json?: boolean }) =>
      withContext(globals(), async (context) => {
        const link = await portalLink(
          context.database.db,
          orgContextOf(context),
          { externalId: o.customer },
          {
            publicUrl: context.config.publicUrl,
            ...(context.config.portalSecret ? { secret: context.config.portalSecret } : {}),
          },
        );
        const json = { customer_external_id: link.customerExternalId, url: link.url, expires_on: link.expiresOn };
        process.stdout.write(o.json ? `${JSON.stringify(json, null, 2)}\n` : `${link.url}\n`);
        if (context.config.publicUrlIsDefault) process.stderr.write('warning: PUBLIC_URL is not set: the link points at this machine\n');
      }),
    );
  portal
    .command('revoke')
    .description('every portal link of the customer handed out so far stops opening (new messages carry new ones)')
    .requiredOption('--customer <external_id>', "the customer's external id")
    .action((o: { customer: string }) =>
      withContext(globals(), async (context) => {
        const revoked = await revokePortalLinks(context.database.db, orgContextOf(context), { externalId: o.customer });
        process.stdout.write(`revoked the portal links of ${revoked.customerExternalId}\n`);
      }),
    );
}
