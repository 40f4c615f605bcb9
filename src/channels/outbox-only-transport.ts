import type { ChannelsConfig } from '../config.ts';
import type { FetchLike } from '../adapters/http.ts';
import { smtpTransport } from './email/smtp-transport.ts';
import { letterTransport, type LetterStore } from './letter/letter-transport.ts';
import { twilioTransport } from './sms/twilio-transport.ts';
import type { ChannelTransport, MessageChannel } from './transport.ts';
import { whatsappCloudTransport } from './whatsapp/cloud-api-transport.ts';

export { twilioStatusPath } from '../config.ts';

export interface TransportDeps {
  /** Where rendered letters go; letters are always available. */
  storeLetter: LetterStore;
  fetch?: FetchLike;
}

export type Transports = Partial<Record<MessageChannel, ChannelTransport>>;

/**
 * The transports of the configured channels (src/config.ts validates them). A channel without
 * configuration has no transport: its messages stay in the outbox (shown in the UI), never lost.
 */
export function transportsOf(channels: ChannelsConfig, deps: TransportDeps): Transports {
  const transports: Transports = {};
  if (channels.email) transports.email = smtpTransport(channels.email.smtpUrl, channels.email.from);
  if (channels.sms) transports.sms = twilioTransport({ ...channels.sms, fetch: deps.fetch });
  if (channels.whatsapp) transports.whatsapp = whatsappCloudTransport({ ...channels.whatsapp, fetch: deps.fetch });
  transports.letter = letterTransport({ store: deps.storeLetter });
  return transports;
}
