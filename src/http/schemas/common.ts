import { Type, type SchemaOptions, type TLiteral, type TNull, type TSchema, type TUnion } from '@sinclair/typebox';
import { formatAmount } from '../../domain/money.ts';
import { textLimits } from '../../domain/text-limits.ts';
import type { RecordRef } from '../../use-cases/record-ref.ts';

/** Schema pieces shared by the resources, and the JSON shapes of money and dates. */
export function Nullable<T extends TSchema>(schema: T): TUnion<[T, TNull]> {
  return Type.Union([schema, Type.Null()]);
}

type Literals<T extends readonly string[]> = { -readonly [K in keyof T]: TLiteral<T[K]> };

export function StringEnum<const T extends readonly string[]>(values: T, options: SchemaOptions = {}): TUnion<Literals<T>> {
  return Type.Union(
    values.map((v) => Type.Literal(v)),
    options,
  ) as unknown as TUnion<Literals<T>>;
}

/**
 * Request text written by people, bounded so one request cannot hold megabytes (limits in the
 * README): names and identifiers 200 characters, descriptions and reasons 1000, notes and
 * interaction text 5000.
 */
export const NameText = (options: SchemaOptions = {}) => Type.String({ maxLength: textLimits.name, ...options });
export const DescriptionText = (options: SchemaOptions = {}) => Type.String({ maxLength: textLimits.description, ...options });
export const NoteText = (options: SchemaOptions = {}) => Type.String({ maxLength: textLimits.note, ...options });

export const IsoDate = (options: SchemaOptions = {}) => Type.String({ format: 'date', examples: ['2026-11-22'], ...options });
export const Timestamp = () => Type.String({ format: 'date-time' });

/** A request amount: a decimal string with a point, as in the CSV files. */
export const DecimalString = (options: SchemaOptions = {}) =>
  Type.String({ description: 'decimal with a point, e.g. "1234.56"', examples: ['1234.56'], ...options });

export const MoneyJson = Type.Object(
  { amount: Type.String({ examples: ['1234.56'] }), currency: Type.String({ examples: ['BRL'] }) },
  { title: 'Money', description: 'a decimal string and its ISO 4217 currency' },
);

export function moneyJson(amountMinor: number, currency: string): { amount: string; currency: string } {
  return { amount: formatAmount(amountMinor, currency), currency };
}

export const timestampJson = (instant: Date | string): string => new Date(instant).toISOString();

export const IdParams = Type.Object({ id: Type.String({ description: 'the uuid, or ext:<external_id>' }) });

/** A path id: the uuid, or `ext:<external_id>` for the id in the business's own system. */
export function refFromPath(raw: string): RecordRef {
  return raw.startsWith('ext:') ? { externalId: raw.slice(4) } : { id: raw };
}

/** Header names are lower case: Fastify hands the headers to the validator lower-cased. */
export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 255,
      description: 'retrying with the same key and body replays the first response instead of repeating the effect',
    }),
  ),
});
