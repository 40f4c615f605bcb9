import { useEffect, useRef, useState } from 'react';
import { api, ok } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';
import { Empty, Link, Loaded, navigate, Section, useLoad, LoadedList } from '../ui.tsx';

/** Today: the worklist as the API ranks it (keyboard: j/k, Enter), tasks due, failed messages, open disputes. */
export function TodayPage() {
  const { t, label, money, date, number } = useI18n();
  const worklist = useLoad(() => ok(api.GET('/api/v1/worklist', { params: { query: { limit: 50 } } })), []);
  const tasks = useLoad(() => ok(api.GET('/api/v1/tasks', { params: { query: { status: 'open', limit: 20 } } })), []);
  const failed = useLoad(() => ok(api.GET('/api/v1/outbox', { params: { query: { status: 'failed', limit: 10 } } })), []);
  const disputes = useLoad(() => ok(api.GET('/api/v1/disputes', { params: { query: { status: 'open', limit: 10 } } })), []);
  const [selected, setSelected] = useState(0);
  const items = worklist.data?.data ?? [];
  // Keyboard-first: once the worklist is there, it has the focus (j/k, Enter work at once).
  const list = useRef<HTMLDivElement>(null);
  const hasItems = items.length > 0;
  useEffect(() => {
    if (hasItems) list.current?.focus();
  }, [hasItems]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) return;
      if (event.key === 'j') setSelected((i) => Math.min(i + 1, Math.max(items.length - 1, 0)));
      else if (event.key === 'k') setSelected((i) => Math.max(i - 1, 0));
      else if (event.key === 'Enter' && items[selected] && target?.tagName !== 'A' && target?.tagName !== 'BUTTON')
        navigate(`/customers/${items[selected].customer_id}?task=${items[selected].task_id}`);
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [items, selected]);

  return (
    <>
      <h1>{t('today.title')}</h1>
      <Section title={t('today.worklist')}>
        <p className="muted small">{t('today.keys')}</p>
        <Loaded load={worklist}>
          {(page) =>
            page.data.length === 0 ? (
              <Empty />
            ) : (
              <div className="table-wrap" role="region" tabIndex={0} ref={list} aria-label={t('today.worklist')}>
                <table className="worklist">
                  <thead>
                    <tr>
                      <th scope="col">{t('col.customer')}</th>
                      <th scope="col">{t('col.kind')}</th>
                      <th scope="col">{t('col.due')}</th>
                      <th scope="col" className="num">
                        {t('col.open')}
                      </th>
                      <th scope="col" className="num">
                        {t('col.daysOverdue')}
                      </th>
                      <th scope="col" className="num">
                        {t('col.expected')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.data.map((item, i) => (
                      <tr
                        key={item.task_id}
                        className={i === selected ? 'selected' : ''}
                        aria-current={i === selected ? 'true' : undefined}
                        onClick={() => setSelected(i)}
                      >
                        <td>
                          <Link to={`/customers/${item.customer_id}?task=${item.task_id}`}>{item.customer_name}</Link>
                        </td>
                        <td>{label('task', item.kind)}</td>
                        <td>{date(item.due_on)}</td>
                        <td className="num">{money(item.open)}</td>
                        <td className="num">{number(item.days_overdue)}</td>
                        <td className="num">{money(item.expected_recovery)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </Loaded>
      </Section>
      <div className="grid">
        <Section title={t('today.tasks')}>
          <LoadedList load={tasks} itemKey={(task) => task.id}>
            {(task) => (
              <>
                <Link to={`/customers/${task.customer_id}`}>{task.customer_external_id}</Link> · {label('task', task.kind)} · {date(task.due_on)}
              </>
            )}
          </LoadedList>
        </Section>
        <Section title={t('today.disputes')}>
          <LoadedList load={disputes} itemKey={(d) => d.id}>
            {(d) => (
              <>
                <Link to={`/customers/${d.customer_id}`}>{d.customer_external_id}</Link> · {d.invoice_external_id} · {d.reason}
                {d.deadline ? ` · ${t('col.deadline')}: ${date(d.deadline)}` : ''}
              </>
            )}
          </LoadedList>
        </Section>
        <Section title={t('today.failed')}>
          <LoadedList load={failed} itemKey={(m) => m.id}>
            {(m) => (
              <>
                <Link to={`/customers/${m.customer_id}`}>{m.customer_external_id}</Link> · {t(`channel.${m.channel}`)} · {m.last_error ?? ''}
              </>
            )}
          </LoadedList>
        </Section>
      </div>
    </>
  );
}
