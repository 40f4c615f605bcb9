import { FormatRegistry, Kind, type TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors';
import { Value } from '@sinclair/typebox/value';
import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import { isIsoDate } from '../domain/dates.ts';

/**
 * Request validation with TypeBox's own compiler, from the same schemas that produce the
 * OpenAPI document. Bodies are checked as sent (a JSON number is not a decimal string);
 * query, path and header values arrive as text and are converted first (limit=3 → 3).
 * Every failing field is reported once, with a reason a person can act on.
 */
FormatRegistry.Set('date', isIsoDate);
FormatRegistry.Set('uuid', (v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v));
FormatRegistry.Set('date-time', (v) => !Number.isNaN(Date.parse(v)) && /^\d{4}-\d{2}-\d{2}T/.test(v));

export const typeboxValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = TypeCompiler.Compile(schema);
  return (input: unknown) => {
    // A POST without a body (e.g. /void) is an empty object when the schema allows one.
    const raw = httpPart === 'body' && (input === undefined || input === null) ? {} : input;
    const value = httpPart === 'body' ? raw : Value.Convert(schema, raw);
    if (check.Check(value)) return { value };
    return { error: fieldErrors(check.Errors(value)) };
  };
};

function fieldErrors(errors: Iterable<ValueError>): FastifySchemaValidationError[] {
  const byPath = new Map<string, FastifySchemaValidationError>();
  for (const error of errors) {
    if (byPath.has(error.path)) continue;
    byPath.set(error.path, {
      keyword: ValueErrorType[error.type] ?? 'invalid',
      instancePath: error.path,
      schemaPath: '',
      params: {},
      message: reasonFor(error),
    });
  }
  return [...byPath.values()];
}

function reasonFor(error: ValueError): string {
  switch (error.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return 'is required';
    case ValueErrorType.ObjectAdditionalProperties:
      return 'is not a known field';
    case ValueErrorType.StringFormat:
      if (error.schema.format === 'date') return `${JSON.stringify(error.value)} is not a date in the form YYYY-MM-DD`;
      return `${JSON.stringify(error.value)} is not a valid ${String(error.schema.format)}`;
    case ValueErrorType.Union:
      return `must be ${describeUnion(error.schema)}`;
    default: {
      const type = /^Expected (string|integer|number|boolean|object|array|null)$/.exec(error.message)?.[1];
      return type ? `must be ${type === 'integer' || type === 'array' || type === 'object' ? 'an' : 'a'} ${type}` : error.message;
    }
  }
}

function describeUnion(schema: TSchema): string {
  const members = (schema.anyOf ?? []) as TSchema[];
  const described = members.map((m) =>
    m.const !== undefined ? JSON.stringify(m.const) : m[Kind] === 'Null' ? 'null' : `a ${String(m.type ?? m[Kind]).toLowerCase()}`,
  );
  return described.length > 1 ? `one of ${described.join(', ')}` : (described[0] ?? 'valid');
}
