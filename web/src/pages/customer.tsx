import { useState } from 'react';
import { api, ok } from '../api/client.ts';
import type { Session } from '../api/auth.ts';
import { useI18n } from '../i18n/index.tsx';
import { Done, Empty, ErrorBox, Loaded, Section, todayIso, useAction, useLoad } from '../ui.tsx';

const outcomes = ['reached', 'no_answer', 'voicemail', 'promised'] as const;

/** One line of the timeline: what the contact record entry says, in a few words. */
function summary(content: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key of ['outcome', 'text', 'subject', 'template', 'step_id', 'status', 'reason', 'promised_date', 'amount', 'file', 'rows']) {
    const value = content[key];
    if (value === undefined || value === null || value === '') continue;
    parts.push(typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  return parts.join(' · ');
}

export function CustomerPage({ id }: { id: string; session: Session }) {
  const { t, label, money, date, dateTime } = useI18n();
  const customer = useLoad(() => ok(api.GET('/api/v1/customers/{id}', { params: { path: { id } } })), [id]);
  const invoices = useLoad(() => ok(api.GET('/api/v1/invoices', { params: { query: { customer: id, status: 'open', limit: 100 } } })), [id]);
  const record = useLoad(() => ok(api.GET('/api/v1/customers/{id}/record', { params: { path: { id }, query: { limit: 200 } } })), [id]);
  const [outcome, setOutcome] = useState<(typeof outcomes)[number]>('reached');
  const [note, setNote] = useState('');
  const [withPromise, setWithPromise] = useState(false);
  const [promiseDate, setPromiseDate] = useState(todayIso());
  const [promiseAmount, setPromiseAmount] = useState('');
  const [disputeInvoice, setDisputeInvoice] = useState('');
  const [disputeReason, setDisputeReason] = useState('');
  // Opened from a worklist item (?task=…): the call closes that task with its outcome.
  const [taskId, setTaskId] = useState(() => new URLSearchParams(location.search).get('task'));
  const call = useAction();
  const dispute = useAction();
  const pause = useAction();
  const [pauseUntil, setPauseUntil] = useState('');

  return (
    <Loaded load={customer}>
      {(c) => (
        <>
          <h1>{c.name}</h1>
          <p className="muted">{[c.external_id, c.tax_id, c.country, c.segment, t(`status.${c.status}`)].filter(Boolean).join(' · ')}</p>
          <div className="grid">
            <Section title={t('customer.balance')}>
              {c.open_balance.length === 0 ? (
                <Empty />
              ) : (
                <ul className="list big">
                  {c.open_balance.map((m) => (
                    <li key={m.currency}>{money(m)}</li>
                  ))}
                </ul>
              )}
            </Section>
            <Section title={t('customer.contacts')}>
              {c.contacts.length === 0 ? (
                <Empty />
              ) : (
                <ul className="list">
                  {c.contacts.map((contact) => (
                    <li key={contact.id}>{[contact.name, t(`channel.${contact.channel}` as 'channel.email'), contact.address].filter(Boolean).join(' · ')}</li>
                  ))}
                </ul>
              )}
            </Section>
          </div>
          <Section title={t('customer.invoices')}>
            <Loaded load={invoices}>
              {(page) =>
                page.data.length === 0 ? (
                  <Empty />
                ) : (
                  <div className="table-wrap">
                    <table>
                      <thead>
                        <tr>
                          <th scope="col">{t('col.invoice')}</th>
                          <th scope="col">{t('col.dueDate')}</th>
                          <th scope="col" className="num">
                            {t('col.amount')}
                          </th>
                          <th scope="col" className="num">
                            {t('col.open')}
                          </th>
                        </tr>
                      </thead>
                      <tbody>
                        {page.data.map((invoice) => (
                          <tr key={invoice.id}>
                            <td>{invoice.number || invoice.external_id}</td>
                            <td>{date(invoice.due_date)}</td>
                            <td className="num">{money(invoice.amount)}</td>
                            <td className="num">{money(invoice.open)}</td>
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
            <Section title={t('customer.logCall')}>
              <form
                className="stack"
                onSubmit={(e) => {
                  e.preventDefault();
                  void call.run(async () => {
                    if (taskId) {
                      await ok(
                        api.POST('/api/v1/tasks/{id}/outcome', {
                          params: { path: { id: taskId } },
                          body: { outcome, channel: 'phone', ...(note ? { note } : {}) },
                        }),
                      );
                      setTaskId(null);
                      history.replaceState(null, '', location.pathname);
                    } else {
                      await ok(
                        api.POST('/api/v1/customers/{id}/interactions', {
                          params: { path: { id } },
                          body: { channel: 'phone', kind: 'call_outcome', outcome, text: note },
                        }),
                      );
                    }
                    if (withPromise) {
                      await ok(
                        api.POST('/api/v1/customers/{id}/promises', {
                          params: { path: { id } },
                          body: { promised_date: promiseDate, amount: promiseAmount.replace(',', '.'), channel: 'phone' },
                        }),
                      );
                    }
                    setNote('');
                    setWithPromise(false);
                    record.reload();
                    return t('common.saved');
                  });
                }}
              >
                {taskId && <p className="muted small">{t('customer.closesTask')}</p>}
                <label>
                  {t('customer.outcome')}
                  <select name="outcome" value={outcome} onChange={(e) => setOutcome(e.target.value as (typeof outcomes)[number])}>
                    {outcomes.map((o) => (
                      <option key={o} value={o}>
                        {t(`outcome.${o}`)}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  {t('customer.note')}
                  <textarea name="note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
                </label>
                <label className="check">
                  <input type="checkbox" name="with_promise" checked={withPromise} onChange={(e) => setWithPromise(e.target.checked)} />
                  {t('customer.withPromise')}
                </label>
                {withPromise && (
                  <div className="row">
                    <label>
                      {t('customer.promiseDate')}
                      <input type="date" name="promised_date" required value={promiseDate} onChange={(e) => setPromiseDate(e.target.value)} />
                    </label>
                    <label>
                      {t('customer.promiseAmount')}
                      <input
                        name="promised_amount"
                        inputMode="decimal"
                        required
                        pattern="[0-9]+([.,][0-9]{1,2})?"
                        value={promiseAmount}
                        onChange={(e) => setPromiseAmount(e.target.value)}
                      />
                    </label>
                  </div>
                )}
                <ErrorBox error={call.error} />
                <Done text={call.done} />
                <button type="submit" disabled={call.busy}>
                  {call.busy ? t('common.saving') : t('customer.saveCall')}
                </button>
              </form>
            </Section>
            <Section title={t('customer.openDispute')}>
              <form
                className="stack"
                onSubmit={(e) => {
                  e.preventDefault();
                  void dispute.run(async () => {
                    await ok(api.POST('/api/v1/invoices/{id}/disputes', { params: { path: { id: disputeInvoice } }, body: { reason: disputeReason } }));
                    setDisputeReason('');
                    record.reload();
                    return t('common.saved');
                  });
                }}
              >
                <label>
                  {t('customer.disputeInvoice')}
                  <select name="dispute_invoice" required value={disputeInvoice} onChange={(e) => setDisputeInvoice(e.target.value)}>
                    <option value="">{t('common.none')}</option>
                    {(invoices.data?.data ?? []).map((invoice) => (
                      <option key={invoice.id} value={invoice.id}>
                        {invoice.number || invoice.external_id} · {money(invoice.open)}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  {t('col.reason')}
                  <input name="dispute_reason" required value={disputeReason} onChange={(e) => setDisputeReason(e.target.value)} />
                </label>
                <ErrorBox error={dispute.error} />
                <Done text={dispute.done} />
                <button type="submit" disabled={dispute.busy}>
                  {t('customer.disputeSubmit')}
                </button>
              </form>
            </Section>
          </div>
          <Section title={t('customer.pause')}>
            <form
              className="filters"
              onSubmit={(e) => {
                e.preventDefault();
                const body =
                  c.status === 'paused' ? { status: 'active' as const, paused_until: null } : { status: 'paused' as const, paused_until: pauseUntil || null };
                void pause.run(async () => {
                  await ok(api.PATCH('/api/v1/customers/{id}', { params: { path: { id } }, body }));
                  customer.reload();
                  record.reload();
                  return t('common.saved');
                });
              }}
            >
              {c.status === 'paused' ? (
                <p className="muted">
                  {t('status.paused')}
                  {c.paused_until ? ` · ${t('customer.pauseUntil')}: ${date(c.paused_until)}` : ''}
                </p>
              ) : (
                <label>
                  {t('customer.pauseUntil')}
                  <input type="date" name="paused_until" value={pauseUntil} onChange={(e) => setPauseUntil(e.target.value)} />
                </label>
              )}
              <button type="submit" disabled={pause.busy}>
                {c.status === 'paused' ? t('customer.resume') : t('customer.pauseSubmit')}
              </button>
            </form>
            <ErrorBox error={pause.error} />
            <Done text={pause.done} />
          </Section>
          <Section title={t('customer.timeline')}>
            <Loaded load={record}>
              {(page) =>
                page.data.length === 0 ? (
                  <Empty />
                ) : (
                  <ol className="timeline">
                    {[...page.data].reverse().map((entry) => (
                      <li key={entry.seq}>
                        <time dateTime={entry.occurred_at}>{dateTime(entry.occurred_at)}</time>
                        <strong>{label('record', entry.kind)}</strong> <span className="muted">{entry.channel}</span>
                        <span className="muted"> · {t('customer.by', { actor: entry.actor })}</span>
                        <div>{summary(entry.content)}</div>
                      </li>
                    ))}
                  </ol>
                )
              }
            </Loaded>
          </Section>
        </>
      )}
    </Loaded>
  );
}
