import { useState } from 'react';
import { ApiError, request } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';
import { Done, ErrorBox, Section, useAction } from '../ui.tsx';

const kinds = ['customers', 'invoices', 'payments'] as const;
type Kind = (typeof kinds)[number];
interface Counts {
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
}
interface RowError {
  line: number;
  column?: string | null;
  reason: string;
}

/** Import: a CSV file to POST /api/v1/imports/{kind}; a rejected file lists its row errors (422 details) and nothing is imported. */
export function ImportPage() {
  const { t, number } = useI18n();
  const [kind, setKind] = useState<Kind>('customers');
  const [file, setFile] = useState<File | null>(null);
  const [rowErrors, setRowErrors] = useState<RowError[]>([]);
  const action = useAction();
  return (
    <>
      <h1>{t('import.title')}</h1>
      <Section title={t('import.title')}>
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            if (!file) return;
            setRowErrors([]);
            void action.run(async () => {
              const text = await file.text();
              try {
                const counts = await request<Counts>('POST', `/api/v1/imports/${kind}?filename=${encodeURIComponent(file.name)}`, {
                  text,
                  contentType: 'text/csv',
                });
                return t('import.done', {
                  rows: number(counts.rows),
                  inserted: number(counts.inserted),
                  updated: number(counts.updated),
                  unchanged: number(counts.unchanged),
                });
              } catch (error) {
                if (error instanceof ApiError && error.status === 422) {
                  setRowErrors((error.details as { errors?: RowError[] } | null)?.errors ?? []);
                }
                throw error;
              }
            });
          }}
        >
          <fieldset>
            <legend>{t('import.kind')}</legend>
            {kinds.map((k) => (
              <label key={k} className="check">
                <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
                {t(`kind.${k}`)}
              </label>
            ))}
          </fieldset>
          <label>
            {t('import.file')}
            <input type="file" name="file" accept=".csv,text/csv,text/plain" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          </label>
          <button type="submit" disabled={action.busy || !file}>
            {action.busy ? t('common.loading') : t('import.submit')}
          </button>
          {action.busy && <progress aria-label={t('common.loading')} />}
        </form>
        <ErrorBox error={action.error} />
        <Done text={action.done} />
        {rowErrors.length > 0 && (
          <div className="table-wrap">
            <table className="row-errors">
              <caption>{t('import.rejected')}</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t('col.line')}
                  </th>
                  <th scope="col">{t('col.column')}</th>
                  <th scope="col">{t('col.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {rowErrors.map((r, i) => (
                  <tr key={i}>
                    <td className="num">{r.line}</td>
                    <td>{r.column ?? ''}</td>
                    <td>{r.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
    </>
  );
}
