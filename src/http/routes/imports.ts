import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { UserError } from '../../use-cases/errors.ts';
import { customersImport } from '../../use-cases/import/import-customers.ts';
import { importFile, type ImportKind, type ImportSpec } from '../../use-cases/import/import-file.ts';
import { invoicesImport } from '../../use-cases/import/import-invoices.ts';
import { paymentsImport } from '../../use-cases/import/import-payments.ts';
import { principalOf } from '../auth.ts';
import { ErrorBody, withErrors } from '../errors.ts';
import { StringEnum } from '../schemas/common.ts';
import type { Api, ApiDeps } from '../types.ts';

const specs: Record<ImportKind, ImportSpec<never>> = {
  customers: customersImport as ImportSpec<never>,
  invoices: invoicesImport as ImportSpec<never>,
  payments: paymentsImport as ImportSpec<never>,
};
const CSV_BODY_LIMIT = 64 * 1024 * 1024;

const ImportParams = Type.Object({ kind: StringEnum(['customers', 'invoices', 'payments'] as const) });
const ImportQuery = Type.Object(
  {
    dry_run: Type.Optional(Type.Boolean({ default: false, description: 'validate and count, write nothing' })),
    filename: Type.Optional(Type.String({ maxLength: 255 })),
    delimiter: Type.Optional(StringEnum([',', ';'] as const, { description: 'default: detected from the header' })),
    decimal: Type.Optional(StringEnum(['point', 'comma'] as const, { description: 'default: comma for ";" files' })),
    date: Type.Optional(Type.String({ format: 'date', description: 'business date on which changed amounts and due dates take effect' })),
  },
  { additionalProperties: false },
);
const ImportCounts = Type.Object({
  kind: Type.String(),
  filename: Type.String(),
  rows: Type.Integer(),
  dry_run: Type.Boolean(),
  inserted: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
});

/**
 * CSV import over HTTP, as `regua import` (README "CSV formats"): the file is the raw request body
 * (text/csv or text/plain), all or nothing. A file with bad rows answers 422 `import_rejected` with
 * `details: { error_count, errors: [{ line, column, reason }] }` and nothing is imported.
 */
export function importRoutes(app: Api, { db }: ApiDeps): void {
  void app.register(async (scope) => {
    const api = scope.withTypeProvider<TypeBoxTypeProvider>();
    api.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: CSV_BODY_LIMIT }, (_request, body, done) => done(null, body));
    api.post(
      '/imports/:kind',
      {
        bodyLimit: CSV_BODY_LIMIT,
        schema: {
          tags: ['customers'],
          summary: 'Import customers, invoices or payments from a CSV file sent as the request body (text/csv), all or nothing',
          params: ImportParams,
          querystring: ImportQuery,
          response: withErrors({ 200: ImportCounts, 201: ImportCounts, 422: ErrorBody }),
        },
      },
      async (request, reply) => {
        const body: unknown = request.body;
        if (typeof body !== 'string' || body.length === 0) {
          throw new UserError('send the CSV file as the request body (Content-Type text/csv)', 'file_missing', [{ field: 'body', reason: 'is empty' }]);
        }
        const { kind } = request.params;
        const q = request.query;
        const filename = q.filename ?? `${kind}.csv`;
        const dir = await mkdtemp(join(tmpdir(), 'regua-import-'));
        try {
          const path = join(dir, filename.replace(/[^\w.-]/g, '_') || 'import.csv');
          await writeFile(path, body);
          const result = await importFile(db, principalOf(request).organisation.id, specs[kind], path, {
            dryRun: q.dry_run ?? false,
            actor: principalOf(request).actor,
            ...(q.delimiter ? { delimiter: q.delimiter } : {}),
            ...(q.decimal ? { decimal: q.decimal } : {}),
            ...(q.date ? { date: q.date } : {}),
          });
          if (result.errorCount > 0) {
            const problems = `${result.errorCount} problem${result.errorCount > 1 ? 's' : ''}`;
            return reply.code(422).send({
              error: {
                code: 'import_rejected',
                message: `${filename}: rejected, nothing was imported. ${problems}`,
                details: { error_count: result.errorCount, errors: result.errors },
              },
            });
          }
          const counts = {
            kind,
            filename,
            rows: result.rows,
            dry_run: result.dryRun,
            inserted: result.inserted,
            updated: result.updated,
            unchanged: result.unchanged,
          };
          return reply.code(result.dryRun ? 200 : 201).send(counts);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      },
    );
  });
}
