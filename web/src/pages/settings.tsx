import { useState } from 'react';
import { api, ok, request } from '../api/client.ts';
import type { Role, Session } from '../api/auth.ts';
import { useI18n } from '../i18n/index.tsx';
import { ActionLink, Done, Empty, ErrorBox, Loaded, Section, useAction, useLoad, LoadedList } from '../ui.tsx';

interface User {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  disabled: boolean;
  last_sign_in_at: string | null;
}
const roles: Role[] = ['viewer', 'collector', 'admin', 'owner'];
const identityFields = ['name', 'legal_name', 'tax_id', 'address', 'city', 'timezone'] as const;
type IdentityField = (typeof identityFields)[number];

function RoleSelect({ name, roles: offered, value, onChange }: { name: string; roles: Role[]; value: Role; onChange: (role: Role) => void }) {
  const { t } = useI18n();
  return (
    <label>
      {t('col.role')}
      <select name={name} value={value} onChange={(e) => onChange(e.target.value as Role)}>
        {offered.map((r) => (
          <option key={r} value={r}>
            {t(`role.${r}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Settings: the creditor identity (editable by an admin), users and invitations, API tokens (create, revoke), the user's own sessions. */
export function SettingsPage({ session }: { session: Session }) {
  const { t, dateTime } = useI18n();
  const organisation = useLoad(() => ok(api.GET('/api/v1/organisation', {})), []);
  const users = useLoad(() => request<{ items: User[] }>('GET', '/api/v1/users'), []);
  const tokens = useLoad(() => ok(api.GET('/api/v1/api-tokens', {})), []);
  const [edits, setEdits] = useState<Partial<Record<IdentityField, string>>>({});
  const [invite, setInvite] = useState<{ email: string; role: Role }>({ email: '', role: 'collector' });
  const save = useAction();
  const invitation = useAction();
  const revoke = useAction();
  const createToken = useAction();
  const [newToken, setNewToken] = useState<{ name: string; role: Role }>({ name: '', role: 'viewer' });
  const [secret, setSecret] = useState<string | null>(null);
  const sessions = useLoad(() => ok(api.GET('/api/auth/sessions', {})), []);
  const signOutSession = useAction();
  const labels: Record<IdentityField, string> = {
    name: t('col.name'),
    legal_name: t('settings.legalName'),
    tax_id: t('col.taxId'),
    address: t('settings.address'),
    city: t('settings.city'),
    timezone: t('settings.timezone'),
  };
  const mayGrant = session.role === 'owner' ? roles : roles.filter((r) => r !== 'owner');
  return (
    <>
      <h1>{t('settings.title')}</h1>
      <Section title={t('settings.identity')}>
        <Loaded load={organisation}>
          {(org) => (
            <form
              className="stack"
              onSubmit={(e) => {
                e.preventDefault();
                void save.run(async () => {
                  await ok(api.PATCH('/api/v1/organisation', { body: edits }));
                  setEdits({});
                  organisation.reload();
                  return t('common.saved');
                });
              }}
            >
              {identityFields.map((field) => (
                <label key={field}>
                  {labels[field]}
                  <input name={field} value={edits[field] ?? org[field] ?? ''} onChange={(e) => setEdits({ ...edits, [field]: e.target.value })} />
                </label>
              ))}
              <p className="muted">
                {t('settings.currency')}: {org.default_currency} · {t('col.country')}: {org.country}
              </p>
              <ErrorBox error={save.error} />
              <Done text={save.done} />
              <button type="submit" disabled={save.busy || Object.keys(edits).length === 0}>
                {t('common.save')}
              </button>
            </form>
          )}
        </Loaded>
      </Section>
      <Section title={t('settings.users')}>
        <Loaded load={users}>
          {(page) =>
            page.items.length === 0 ? (
              <Empty />
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('col.email')}</th>
                      <th scope="col">{t('col.name')}</th>
                      <th scope="col">{t('col.role')}</th>
                      <th scope="col">{t('col.lastSignIn')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map((u) => (
                      <tr key={u.id}>
                        <td>{u.email}</td>
                        <td>{u.name ?? ''}</td>
                        <td>
                          {t(`role.${u.role}`)}
                          {u.disabled ? ` · ${t('settings.disabled')}` : ''}
                        </td>
                        <td>{dateTime(u.last_sign_in_at)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </Loaded>
        <h3>{t('settings.invite')}</h3>
        <form
          className="filters"
          onSubmit={(e) => {
            e.preventDefault();
            void invitation.run(async () => {
              await request('POST', '/api/v1/users/invitations', { json: invite });
              users.reload();
              return t('settings.invited', { email: invite.email });
            });
          }}
        >
          <label className="grow">
            {t('col.email')}
            <input type="email" name="invite_email" required value={invite.email} onChange={(e) => setInvite({ ...invite, email: e.target.value })} />
          </label>
          <RoleSelect name="invite_role" roles={mayGrant} value={invite.role} onChange={(role) => setInvite({ ...invite, role })} />
          <button type="submit" disabled={invitation.busy}>
            {t('settings.inviteSubmit')}
          </button>
        </form>
        <ErrorBox error={invitation.error} />
        <Done text={invitation.done} />
      </Section>
      <Section title={t('settings.tokens')}>
        <form
          className="filters"
          onSubmit={(e) => {
            e.preventDefault();
            void createToken.run(async () => {
              const created = await ok(api.POST('/api/v1/api-tokens', { body: newToken }));
              setSecret(created.token);
              setNewToken({ name: '', role: 'viewer' });
              tokens.reload();
            });
          }}
        >
          <label className="grow">
            {t('settings.tokenName')}
            <input name="token_name" required value={newToken.name} onChange={(e) => setNewToken({ ...newToken, name: e.target.value })} />
          </label>
          <RoleSelect name="token_role" roles={mayGrant} value={newToken.role} onChange={(role) => setNewToken({ ...newToken, role })} />
          <button type="submit" disabled={createToken.busy}>
            {t('settings.createToken')}
          </button>
        </form>
        <ErrorBox error={createToken.error} />
        {secret && (
          <div className="done" role="status">
            <p>{t('settings.tokenOnce')}</p>
            <code className="secret">{secret}</code>
          </div>
        )}
        <ErrorBox error={revoke.error} />
        <LoadedList load={tokens} itemKey={(token) => token.id}>
          {(token) => (
            <>
              {token.name} · {t('col.created')}: {dateTime(token.created_at)} · {t('col.lastUsed')}: {dateTime(token.last_used_at)}
              {token.revoked_at ? (
                ` · ${t('settings.revoked')}`
              ) : (
                <ActionLink
                  action={revoke}
                  label={t('settings.revoke')}
                  work={async () => {
                    await ok(api.DELETE('/api/v1/api-tokens/{id}', { params: { path: { id: token.id } } }));
                    tokens.reload();
                  }}
                />
              )}
            </>
          )}
        </LoadedList>
      </Section>
      <Section title={t('settings.sessions')}>
        <ErrorBox error={signOutSession.error} />
        <LoadedList load={sessions} itemKey={(s) => s.id}>
          {(s) => (
            <>
              {s.user_agent ?? t('settings.unknownBrowser')}
              {s.ip ? ` · ${s.ip}` : ''} · {t('settings.lastSeen')}: {dateTime(s.last_seen_at)}
              {s.current ? (
                ` · ${t('settings.thisSession')}`
              ) : (
                <ActionLink
                  action={signOutSession}
                  label={t('settings.signOutSession')}
                  work={async () => {
                    await ok(api.DELETE('/api/auth/sessions/{id}', { params: { path: { id: s.id } } }));
                    sessions.reload();
                  }}
                />
              )}
            </>
          )}
        </LoadedList>
      </Section>
    </>
  );
}
