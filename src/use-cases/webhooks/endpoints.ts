import type { Db, Tx } from '../../db/database.ts';
import { insertWebhookEndpoint } from '../../stores/webhooks.ts';
import { UserError } from '../errors.ts';
import { newWebhookSecret } from './signature.ts';

export const webhookEventTypes = [
  'cadence.step_executed',
  'message.status_changed',
  'customer.suspension_started',
  'customer.suspension_ended',
  'payment.received',
  'portal.submitted',
  'customer.tier_changed',
  'customer.risk_band_changed',
] as const;

/** Registers an endpoint; the secret is returned once for the receiver to verify signatures. */
export async function createWebhookEndpoint(
  db: Db | Tx,
  organisationId: string,
  url: string,
  eventTypes: string[] = [],
): Promise<{ id: string; secret: string }> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserError(`"${url}" is not a URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new UserError('webhook URLs must be http(s)');
  const unknown = eventTypes.filter((t) => !(webhookEventTypes as readonly string[]).includes(t));
  if (unknown.length > 0) throw new UserError(`unknown event types ${unknown.join(', ')}; known: ${webhookEventTypes.join(', ')}`);
  const secret = newWebhookSecret();
  const row = await insertWebhookEndpoint(db, organisationId, { url, secret, eventTypes });
  return { id: row.id, secret };
}
