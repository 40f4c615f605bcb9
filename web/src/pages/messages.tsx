import { useState } from 'react';
import { api, ok } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';
import { Done, Empty, ErrorBox, Link, Loaded, Section, useAction, useLoad } from '../ui.tsx';

const statuses = ['pending', 'held', 'sent', 'queued_for_print', 'delivered', 'failed', 'bounced', 'cancelled'] as const;
type Status = (typeof statuses)[number];
type Message = Awaited<ReturnType<typeof listMessages>>['data'][number];
type Detail = Awaited<ReturnType<typeof messageDetail>>;

const listMessages = (status: Status | '', cursor?: string) =>
  ok(api.GET('/api/v1/outbox', { params: { query: { limit: 25, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) } } }));
const messageDetail = (id: string) => ok(api.GET('/api/v1/outbox/{id}', { params: { path: { id } } }));
const retryMessage = (id: string) => ok(api.POST('/api/v1/outbox/{id}/retry', { params: { path: { id } } }));
const cancelMessage = (id: string) => ok(api.POST('/api/v1/outbox/{id}/cancel', { params: { path: { id } }, body: {} }));
/** The statuses the API lets a person act on (it refuses the others with its reason). */
const retriable: readonly Status[] = ['failed', 'bounced'];
const cancellable: readonly Status[] = ['pending', 'held'];

/** The outbox: status, channel, next attempt, the rendered message on demand; retry a failed message, cancel a waiting one. */
export function MessagesPage() {
  const { t, dateTime } = useI18n();
  const [status, setStatus] = useState<Status | ''>('');
  const [more, setMore] = useState<{ rows: Message[]; cursor: string | null }>({ rows: [], cursor: null });
  const [open, setOpen] = useState<Record<string, Detail>>({});
  const first = useLoad(async () => {
    const page = await listMessages(status);
    setMore({ rows: [], cursor: page.next_cursor });
    return page;
  }, [status]);
  const next = useAction();
  const detail = useAction();
  const change = useAction();
  const [changed, setChanged] = useState<Record<string, Message>>({});
  const act = (m: Message, action: 'retry' | 'cancel') =>
    void change.run(async () => {
      const updated = action === 'retry' ? await retryMessage(m.id) : await cancelMessage(m.id);
      setChanged((c) => ({ ...c, [m.id]: updated }));
      return t(action === 'retry' ? 'messages.retried' : 'messages.cancelled');
    });
  return (
    <>
      <h1>{t('messages.title')}</h1>
      <div className="filters">
        <label>
          {t('col.status')}
          <select name="status" value={status} onChange={(e) => setStatus(e.target.value as Status | '')}>
            <option value="">{t('common.all')}</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {t(`msg.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Section title={t('messages.title')}>
        <ErrorBox error={detail.error} />
        <ErrorBox error={change.error} />
        <Done text={change.done} />
        <Loaded load={first}>
          {(page) => {
            const rows = [...page.data, ...more.rows].map((m) => changed[m.id] ?? m);
            if (rows.length === 0) return <Empty />;
            return (
              <>
                <ul className="messages">
                  {rows.map((m) => (
                    <li key={m.id}>
                      <div className="message-head">
                        <span className={`badge ${m.status}`}>{t(`msg.${m.status}`)}</span>
                        <span>{t(`channel.${m.channel}`)}</span>
                        <Link to={`/customers/${m.customer_id}`}>{m.customer_external_id}</Link>
                        <span className="muted">{m.recipient}</span>
                        <span className="muted">
                          {t('col.template')}: {m.template}
                        </span>
                        <span className="muted">
                          {t('col.created')}: {dateTime(m.created_at)}
                        </span>
                        {m.next_attempt_at && (
                          <span className="muted">
                            {t('col.nextAttempt')}: {dateTime(m.next_attempt_at)}
                          </span>
                        )}
                        {!open[m.id] && (
                          <button
                            type="button"
                            className="link"
                            disabled={detail.busy}
                            onClick={() =>
                              void detail.run(async () => {
                                const d = await messageDetail(m.id);
                                setOpen((o) => ({ ...o, [m.id]: d }));
                              })
                            }
                          >
                            {t('messages.show')}
                          </button>
                        )}
                        {retriable.includes(m.status) && (
                          <button type="button" className="link" disabled={change.busy} onClick={() => act(m, 'retry')}>
                            {t('messages.retryAction')}
                          </button>
                        )}
                        {cancellable.includes(m.status) && (
                          <button type="button" className="link" disabled={change.busy} onClick={() => act(m, 'cancel')}>
                            {t('messages.cancelAction')}
                          </button>
                        )}
                      </div>
                      {m.last_error && (
                        <p className="muted small">
                          {t('messages.lastError')}: {m.last_error}
                        </p>
                      )}
                      {open[m.id] && (
                        <div className="rendered">
                          {open[m.id]!.subject && <strong>{open[m.id]!.subject}</strong>}
                          {open[m.id]!.body_text ? <pre>{open[m.id]!.body_text}</pre> : <p className="muted">{t('messages.notRendered')}</p>}
                        </div>
                      )}
                    </li>
                  ))}
                </ul>
                <ErrorBox error={next.error} />
                {more.cursor && (
                  <button
                    type="button"
                    disabled={next.busy}
                    onClick={() =>
                      void next.run(async () => {
                        const p = await listMessages(status, more.cursor ?? undefined);
                        setMore((x) => ({ rows: [...x.rows, ...p.data], cursor: p.next_cursor }));
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
