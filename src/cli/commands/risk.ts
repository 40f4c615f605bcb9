import type { Command } from 'commander';
import { isIsoDate } from '../../domain/dates.ts';
import { UserError } from '../../use-cases/errors.ts';
import { refreshInsight } from '../../use-cases/insight/refresh-insight.ts';
import { riskModelReport, type RiskModelJson } from '../../use-cases/insight/risk-report.ts';
import { orgContextOf, withContext, type GlobalOptions } from '../context.ts';
import { textTable } from '../output.ts';

export function registerRisk(program: Command, globals: () => GlobalOptions): void {
  const risk = program.command('risk').description('the risk score: probability of paying an invoice more than 30 days late');
  risk
    .command('train')
    .description('train a new risk model version on the history (time split), then score every customer and recompute the tiers')
    .option('--as-of <date>', 'the date of the history to train on, YYYY-MM-DD (default: today in the organisation time zone)')
    .option('--json', 'print the summary as JSON')
    .action(async (options: { asOf?: string; json?: boolean }) => {
      if (options.asOf !== undefined && !isIsoDate(options.asOf)) throw new UserError(`--as-of "${options.asOf}" is not a date in the form YYYY-MM-DD`);
      const summary = await withContext(globals(), (context) =>
        refreshInsight(context.database.db, orgContextOf(context), { train: 'always', ...(options.asOf ? { asOf: options.asOf } : {}) }),
      );
      process.stdout.write(
        options.json
          ? `${JSON.stringify(summary, null, 2)}\n`
          : `Risk model version ${summary.modelVersion} (${summary.kind === 'logistic' ? 'logistic regression' : 'rule-based score: too little history'}); ` +
              `${summary.customersScored} customers scored, ${summary.tierChanges} tier and ${summary.bandChanges} risk band changes\n`,
      );
    });
  risk
    .command('report')
    .description('the newest risk model: AUC, Brier score and calibration by decile on the held-out period, beside the rule-based score')
    .option('--json', 'print the JSON report')
    .action(async (options: { json?: boolean }) => {
      const report = await withContext(globals(), (context) => riskModelReport(context.database.db, orgContextOf(context)));
      process.stdout.write(`${options.json ? JSON.stringify(report, null, 2) : renderReport(report)}\n`);
    });
}

function renderReport(r: RiskModelJson): string {
  const show = (value: number | null | undefined) => (value === null || value === undefined ? '—' : value.toFixed(3));
  const lines = [
    `Risk model version ${r.version}, trained ${r.trained_on}: ${r.kind === 'logistic' ? 'logistic regression' : 'rule-based score'}`,
    `Trained on ${r.train_count} invoices due before ${r.cutoff}, tested on ${r.test_count} due from then on.`,
  ];
  if (r.rules_because) lines.push(`The rule-based score is used: ${r.rules_because}.`);
  lines.push(
    textTable(
      ['held-out', 'AUC', 'Brier'],
      [
        ['model', show(r.model?.auc), show(r.model?.brier)],
        ['rule-based', show(r.rules.auc), show(r.rules.brier)],
      ],
      (i) => i >= 1,
    ),
  );
  const calibration = r.model?.calibration ?? r.rules.calibration;
  lines.push(
    `Calibration by decile (${r.model ? 'model' : 'rule-based'}):`,
    textTable(
      ['decile', 'invoices', 'predicted', 'observed'],
      calibration.map((c) => [String(c.decile), String(c.count), `${(c.mean_predicted * 100).toFixed(1)}%`, `${(c.observed_rate * 100).toFixed(1)}%`]),
      (i) => i >= 1,
    ),
  );
  return lines.join('\n');
}
