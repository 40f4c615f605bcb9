import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { ApiError } from './api/client.ts';
import { useI18n } from './i18n/index.tsx';

export type Load<T> = { data: T | undefined; error: ApiError | null; loading: boolean; reload: () => void };

/** Runs `load` on mount and whenever `deps` change; keeps the last data while reloading. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Load<T> {
  const [state, setState] = useState<{ data: T | undefined; error: ApiError | null; loading: boolean }>({ data: undefined, error: null, loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    load().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: unknown) => live && setState((s) => ({ ...s, error: asApiError(error), loading: false })),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}

export function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, 'error', error instanceof Error ? error.message : String(error));
}

/** A form action's state: running, its error (the API's message) and a done message. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = useCallback(async (action: () => Promise<string | null | void>) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setDone((await action()) ?? null);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, done, run };
}

/** A link-styled button that runs `work` through a form action (disabled while it runs). */
export function ActionLink({ action, label, work }: { action: ReturnType<typeof useAction>; label: string; work: () => Promise<string | null | void> }) {
  return (
    <button type="button" className="link" disabled={action.busy} onClick={() => void action.run(work)}>
      {label}
    </button>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      {t('common.loading')}
    </p>
  );
}

export function ErrorBox({ error, onRetry }: { error: ApiError | null; onRetry?: () => void }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <div className="error" role="alert">
      <span>{error.message}</span>
      {onRetry && (
        <button type="button" className="link" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

export function Done({ text }: { text: string | null }) {
  return text ? (
    <p className="done" role="status">
      {text}
    </p>
  ) : null;
}

/** Loading, error or the content: every data block of every page goes through it. */
export function Loaded<T>({ load, children }: { load: Load<T>; children: (data: T) => ReactNode }) {
  if (load.data === undefined) return load.error ? <ErrorBox error={load.error} onRetry={load.reload} /> : <Loading />;
  return (
    <>
      {load.error && <ErrorBox error={load.error} onRetry={load.reload} />}
      {children(load.data)}
    </>
  );
}

/** A loaded page of rows as a plain list, or "nothing here" when it has none. */
export function LoadedList<T>({ load, itemKey, children }: { load: Load<{ data: T[] }>; itemKey: (item: T) => string; children: (item: T) => ReactNode }) {
  return (
    <Loaded load={load}>
      {(page) =>
        page.data.length === 0 ? (
          <Empty />
        ) : (
          <ul className="list">
            {page.data.map((item) => (
              <li key={itemKey(item)}>{children(item)}</li>
            ))}
          </ul>
        )
      }
    </Loaded>
  );
}

export function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="card" aria-label={title}>
      <header className="card-head">
        <h2>{title}</h2>
        {actions}
      </header>
      {children}
    </section>
  );
}

export function Empty() {
  const { t } = useI18n();
  return <p className="muted">{t('common.empty')}</p>;
}

/** Today's date in the browser's zone, as YYYY-MM-DD. */
export function todayIso(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

export function Link({ to, children, className }: { to: string; children: ReactNode; className?: string }) {
  return (
    <a
      href={to}
      className={className}
      onClick={(event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}

export function navigate(to: string): void {
  history.pushState(null, '', to);
  dispatchEvent(new PopStateEvent('popstate'));
}

export function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const update = () => setPath(location.pathname);
    addEventListener('popstate', update);
    return () => removeEventListener('popstate', update);
  }, []);
  return path;
}
