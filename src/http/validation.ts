import { FormatRegistry, Kind, type TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors';
import { Value } from '@sinclair/typebox/value';
import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import { isIsoDate } from '../domain/dates.ts';
import { textLimits, textProblem } from '../domain/text-limits.ts';

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
    const textErrors = unstorableText(value, '');
    if (check.Check(value) && textErrors.length === 0) return { value };
    const errors = fieldErrors(check.Errors(value));
    const reported = new Set(errors.map((e) => e.instancePath));
    return { error: [...errors, ...textErrors.filter((e) => !reported.has(e.instancePath))] };
  };
};

/** The longest string any request field takes; fields of people's text declare lower limits (maxLength). */
const maxRequestTextLength = 100_000;

/** Every string in a request, in every part and at any depth: text the database can store, of a bounded length. */
function unstorableText(value: unknown, path: string): FastifySchemaValidationError[] {
  const problem = (message: string): FastifySchemaValidationError[] => [{ keyword: 'text', instancePath: path, schemaPath: '', params: {}, message }];
  if (typeof value === 'string') {
    const reason = textProblem(value, maxRequestTextLength);
    return reason ? problem(reason) : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => unstorableText(item, `${path}/${i}`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [
      ...(textProblem(key, textLimits.name) ? problem('has a field name that is not valid text') : []),
      ...unstorableText(item, `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`),
    ]);
  }
  return [];
}

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
    case ValueErrorType.StringMaxLength:
      return `must be at most ${String(error.schema.maxLength)} characters`;
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
