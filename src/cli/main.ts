import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config.ts';
import { UserError } from '../use-cases/errors.ts';
import { registerAdmin } from './commands/admin.ts';
import { registerAging } from './commands/aging.ts';
import { registerCadence } from './commands/cadence.ts';
import { registerImport } from './commands/import.ts';
import { registerPaymentCodes } from './commands/payment-codes.ts';
import { registerServe } from './commands/serve.ts';
import { registerAccountWork } from './commands/account-work.ts';
import { registerPaymentPlans } from './commands/payment-plans.ts';
import { registerSettlementOffers } from './commands/settlement-offers.ts';
import { registerEscalation } from './commands/escalation.ts';
import { registerReconciliation } from './commands/reconciliation.ts';
import { registerCollector } from './commands/collector.ts';
import { registerPaymentTerms } from './commands/payment-terms.ts';
import { registerInsight } from './commands/insight.ts';
import { registerRisk } from './commands/risk.ts';
import { registerCredit } from './commands/credit.ts';
import { registerForecast } from './commands/forecast.ts';
import { registerUsers } from './commands/users.ts';
import { registerPrivacy } from './commands/privacy.ts';
import { registerBackup } from './commands/backup.ts';
import { registerPortal } from './commands/portal.ts';
import type { GlobalOptions } from './context.ts';

// `regua aging | head`: the reader went away, which is not a failure of the command.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

/** Exit codes (DESIGN.md §4): 0 success, 1 bad input, 2 anything else. */
const program = new Command('regua')
  .description('Régua: accounts-receivable collections — cadences, reminders, promises, Pix and boleto')
  .option('--org <slug>', 'organisation (default: the one created on first start)')
  .showHelpAfterError()
  .exitOverride();
const globals = (): GlobalOptions => program.opts<GlobalOptions>();

registerServe(program, globals);
registerImport(program, globals);
registerCadence(program, globals);
registerAging(program, globals);
registerAdmin(program, globals);
registerPaymentCodes(program);
registerAccountWork(program, globals);
registerPaymentPlans(program, globals);
registerSettlementOffers(program, globals);
registerEscalation(program, globals);
registerReconciliation(program, globals);
registerCollector(program, globals);
registerPaymentTerms(program, globals);
registerInsight(program, globals);
registerRisk(program, globals);
registerCredit(program, globals);
registerForecast(program, globals);
registerUsers(program, globals);
registerPrivacy(program, globals);
registerBackup(program);
registerPortal(program, globals);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = exitCodeFor(error);
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version exit 0; a bad flag or argument is bad input.
    return error.exitCode === 0 ? 0 : 1;
  }
  if (error instanceof UserError || error instanceof ConfigError) {
    process.stderr.write(`regua: ${error.message}\n`);
    return 1;
  }
  process.stderr.write(`regua: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 2;
}
