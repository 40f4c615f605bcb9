import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { UserError } from '../../use-cases/errors.ts';
import { allocateLine } from '../../use-cases/reconciliation/allocate-line.ts';
import { ignoreLine } from '../../use-cases/reconciliation/ignore-line.ts';
import { importStatementIn } from '../../use-cases/reconciliation/import-statement.ts';
import { listQueue } from '../../use-cases/reconciliation/review-queue.ts';
import { contextOf, principalOf } from '../auth.ts';
import { withErrors } from '../errors.ts';
import { runWrite } from '../idempotency.ts';
import { PageOf, pageRequest, pageResponse } from '../pagination.ts';
import { IdempotencyHeaders } from '../schemas/common.ts';
import { paymentDetailJson, PaymentDetailJson } from '../schemas/payments.ts';
import {
  AllocateLineBody,
  BankLineJson,
  bankLineJson,
  IgnoreLineBody,
  ImportResultJson,
  importResultJson,
  LineParams,
  QueueQuery,
  StatementUploadQuery,
} from '../schemas/reconciliation.ts';
import type { Api, ApiDeps } from '../types.ts';

const tags = ['reconciliation'];
/** Bank files of a busy month run to tens of megabytes. */
const STATEMENT_BODY_LIMIT = 64 * 1024 * 1024;

/** Routes for reconciliation (registered in server.ts under /api/v1). */
export function reconciliationRoutes(app: Api, { db }: ApiDeps): void {
  // Own plugin scope: the raw-bytes body parser applies to these routes only.
  void app.register(async (scope) => {
    const api = scope.withTypeProvider<TypeBoxTypeProvider>();
    // Bytes are kept as base64 so the idempotency hash of the body stays a string hash.
    api.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: STATEMENT_BODY_LIMIT }, (_request, body, done) => {
      done(null, { base64: (body as Buffer).toString('base64') });
    });

    api.post(
      '/reconciliation/statements',
      {
        bodyLimit: STATEMENT_BODY_LIMIT,
        schema: {
          tags,
          summary: 'Import a bank statement (CNAB 240/400 retorno, OFX, CSV) sent as the raw request body (text/plain or application/octet-stream)',
          querystring: StatementUploadQuery,
          headers: IdempotencyHeaders,
          response: withErrors({ 201: ImportResultJson }),
        },
      },
      (request, reply) =>
        runWrite(db, request, reply, 201, async (trx, ctx) => {
          const body: unknown = request.body;
          const content =
            typeof body === 'string'
              ? body
              : body !== null && typeof body === 'object' && 'base64' in body
                ? Buffer.from(String(body.base64), 'base64')
                : undefined;
          if (content === undefined || content.length === 0) {
            throw new UserError('send the bank file as the request body (Content-Type text/plain or application/octet-stream)', 'statement_missing', [
              { field: 'body', reason: 'is empty' },
            ]);
          }
          const q = request.query;
          const result = await importStatementIn(
            trx,
            principalOf(request).organisation,
            { content, filename: q.filename ?? null },
            {
              now: ctx.now,
              actor: ctx.actor,
              dryRun: q.dry_run ?? false,
              ...(q.format ? { format: q.format } : {}),
              ...(q.currency ? { currency: q.currency } : {}),
            },
          );
          if (q.dry_run) throw new DryRunResult(importResultJson(result));
          return importResultJson(result);
        }).catch((error: unknown) => {
          if (!(error instanceof DryRunResult)) throw error;
          reply.code(200);
          return error.body;
        }),
    );

    api.get(
      '/reconciliation/queue',
      {
        schema: {
          tags,
          summary: 'Bank lines waiting for a person (suggested or unmatched), oldest first, with suggested invoices',
          querystring: QueueQuery,
          response: withErrors({ 200: PageOf(BankLineJson) }),
        },
      },
      async (request) => {
        const q = request.query;
        return pageResponse(
          await listQueue(db, contextOf(request), { ...(q.status ? { status: q.status } : {}) }, pageRequest(q, ['date', 'text'])),
          bankLineJson,
        );
      },
    );

    api.post(
      '/reconciliation/lines/:id/allocate',
      {
        schema: {
          tags,
          summary: 'Allocate a queued line by hand: it becomes a payment of the customer, to the invoices named (in order) or oldest first',
          params: LineParams,
          headers: IdempotencyHeaders,
          body: AllocateLineBody,
          response: withErrors({ 201: Type.Object({ line: BankLineJson, payment: PaymentDetailJson }) }),
        },
      },
      (request, reply) =>
        runWrite(db, request, reply, 201, async (trx, ctx) => {
          const { line, payment } = await allocateLine(trx, ctx, request.params.id, request.body);
          return { line: bankLineJson(line), payment: paymentDetailJson(payment) };
        }),
    );

    api.post(
      '/reconciliation/lines/:id/ignore',
      {
        schema: {
          tags,
          summary: 'Take a line out of the queue: not a customer payment',
          params: LineParams,
          headers: IdempotencyHeaders,
          body: IgnoreLineBody,
          response: withErrors({ 200: BankLineJson }),
        },
      },
      (request, reply) =>
        runWrite(db, request, reply, 200, async (trx, ctx) => bankLineJson(await ignoreLine(trx, ctx, request.params.id, request.body ?? {}))),
    );
  });
}

/** Thrown out of the write transaction so that a dry run rolls back yet answers. */
class DryRunResult extends Error {
  constructor(readonly body: ReturnType<typeof importResultJson>) {
    super('dry run');
  }
}
