import { Type } from '@sinclair/typebox';
import type { Contact } from '../../db/schema.ts';
import { supportedLanguages } from '../../domain/customer.ts';
import { PageQuery } from '../pagination.ts';
import { NameText, Nullable, StringEnum, Timestamp, timestampJson } from './common.ts';

const roles = ['billing', 'manager', 'owner'] as const;
const channels = ['email', 'phone', 'whatsapp'] as const;
const consents = ['granted', 'unknown', 'opted_out'] as const;

const editable = {
  name: Type.Optional(Nullable(NameText())),
  role: Type.Optional(StringEnum(roles)),
  address: Type.String({ maxLength: 320, description: 'e-mail address, or phone number (E.164, or national to the customer country)' }),
  language: Type.Optional(Nullable(StringEnum(supportedLanguages))),
  timezone: Type.Optional(Nullable(Type.String({ description: 'IANA time zone; null: the customer one' }))),
  consent: Type.Optional(StringEnum(consents, { description: 'a change is recorded in the contact record with its time' })),
};

export const ContactCreateBody = Type.Object({ channel: StringEnum(channels), ...editable }, { additionalProperties: false });

export const ContactPatchBody = Type.Object({ ...editable, address: Type.Optional(editable.address) }, { additionalProperties: false });

export const ContactListQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });

export const ContactParams = Type.Object({ id: Type.String({ description: 'the contact uuid' }) });

export const ContactJson = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    customer_id: Type.String({ format: 'uuid' }),
    name: Nullable(Type.String()),
    role: StringEnum(roles),
    channel: StringEnum(channels),
    address: Type.String(),
    language: Nullable(Type.String()),
    timezone: Nullable(Type.String()),
    consent: StringEnum(consents),
    consent_changed_at: Nullable(Timestamp()),
    created_at: Timestamp(),
    updated_at: Timestamp(),
  },
  { title: 'Contact' },
);

export function contactJson(c: Contact) {
  return {
    id: c.id,
    customer_id: c.customer_id,
    name: c.name,
    role: c.role,
    channel: c.channel,
    address: c.address,
    language: c.language,
    timezone: c.timezone,
    consent: c.consent,
    consent_changed_at: c.consent_changed_at === null ? null : timestampJson(c.consent_changed_at),
    created_at: timestampJson(c.created_at),
    updated_at: timestampJson(c.updated_at),
  };
}
