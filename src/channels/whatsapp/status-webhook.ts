import { isRecord } from '../../adapters/http.ts';

/** One entry of `entry[].changes[].value.statuses[]` in a Cloud API webhook. */
export interface WhatsAppStatus {
  id: string;
  status: string;
  /** Unix seconds, as Meta sends it. */
  timestamp: Date;
  recipientId: string | undefined;
  errorCode: string | undefined;
  errorTitle: string | undefined;
  raw: Record<string, unknown>;
}

/**
 * The message statuses of a WhatsApp Cloud API webhook delivery (object
 * "whatsapp_business_account"). Changes without statuses (incoming messages, template
 * updates) give nothing; a status without id, status or a valid timestamp is skipped.
 */
export function whatsappStatuses(body: unknown): WhatsAppStatus[] {
  if (!isRecord(body) || !Array.isArray(body.entry)) return [];
  const found: WhatsAppStatus[] = [];
  for (const entry of body.entry) {
    if (!isRecord(entry) || !Array.isArray(entry.changes)) continue;
    for (const change of entry.changes) {
      const value = isRecord(change) ? change.value : undefined;
      if (!isRecord(value) || !Array.isArray(value.statuses)) continue;
      for (const status of value.statuses) {
        if (!isRecord(status) || typeof status.id !== 'string' || typeof status.status !== 'string') continue;
        const seconds = Number(status.timestamp);
        if (!Number.isFinite(seconds) || seconds <= 0) continue;
        const error: unknown = Array.isArray(status.errors) ? status.errors[0] : undefined;
        found.push({
          id: status.id,
          status: status.status,
          timestamp: new Date(seconds * 1000),
          recipientId: typeof status.recipient_id === 'string' ? status.recipient_id : undefined,
          errorCode: isRecord(error) && (typeof error.code === 'number' || typeof error.code === 'string') ? String(error.code) : undefined,
          errorTitle: isRecord(error) && typeof error.title === 'string' ? error.title : undefined,
          raw: status,
        });
      }
    }
  }
  return found;
}
