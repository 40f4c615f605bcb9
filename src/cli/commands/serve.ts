import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { DemoRefusedError } from '../../demo/load-demo.ts';
import { dateInZone } from '../../domain/dates.ts';
import { requestLogger } from '../../http/logging.ts';
import { createApiToken } from '../../use-cases/api-tokens.ts';
import { UserError } from '../../use-cases/errors.ts';
import { isUntouched, loadDemoOrganisation } from '../../use-cases/load-demo-organisation.ts';
import { resolveOrganisation } from '../../use-cases/organisations.ts';
import { createDemoOwner } from '../../use-cases/users/demo-owner.ts';
import { wire } from '../../wiring.ts';
import { openConfiguredDatabase, withContext, type GlobalOptions } from '../context.ts';

/** serve, worker, demo. */
export function registerServe(program: Command, globals: () => GlobalOptions): void {
  program
    .command('serve')
    .description('web API + daily scheduler + delivery worker in one process')
    .option('--port <n>', 'TCP port (default: PORT or 3000)')
    .action(async (options: { port?: string }) => {
      const config = loadConfig(undefined, options.port === undefined ? {} : { port: options.port });
      const adapters = wire(config);
      const database = await openConfiguredDatabase(config);
      const org = await resolveOrganisation(database.db, globals().org);
      let token: string | undefined;
      let demoOwner: { email: string; password: string } | null = null;
      if (database.engine === 'pglite' && config.demoOnFirstStart && (await isUntouched(database.db, org.id))) {
        process.stderr.write('first start: loading the demo portfolio…\n');
        const loaded = await loadDemoOrganisation(database.db, org, { asOf: dateInZone(new Date(), org.timezone) });
        process.stderr.write(`demo loaded: ${loaded.customers} customers, ${loaded.invoices} invoices, ${loaded.payments} payments\n`);
        token = (await createApiToken(database.db, org.id, 'demo')).token;
        demoOwner = await createDemoOwner(database.db, org);
      }
      // The web server (fastify, TypeBox schemas) is loaded by the commands that serve, not by every command.
      const { buildServer } = await import('../../http/server.ts');
      const { startBackgroundWork } = await import('../../jobs/scheduler.ts');
      const app = await buildServer({
        db: database.db,
        logger: requestLogger({ level: config.logLevel }),
        rateLimitPerMinute: config.rateLimitPerMinute,
        paymentProviders: adapters.paymentProviders,
        receipts: { publicUrl: config.publicUrl, secrets: config.receipts },
        ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}),
        ...(config.portalSecret ? { portal: { secret: config.portalSecret } } : {}),
      });
      await app.listen({ port: config.port, host: config.host });
      const work = startBackgroundWork(
        database.db,
        { delivery: adapters.delivery, bureau: adapters.bureau },
        { schedule: true, batchSize: database.engine === 'pglite' ? 200 : 1000, concurrency: database.engine === 'pglite' ? 1 : 2 },
      );
      const address = `http://${config.host}:${config.port}`;
      process.stderr.write(
        `Régua is serving ${address} (API docs: ${address}/api/docs) on ${database.engine === 'pglite' ? `the embedded database in ${database.location}` : database.location}\n`,
      );
      if (demoOwner) process.stderr.write(`sign in at ${address} as ${demoOwner.email} with password ${demoOwner.password} (owner of ${org.slug})\n`);
      if (token)
        process.stderr.write(
          `API token for organisation ${org.slug}: ${token}\n  try: curl -H "Authorization: Bearer ${token}" ${address}/api/v1/reports/aging\n`,
        );
      await untilSignal();
      // Graceful shutdown: stop accepting connections and answer the requests in flight while
      // the background work finishes the organisation it is on; then close the database.
      process.stderr.write('regua serve: stopping (finishing the current requests and run)…\n');
      await Promise.all([app.close(), work.stop()]);
      await database.close();
      process.stderr.write('regua serve: stopped\n');
    });

  program
    .command('worker')
    .description('PostgreSQL only: an extra process that delivers messages and webhooks')
    .action(async () => {
      const config = loadConfig();
      if (!config.databaseUrl)
        throw new UserError(
          'regua worker shares work through PostgreSQL: set DATABASE_URL (the embedded database belongs to one process, where serve already delivers)',
        );
      const adapters = wire(config);
      const database = await openConfiguredDatabase(config);
      const { startBackgroundWork } = await import('../../jobs/scheduler.ts');
      const work = startBackgroundWork(database.db, { delivery: adapters.delivery }, { schedule: false, intervalMs: 5_000 });
      process.stderr.write(`regua worker delivering from ${database.location}\n`);
      await untilSignal();
      await work.stop();
      await database.close();
    });

  program
    .command('demo')
    .description('load a realistic demo portfolio into an empty organisation')
    .option('--customers <n>', 'number of customers', '300')
    .option('--seed <n>', 'random seed (same seed, same portfolio)')
    .option('--as-of <date>', 'the portfolio ends on this date (default: today)')
    .action(async (options: { customers: string; seed?: string; asOf?: string }) => {
      const customers = Number(options.customers);
      if (!Number.isInteger(customers) || customers < 1) throw new UserError('--customers must be a positive whole number');
      await withContext(globals(), async ({ database, org }) => {
        const loaded = await loadDemoOrganisation(database.db, org, {
          asOf: options.asOf ?? dateInZone(new Date(), org.timezone),
          customers,
          ...(options.seed ? { seed: Number(options.seed) } : {}),
        }).catch((error: unknown) => {
          if (error instanceof DemoRefusedError) throw new UserError(error.message);
          throw error;
        });
        process.stdout.write(`demo loaded into ${org.slug}: ${loaded.customers} customers, ${loaded.invoices} invoices, ${loaded.payments} payments\n`);
      });
    });
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
