import { api, ok } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';
import { Link, Loaded, LoadedList, Section, todayIso, useLoad } from '../ui.tsx';

type Aging = Awaited<ReturnType<typeof agingAsOf>>;
const agingAsOf = (asOf: string) => ok(api.GET('/api/v1/reports/aging', { params: { query: { as_of: asOf } } }));

/** The date `weeks` weeks before `iso` (YYYY-MM-DD, calendar arithmetic in UTC). */
function weeksBefore(iso: string, weeks: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 7 * weeks);
  return d.toISOString().slice(0, 10);
}

/** The overdue part of one currency's totals: every bucket but "current". */
function overdueOf(totals: Aging['totals'][number]): number {
  return Object.entries(totals.by_bucket).reduce((sum, [bucket, amount]) => (bucket === 'current' ? sum : sum + Number(amount)), 0);
}

/** Aging by bucket as horizontal bars (plain SVG), one currency. */
function AgingBars({ aging, totals }: { aging: Aging; totals: Aging['totals'][number] }) {
  const { t, money } = useI18n();
  const values = aging.buckets.map((b) => Number(totals.by_bucket[b] ?? '0'));
  const max = Math.max(1, ...values);
  const row = 28;
  return (
    <svg
      className="chart"
      role="img"
      aria-label={t('dashboard.agingChart', { currency: totals.currency })}
      viewBox={`0 0 400 ${row * values.length}`}
      width="100%"
    >
      {aging.buckets.map((bucket, i) => (
        <g key={bucket} transform={`translate(0 ${i * row})`}>
          <text x="0" y="18" className="chart-label">
            {bucket === 'current' ? t('dashboard.current') : bucket}
          </text>
          <rect x="70" y="6" height="16" width={Math.max(1, (values[i]! / max) * 200)} className={bucket === 'current' ? 'bar current' : 'bar'} />
          <text x={76 + (values[i]! / max) * 200} y="18" className="chart-value">
            {money({ amount: totals.by_bucket[bucket] ?? '0', currency: totals.currency })}
          </text>
        </g>
      ))}
    </svg>
  );
}

/** The overdue total over the past weeks as a line (plain SVG), one currency. */
function Trend({ points, currency }: { points: { asOf: string; overdue: number }[]; currency: string }) {
  const { t, money, date } = useI18n();
  const max = Math.max(1, ...points.map((p) => p.overdue));
  const x = (i: number) => 10 + (i * 380) / Math.max(1, points.length - 1);
  const y = (v: number) => 110 - (v / max) * 100;
  const last = points.at(-1);
  return (
    <figure className="trend">
      <svg className="chart" role="img" aria-label={t('dashboard.trendChart', { currency })} viewBox="0 0 400 120" width="100%">
        <polyline className="line" fill="none" points={points.map((p, i) => `${x(i)},${y(p.overdue)}`).join(' ')} />
        {points.map((p, i) => (
          <circle key={p.asOf} cx={x(i)} cy={y(p.overdue)} r="3" className="dot">
            <title>{`${date(p.asOf)}: ${money({ amount: p.overdue.toFixed(2), currency })}`}</title>
          </circle>
        ))}
      </svg>
      {last && (
        <figcaption className="muted">
          {date(points[0]!.asOf)} – {date(last.asOf)}
        </figcaption>
      )}
    </figure>
  );
}

/** The dashboard: overdue and aging, the 12-week trend, DSO and CEI, recent payments, failed messages, the last runs. */
export function DashboardPage() {
  const { t, money, date, dateTime, number } = useI18n();
  const today = todayIso();
  const aging = useLoad(() => agingAsOf(today), [today]);
  const trend = useLoad(async () => {
    const dates = Array.from({ length: 13 }, (_, i) => weeksBefore(today, 12 - i));
    const reports = await Promise.all(dates.map(agingAsOf));
    return reports.map((r) => ({ asOf: r.as_of, totals: r.totals }));
  }, [today]);
  const metrics = useLoad(() => ok(api.GET('/api/v1/metrics', {})), []);
  const payments = useLoad(() => ok(api.GET('/api/v1/payments', { params: { query: { limit: 5 } } })), []);
  const failed = useLoad(() => ok(api.GET('/api/v1/outbox', { params: { query: { limit: 5, status: 'failed' } } })), []);
  const runs = useLoad(() => ok(api.GET('/api/v1/runs', { params: { query: { limit: 5 } } })), []);
  return (
    <>
      <h1>{t('dashboard.title')}</h1>
      <div className="grid">
        <Section title={t('dashboard.overdue')}>
          <Loaded load={aging}>
            {(report) =>
              report.totals.map((totals) => (
                <div key={totals.currency}>
                  <p className="big">{money({ amount: overdueOf(totals).toFixed(2), currency: totals.currency })}</p>
                  <AgingBars aging={report} totals={totals} />
                </div>
              ))
            }
          </Loaded>
        </Section>
        <Section title={t('dashboard.trend')}>
          <Loaded load={trend}>
            {(points) => {
              const currencies = [...new Set(points.flatMap((p) => p.totals.map((x) => x.currency)))];
              return currencies.map((currency) => (
                <Trend
                  key={currency}
                  currency={currency}
                  points={points.map((p) => {
                    const totals = p.totals.find((x) => x.currency === currency);
                    return { asOf: p.asOf, overdue: totals ? overdueOf(totals) : 0 };
                  })}
                />
              ));
            }}
          </Loaded>
        </Section>
        <Section title={t('dashboard.metrics')}>
          <Loaded load={metrics}>
            {(m) => (
              <dl className="counts">
                {m.currencies.map((c) => (
                  <div key={c.currency}>
                    <dt>
                      {c.currency} · {date(m.from)} – {date(m.to)}
                    </dt>
                    <dd>
                      DSO {c.dso === null ? '—' : number(c.dso)} · CEI {c.cei === null ? '—' : `${number(c.cei)} %`}
                    </dd>
                  </div>
                ))}
              </dl>
            )}
          </Loaded>
        </Section>
        <Section title={t('dashboard.payments')}>
          <LoadedList load={payments} itemKey={(p) => p.id}>
            {(p) => (
              <>
                {date(p.date)} · <Link to={`/customers/${p.customer_id}`}>{p.customer_external_id}</Link> · {money(p.amount)}
              </>
            )}
          </LoadedList>
        </Section>
        <Section title={t('dashboard.failedMessages')} actions={<Link to="/messages">{t('nav.messages')}</Link>}>
          <LoadedList load={failed} itemKey={(m) => m.id}>
            {(m) => (
              <>
                {t(`channel.${m.channel}`)} · <Link to={`/customers/${m.customer_id}`}>{m.customer_external_id}</Link> · {m.last_error}
              </>
            )}
          </LoadedList>
        </Section>
        <Section title={t('dashboard.runs')} actions={<Link to="/run">{t('dashboard.runNow')}</Link>}>
          <LoadedList load={runs} itemKey={(r) => r.id}>
            {(r) => (
              <>
                {date(r.as_of)} · {dateTime(r.started_at)} · {t('run.evaluated')}: {number(r.summary?.customers_evaluated ?? 0)}
              </>
            )}
          </LoadedList>
        </Section>
      </div>
    </>
  );
}
