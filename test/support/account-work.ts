import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Db } from '../../src/db/database.ts';
import { buildServer } from '../../src/http/server.ts';
import { createApiToken } from '../../src/use-cases/api-tokens.ts';

/** 10:00 in São Paulo (UTC-3) on a given date. */
export const at10 = (date: string) => new Date(`${date}T13:00:00Z`);

/** A collector acting at 10:00 on a business date. */
export const collector = (date: string, actor = 'user:ana') => ({ actor, now: at10(date) });

export interface ApiClient {
  app: FastifyInstance;
  /** The Authorization header value, for requests that need their own headers. */
  authorization: string;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, payload?: object): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** The real HTTP server on this database with a token of the organisation. */
export async function givenApi(db: Db, organisationId: string): Promise<ApiClient> {
  const { token } = await createApiToken(db, organisationId, 'test');
  const app = await buildServer({ db });
  const call = (options: InjectOptions) => app.inject({ ...options, headers: { authorization: `Bearer ${token}`, ...options.headers } });
  return {
    app,
    authorization: `Bearer ${token}`,
    get: (url) => call({ url }),
    post: (url, payload) => call({ method: 'POST', url, ...(payload ? { payload } : {}) }),
    close: () => app.close(),
  };
}
