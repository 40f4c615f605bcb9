import { useState } from 'react';
import { api, ok } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';
import { ErrorBox, LoadedList, Section, todayIso, useAction, useLoad } from '../ui.tsx';

const channels = ['email', 'sms', 'whatsapp', 'letter', 'call_task', 'other'] as const;
type Summary = Awaited<ReturnType<typeof runCadence>>;

function runCadence(asOf: string, dryRun: boolean) {
  return ok(api.POST('/api/v1/runs', { body: { as_of: asOf, dry_run: dryRun } }));
}

/** Run the cadence for a business date and show what it did. */
export function RunPage() {
  const { t, number, date, dateTime } = useI18n();
  const [asOf, setAsOf] = useState(todayIso());
  const [dryRun, setDryRun] = useState(false);
  const [summary, setSummary] = useState<Summary | null>(null);
  const runs = useLoad(() => ok(api.GET('/api/v1/runs', { params: { query: { limit: 10 } } })), []);
  const action = useAction();
  return (
    <>
      <h1>{t('run.title')}</h1>
      <Section title={t('run.title')}>
        <form
          className="filters"
          onSubmit={(e) => {
            e.preventDefault();
            void action.run(async () => {
              setSummary(await runCadence(asOf, dryRun));
              runs.reload();
            });
          }}
        >
          <label>
            {t('run.date')}
            <input type="date" name="as_of" required value={asOf} onChange={(e) => setAsOf(e.target.value)} />
          </label>
          <label className="check">
            <input type="checkbox" name="dry_run" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} />
            {t('run.dryRun')}
          </label>
          <button type="submit" disabled={action.busy}>
            {action.busy ? t('common.loading') : t('run.submit')}
          </button>
        </form>
        <ErrorBox error={action.error} />
        {summary && (
          <div className="run-summary" role="status">
            <h3>{t('run.result', { date: date(summary.as_of) })}</h3>
            <dl className="counts">
              <div>
                <dt>{t('run.evaluated')}</dt>
                <dd>{number(summary.customers_evaluated)}</dd>
              </div>
              {channels.map((c) => (
                <div key={c}>
                  <dt>{t(`channel.${c}`)}</dt>
                  <dd data-channel={c}>{number(summary.actions[c])}</dd>
                </div>
              ))}
              <div>
                <dt>{t('run.deferred')}</dt>
                <dd>{number(summary.deferred)}</dd>
              </div>
              <div>
                <dt>{t('run.suppressed')}</dt>
                <dd>{number(Object.values(summary.suppressed).reduce((a, b) => a + b, 0))}</dd>
              </div>
            </dl>
          </div>
        )}
      </Section>
      <Section title={t('run.history')}>
        <LoadedList load={runs} itemKey={(run) => run.id}>
          {(run) => (
            <>
              {date(run.as_of)} · {run.trigger} · {dateTime(run.started_at)}
              {run.summary
                ? ` · ${t('run.evaluated')}: ${number(run.summary.customers_evaluated)} · ${channels.map((c) => `${t(`channel.${c}`)}: ${number(run.summary!.actions[c])}`).join(', ')}`
                : ''}
            </>
          )}
        </LoadedList>
      </Section>
    </>
  );
}
