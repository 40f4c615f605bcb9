import { useState } from 'react';
import { api, ok } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';
import { Empty, ErrorBox, Link, Loaded, Section, useAction, useLoad } from '../ui.tsx';

type Customer = Awaited<ReturnType<typeof listCustomers>>['data'][number];
const statuses = ['active', 'paused', 'with_agency', 'in_court', 'bankrupt', 'closed'] as const;
type Status = (typeof statuses)[number];
interface Filters {
  q: string;
  country: string;
  segment: string;
  status: Status | '';
}

function listCustomers(filters: Filters, cursor?: string) {
  const query = {
    limit: 25,
    ...(filters.q ? { q: filters.q } : {}),
    ...(filters.country ? { country: filters.country } : {}),
    ...(filters.segment ? { segment: filters.segment } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(cursor ? { cursor } : {}),
  };
  return ok(api.GET('/api/v1/customers', { params: { query } }));
}

/** Customers: paginated on the server (cursor), searched and filtered by the API. */
export function CustomersPage() {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Filters>({ q: '', country: '', segment: '', status: '' });
  const [filters, setFilters] = useState<Filters>(draft);
  const [more, setMore] = useState<{ rows: Customer[]; cursor: string | null }>({ rows: [], cursor: null });
  const first = useLoad(async () => {
    const page = await listCustomers(filters);
    setMore({ rows: [], cursor: page.next_cursor });
    return page;
  }, [filters]);
  const next = useAction();
  return (
    <>
      <h1>{t('customers.title')}</h1>
      <form
        className="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
        }}
      >
        <label className="grow">
          {t('common.search')}
          <input type="search" name="q" placeholder={t('customers.search')} value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} />
        </label>
        <label>
          {t('col.country')}
          <input name="country" size={4} maxLength={2} value={draft.country} onChange={(e) => setDraft({ ...draft, country: e.target.value.toUpperCase() })} />
        </label>
        <label>
          {t('col.segment')}
          <input name="segment" size={10} value={draft.segment} onChange={(e) => setDraft({ ...draft, segment: e.target.value })} />
        </label>
        <label>
          {t('col.status')}
          <select name="status" value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value as Status | '' })}>
            <option value="">{t('common.all')}</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('common.search')}</button>
      </form>
      <Section title={t('customers.title')}>
        <Loaded load={first}>
          {(page) => {
            const rows = [...page.data, ...more.rows];
            if (rows.length === 0) return <Empty />;
            return (
              <>
                <div className="table-wrap">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t('col.name')}</th>
                        <th scope="col">{t('col.externalId')}</th>
                        <th scope="col">{t('col.taxId')}</th>
                        <th scope="col">{t('col.country')}</th>
                        <th scope="col">{t('col.segment')}</th>
                        <th scope="col">{t('col.status')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((c) => (
                        <tr key={c.id}>
                          <td>
                            <Link to={`/customers/${c.id}`}>{c.name}</Link>
                          </td>
                          <td>{c.external_id}</td>
                          <td>{c.tax_id ?? t('common.none')}</td>
                          <td>{c.country}</td>
                          <td>{c.segment ?? t('common.none')}</td>
                          <td>{t(`status.${c.status}`)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <ErrorBox error={next.error} />
                {more.cursor && (
                  <button
                    type="button"
                    disabled={next.busy}
                    onClick={() =>
                      void next.run(async () => {
                        const page = await listCustomers(filters, more.cursor ?? undefined);
                        setMore((m) => ({ rows: [...m.rows, ...page.data], cursor: page.next_cursor }));
                      })
                    }
                  >
                    {t('common.more')}
                  </button>
                )}
              </>
            );
          }}
        </Loaded>
      </Section>
    </>
  );
}
