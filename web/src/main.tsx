import { StrictMode, useCallback, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { whenUnauthorized } from './api/client.ts';
import { currentSession, selectOrganisation, signOut, type Session } from './api/auth.ts';
import { I18nProvider, languages, useI18n, type Language } from './i18n/index.tsx';
import { CustomerPage } from './pages/customer.tsx';
import { CustomersPage } from './pages/customers.tsx';
import { DashboardPage } from './pages/dashboard.tsx';
import { EscalationsPage } from './pages/escalations.tsx';
import { ImportPage } from './pages/import.tsx';
import { MessagesPage } from './pages/messages.tsx';
import { RunPage } from './pages/run.tsx';
import { SettingsPage } from './pages/settings.tsx';
import { OrganisationPicker, SignInPage } from './pages/sign-in.tsx';
import { TodayPage } from './pages/today.tsx';
import { asApiError, ErrorBox, Link, Loading, usePath } from './ui.tsx';
import type { MessageKey } from './i18n/en.ts';
import './styles.css';

const nav: { to: string; key: MessageKey }[] = [
  { to: '/', key: 'nav.today' },
  { to: '/dashboard', key: 'nav.dashboard' },
  { to: '/customers', key: 'nav.customers' },
  { to: '/import', key: 'nav.import' },
  { to: '/run', key: 'nav.run' },
  { to: '/messages', key: 'nav.messages' },
  { to: '/escalations', key: 'nav.escalations' },
  { to: '/settings', key: 'nav.settings' },
];

function LanguagePicker() {
  const { t, language, setLanguage } = useI18n();
  return (
    <label className="language">
      <span className="sr-only">{t('nav.language')}</span>
      <select aria-label={t('nav.language')} value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
        {languages.map((l) => (
          <option key={l.code} value={l.code}>
            {l.label}
          </option>
        ))}
      </select>
    </label>
  );
}

function Page({ path, session }: { path: string; session: Session }) {
  const customer = /^\/customers\/([^/]+)$/.exec(path);
  if (customer) return <CustomerPage id={decodeURIComponent(customer[1]!)} session={session} />;
  switch (path) {
    case '/dashboard':
      return <DashboardPage />;
    case '/customers':
      return <CustomersPage />;
    case '/import':
      return <ImportPage />;
    case '/run':
      return <RunPage />;
    case '/messages':
      return <MessagesPage />;
    case '/escalations':
      return <EscalationsPage />;
    case '/settings':
      return <SettingsPage session={session} />;
    default:
      return <TodayPage />;
  }
}

function Shell({ session, onSession, onSignOut }: { session: Session; onSession: (s: Session) => void; onSignOut: () => void }) {
  const { t } = useI18n();
  const path = usePath();
  const membership = session.memberships.find((m) => m.organisation.id === session.organisation_id);
  return (
    <div className="shell">
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="top">
        <span className="brand">Régua</span>
        <nav aria-label={t('nav.main')}>
          <ul>
            {nav.map((item) => {
              const current = item.to === '/' ? path === '/' : path.startsWith(item.to);
              return (
                <li key={item.to}>
                  <Link to={item.to} className={current ? 'current' : ''}>
                    {t(item.key)}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <div className="who">
          {session.memberships.length > 1 ? (
            <select
              aria-label={t('nav.organisation')}
              value={session.organisation_id ?? ''}
              onChange={(e) => void selectOrganisation(e.target.value).then(onSession)}
            >
              {session.memberships.map((m) => (
                <option key={m.organisation.id} value={m.organisation.id}>
                  {m.organisation.name}
                </option>
              ))}
            </select>
          ) : (
            <span>{membership?.organisation.name}</span>
          )}
          <span className="muted">
            {session.user.email}
            {session.role ? ` · ${t(`role.${session.role}`)}` : ''}
          </span>
          <LanguagePicker />
          <button type="button" className="link" onClick={onSignOut}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <main id="main" key={session.organisation_id}>
        <Page path={path} session={session} />
      </main>
    </div>
  );
}

function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [error, setError] = useState<ReturnType<typeof asApiError> | null>(null);
  const load = useCallback(() => {
    setError(null);
    currentSession().then(setSession, (e: unknown) => setError(asApiError(e)));
  }, []);
  useEffect(() => {
    whenUnauthorized(() => setSession(null));
    load();
  }, [load]);
  if (error) return <ErrorBox error={error} onRetry={load} />;
  if (session === undefined) return <Loading />;
  if (session === null) return <SignInPage onSession={setSession} picker={<LanguagePicker />} />;
  if (!session.organisation_id) return <OrganisationPicker session={session} onSession={setSession} />;
  return <Shell session={session} onSession={setSession} onSignOut={() => void signOut().finally(() => setSession(null))} />;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <App />
    </I18nProvider>
  </StrictMode>,
);
