import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { mayAssignRole, type Role } from '../domain/roles.ts';
import { apiTokenById, apiTokenCredentials, apiTokensOf, insertApiToken, markApiTokenRevoked, type ApiTokenRow } from '../stores/api-tokens.ts';
import { isUuid } from './record-ref.ts';
import { NotFoundError } from './errors.ts';
import type { OrgContext } from './org-context.ts';
import { changeSettings } from './settings-change.ts';
import { ForbiddenError } from './users/errors.ts';

/**
 * API tokens are bound to one organisation. The token text carries the organisation and
 * token ids so a lookup never searches across organisations; only a hash of the secret is stored.
 * Format: rg_<organisation uuid hex>_<token uuid hex>_<secret>
 * A token has a role (default admin, what every token could do before roles existed).
 */
export async function createApiToken(db: Db, organisationId: string, name: string, role: Role = 'admin'): Promise<{ id: string; token: string }> {
  const secret = randomBytes(24).toString('base64url');
  const id = await insertApiToken(db, organisationId, { name, secretHash: hashSecret(secret), role });
  return { id, token: `rg_${hex(organisationId)}_${hex(id)}_${secret}` };
}

/**
 * A person creates a token from Settings: its role may not exceed what the person may grant (an
 * admin never creates an owner token); on the contact record as a settings change. The secret is
 * in the answer only.
 */
export async function issueApiToken(
  db: Db,
  ctx: OrgContext,
  actorRole: Role,
  input: { name: string; role: Role },
): Promise<{ token: ApiTokenView; secret: string }> {
  const name = input.name.trim();
  if (!mayAssignRole(actorRole, input.role)) throw new ForbiddenError(`your role (${actorRole}) may not create a token with the role ${input.role}`);
  return changeSettings(
    db,
    ctx,
    'api_token_created',
    async (trx) => {
      const created = await createApiToken(trx, ctx.org.id, name, input.role);
      return { token: (await apiTokenById(trx, ctx.org.id, created.id))!, secret: created.token };
    },
    ({ token }) => ({ token_id: token.id, name: token.name, role: input.role }),
  );
}

export async function authenticateApiToken(db: Db, token: string): Promise<{ organisationId: string; tokenId: string; role: Role } | null> {
  const match = /^rg_([0-9a-f]{32})_([0-9a-f]{32})_([A-Za-z0-9_-]{20,})$/.exec(token);
  if (!match) return null;
  const [, orgHex, idHex, secret] = match as unknown as [string, string, string, string];
  const organisationId = uuid(orgHex);
  const tokenId = uuid(idHex);
  const row = await apiTokenCredentials(db, organisationId, tokenId);
  if (!row || row.revoked_at) return null;
  const expected = Buffer.from(row.secret_hash, 'hex');
  const actual = Buffer.from(hashSecret(secret), 'hex');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  return { organisationId, tokenId, role: row.role };
}

export type ApiTokenView = ApiTokenRow;

/** The organisation's tokens, oldest first, revoked ones included (never their secrets). */
export function listApiTokens(db: Db, organisationId: string): Promise<ApiTokenView[]> {
  return apiTokensOf(db, organisationId);
}

/** Revokes a token (from then on it is refused); revoking it again changes nothing and returns it. */
export async function revokeApiToken(db: Db, organisationId: string, tokenId: string, now: Date): Promise<ApiTokenView> {
  if (!isUuid(tokenId)) throw new NotFoundError('API token', tokenId);
  await markApiTokenRevoked(db, organisationId, tokenId, now);
  const row = await apiTokenById(db, organisationId, tokenId);
  if (!row) throw new NotFoundError('API token', tokenId);
  return row;
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

const hex = (id: string) => id.replaceAll('-', '');
const uuid = (h: string) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
