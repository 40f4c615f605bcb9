import type { Db, Tx } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { Organisation } from '../../db/schema.ts';
import { dateInZone } from '../../domain/dates.ts';
import { portalLinkExpiry, signPortalToken } from '../../domain/portal/token.ts';
import { bumpPortalGeneration, portalGeneration, portalGenerations } from '../../stores/portal.ts';
import { appendInteraction } from '../contact-record.ts';
import { ConflictError } from '../errors.ts';
import { signingKey } from '../opt-out.ts';
import type { OrgContext } from '../org-context.ts';
import type { RecordRef } from '../record-ref.ts';
import { customerByRef } from '../account-work/support.ts';
import { portalSettingsOf } from './portal-settings.ts';

/** Where links point and what signs them: Config.publicUrl and Config.portalSecret. */
export interface PortalLinkDeps {
  publicUrl: string;
  secret?: string;
}

/** REGUA_PORTAL_SECRET when set, else the organisation's own signing key (created and stored on first use). */
export function portalKey(db: Db | Tx, org: Organisation, secret: string | undefined): Promise<string> {
  return secret ? Promise.resolve(secret) : signingKey(db, org);
}

export interface PortalLink {
  url: string;
  token: string;
  expiresOn: string;
}

/**
 * The link a message sent on `sentOn` carries to the customer's portal: valid for the
 * organisation's link lifetime after that day, and until the customer's links are revoked.
 * Undefined when the organisation turned its portal off.
 */
async function portalLinkFor(
  db: Db | Tx,
  org: Organisation,
  customerId: string,
  sentOn: string,
  deps: PortalLinkDeps,
  /** A delivery pass reads the key and every revoked customer's generation once (portalLinksOfPass). */
  known?: { key: string; generations: ReadonlyMap<string, number> },
): Promise<PortalLink | undefined> {
  const settings = portalSettingsOf(org);
  if (!settings.enabled) return undefined;
  const key = known?.key ?? (await portalKey(db, org, deps.secret));
  const generation = known ? (known.generations.get(customerId) ?? 0) : await portalGeneration(db, org.id, customerId);
  const expiresOn = portalLinkExpiry(sentOn, settings.linkDays);
  const token = signPortalToken(key, { organisationId: org.id, customerId, generation, expiresOn });
  return { url: `${deps.publicUrl}/p/${token}`, token, expiresOn };
}

/**
 * The links of one delivery pass: the revoked customers' generations are read once, with the
 * pass's first message, so each message costs no query for its link.
 */
export function portalLinksOfPass(org: Organisation, deps: PortalLinkDeps): (db: Db | Tx, customerId: string, sentOn: string) => Promise<string | undefined> {
  let known: Promise<{ key: string; generations: Map<string, number> }> | undefined;
  return async (db, customerId, sentOn) => {
    if (!portalSettingsOf(org).enabled) return undefined;
    known ??= (async () => ({ key: await portalKey(db, org, deps.secret), generations: await portalGenerations(db, org.id) }))();
    return (await portalLinkFor(db, org, customerId, sentOn, deps, await known))?.url;
  };
}

/** A link handed out by hand (API, CLI), valid from today. */
export async function portalLink(db: Db, ctx: OrgContext, customerRef: RecordRef, deps: PortalLinkDeps): Promise<PortalLink & { customerExternalId: string }> {
  const customer = await customerByRef(db, ctx.org.id, customerRef);
  const link = await portalLinkFor(db, ctx.org, customer.id, dateInZone(ctx.now, ctx.org.timezone), deps);
  if (!link) throw new ConflictError('the debtor portal is turned off for this organisation (PUT /api/v1/settings/portal)', 'portal_disabled', {});
  return { ...link, customerExternalId: customer.external_id };
}

/** Every link of the customer signed so far stops opening; links signed afterwards work. On the contact record. */
export async function revokePortalLinks(db: Db, ctx: OrgContext, customerRef: RecordRef): Promise<{ customerExternalId: string; generation: number }> {
  const customer = await customerByRef(db, ctx.org.id, customerRef);
  return inTransaction(db, async (trx) => {
    const generation = await bumpPortalGeneration(trx, ctx.org.id, customer.id, ctx.now);
    await appendInteraction(trx, ctx.org.id, {
      occurredAt: ctx.now,
      customerId: customer.id,
      actor: ctx.actor,
      channel: 'portal',
      kind: 'portal_links_revoked',
      content: { generation },
    });
    return { customerExternalId: customer.external_id, generation };
  });
}
