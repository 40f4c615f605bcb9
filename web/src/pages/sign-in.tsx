import { useState, type ReactNode } from 'react';
import { requestPasswordReset, selectOrganisation, signIn, type Session } from '../api/auth.ts';
import { useI18n } from '../i18n/index.tsx';
import { Done, ErrorBox, useAction } from '../ui.tsx';

export function SignInPage({ onSession, picker }: { onSession: (session: Session) => void; picker: ReactNode }) {
  const { t } = useI18n();
  const [mode, setMode] = useState<'sign-in' | 'reset'>('sign-in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction();
  return (
    <main id="main" className="auth">
      <div className="auth-lang">{picker}</div>
      <h1>{mode === 'sign-in' ? t('signIn.title') : t('signIn.resetTitle')}</h1>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(async () => {
            if (mode === 'reset') {
              await requestPasswordReset(email);
              return t('signIn.resetSent');
            }
            onSession(await signIn(email, password));
          });
        }}
      >
        <label>
          {t('signIn.email')}
          <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        {mode === 'sign-in' && (
          <label>
            {t('signIn.password')}
            <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          </label>
        )}
        <ErrorBox error={action.error} />
        <Done text={action.done} />
        <button type="submit" disabled={action.busy}>
          {mode === 'sign-in' ? t('signIn.submit') : t('signIn.resetSubmit')}
        </button>
      </form>
      <button type="button" className="link" onClick={() => setMode(mode === 'sign-in' ? 'reset' : 'sign-in')}>
        {mode === 'sign-in' ? t('signIn.forgot') : t('signIn.back')}
      </button>
    </main>
  );
}

export function OrganisationPicker({ session, onSession }: { session: Session; onSession: (session: Session) => void }) {
  const { t } = useI18n();
  const action = useAction();
  return (
    <main id="main" className="auth">
      <h1>{t('signIn.pickOrg')}</h1>
      <ErrorBox error={action.error} />
      <ul className="orgs">
        {session.memberships.map((m) => (
          <li key={m.organisation.id}>
            <button type="button" disabled={action.busy} onClick={() => void action.run(async () => onSession(await selectOrganisation(m.organisation.id)))}>
              {m.organisation.name} <span className="muted">· {t(`role.${m.role}`)}</span>
            </button>
          </li>
        ))}
      </ul>
    </main>
  );
}
