import { api, ok } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';
import { Empty, Link, Loaded, Section, useLoad, LoadedList } from '../ui.tsx';

/** Escalations, read-only: agency hand-offs with recoveries, bureau prior notices with their proofs, listings past their removal deadline. */
export function EscalationsPage() {
  const { t, money, date, dateTime, number } = useI18n();
  const handoffs = useLoad(() => ok(api.GET('/api/v1/agency/handoffs', { params: { query: { limit: 50 } } })), []);
  const notices = useLoad(() => ok(api.GET('/api/v1/bureau/notices', {})), []);
  const removals = useLoad(() => ok(api.GET('/api/v1/bureau/removals/overdue', {})), []);
  return (
    <>
      <h1>{t('escalations.title')}</h1>
      <Section title={t('escalations.handoffs')}>
        <Loaded load={handoffs}>
          {(page) =>
            page.data.length === 0 ? (
              <Empty />
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('col.customer')}</th>
                      <th scope="col">{t('col.agency')}</th>
                      <th scope="col">{t('col.status')}</th>
                      <th scope="col">{t('col.date')}</th>
                      <th scope="col" className="num">
                        {t('col.amount')}
                      </th>
                      <th scope="col" className="num">
                        {t('col.recovered')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.data.map((h) => (
                      <tr key={h.id}>
                        <td>
                          <Link to={`/customers/${h.customer_id}`}>{h.customer_external_id}</Link>
                        </td>
                        <td>{h.agency}</td>
                        <td>{h.status}</td>
                        <td>{date(h.handed_off_on)}</td>
                        <td className="num">{money(h.handed_off)}</td>
                        <td className="num">{money(h.recovered)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </Loaded>
      </Section>
      <Section title={t('escalations.notices')}>
        <LoadedList load={notices} itemKey={(n) => n.id}>
          {(n) => (
            <>
              <Link to={`/customers/${n.customer_id}`}>{n.customer_external_id}</Link> · {n.channel} · {t('col.sentAt')}: {dateTime(n.sent_at)} ·{' '}
              {t('col.deliveredAt')}: {dateTime(n.delivered_at)}
            </>
          )}
        </LoadedList>
      </Section>
      <Section title={t('escalations.removals')}>
        <LoadedList load={removals} itemKey={(r) => r.listing_id}>
          {(r) => (
            <>
              <Link to={`/customers/${r.customer_id}`}>{r.customer_external_id}</Link> · {date(r.removal_due_on)} · {t('col.daysOverdue')}:{' '}
              {number(r.days_overdue)}
            </>
          )}
        </LoadedList>
      </Section>
    </>
  );
}
