import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Db } from '../../src/db/database.ts';
import type { Organisation } from '../../src/db/schema.ts';
import { createDemoOwner } from '../../src/use-cases/users/demo-owner.ts';

/** A person signed in to the web app: the owner of `org`, with the session cookie and CSRF token a browser would send. */
export async function signedInOwner(app: FastifyInstance, db: Db, org: Organisation) {
  const owner = (await createDemoOwner(db, org))!;
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: owner });
  if (login.statusCode !== 200) throw new Error(`sign-in failed: ${login.body}`);
  const cookie = login.cookies.find((c) => c.name === 'regua_session')!.value;
  const session = login.json() as { user: { id: string }; csrf_token: string };
  const call = (options: InjectOptions) =>
    app.inject({ ...options, cookies: { regua_session: cookie }, headers: { 'x-csrf-token': session.csrf_token, ...options.headers } });
  return { userId: session.user.id, email: owner.email, password: owner.password, cookie, call };
}
