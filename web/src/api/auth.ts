import { request, setCsrfToken } from './client.ts';

/** The browser-auth routes (/api/auth/*), hand-typed: they are outside the generated /api/v1 types. */
export type Role = 'owner' | 'admin' | 'collector' | 'viewer';
export interface Membership {
  organisation: { id: string; slug: string; name: string };
  role: Role;
}
export interface Session {
  user: { id: string; email: string; name: string | null; language: string | null };
  memberships: Membership[];
  organisation_id: string | null;
  role: Role | null;
  csrf_token: string;
}

function remember(session: Session): Session {
  setCsrfToken(session.csrf_token);
  return session;
}

export async function currentSession(): Promise<Session | null> {
  try {
    return remember(await request<Session>('GET', '/api/auth/session'));
  } catch (error) {
    if ((error as { status?: number }).status === 401) return null;
    throw error;
  }
}

export const signIn = async (email: string, password: string) => remember(await request<Session>('POST', '/api/auth/login', { json: { email, password } }));
export const selectOrganisation = async (organisationId: string) =>
  remember(await request<Session>('POST', '/api/auth/organisation', { json: { organisation_id: organisationId } }));
export const requestPasswordReset = (email: string) => request<void>('POST', '/api/auth/password-reset', { json: { email } });
export async function signOut(): Promise<void> {
  await request<void>('POST', '/api/auth/logout');
  setCsrfToken(null);
}
