import { Type } from '@sinclair/typebox';
import { assignTask } from '../../use-cases/account-work/assign-task.ts';
import { cancelPromise } from '../../use-cases/account-work/cancel-promise.ts';
import { customerRecordPage, exportCustomerRecord, recordEntryJson, recordExportJson } from '../../use-cases/account-work/customer-record.ts';
import { listDisputes } from '../../use-cases/account-work/list-disputes.ts';
import { listLateReasons, recordLateReason } from '../../use-cases/account-work/late-reasons.ts';
import { listPromises } from '../../use-cases/account-work/list-promises.ts';
import { makePromise } from '../../use-cases/account-work/make-promise.ts';
import { openDispute } from '../../use-cases/account-work/open-dispute.ts';
import { promiseStats } from '../../use-cases/account-work/promise-stats.ts';
import { recordInteraction } from '../../use-cases/account-work/record-interaction.ts';
import { recordPdf } from '../../use-cases/account-work/record-pdf.ts';
import { recordTaskOutcome } from '../../use-cases/account-work/record-task-outcome.ts';
import { resolveDispute } from '../../use-cases/account-work/resolve-dispute.ts';
import { worklist } from '../../use-cases/account-work/worklist.ts';
import { verifyContactRecord } from '../../use-cases/contact-record.ts';
import { ConflictError } from '../../use-cases/errors.ts';
import { businessDateOf } from '../../use-cases/org-context.ts';
import { contextOf } from '../auth.ts';
import { withErrors } from '../errors.ts';
import { runWrite } from '../idempotency.ts';
import { PageOf, pageRequest, pageResponse } from '../pagination.ts';
import {
  AssignBody,
  CancelBody,
  ChainVerifiedJson,
  DisputeBody,
  DisputeJson,
  DisputeListQuery,
  InteractionBody,
  InteractionJson,
  interactionJson,
  LateReasonBody,
  LateReasonJson,
  lateReasonJson,
  OutcomeBody,
  PromiseBody,
  PromiseJson,
  promiseJson,
  PromiseListQuery,
  PromiseStatsJson,
  promiseStatsJson,
  RecordEntryJson,
  RecordQuery,
  ResolveBody,
  TaskJson,
  taskJson,
  WorklistItemJson,
  worklistItemJson,
  WorklistQuery,
  disputeJson,
} from '../schemas/account-work.ts';
import { IdempotencyHeaders, IdParams, refFromPath } from '../schemas/common.ts';
import type { Api, ApiDeps } from '../types.ts';

const UuidParams = Type.Object({ id: Type.String({ description: 'the uuid' }) });

/** Routes for account work (registered in server.ts under /api/v1). */
export function accountWorkRoutes(app: Api, { db }: ApiDeps): void {
  const today = (request: Parameters<typeof contextOf>[0]) => businessDateOf(contextOf(request));

  // Contact record
  app.get(
    '/contact-record/verify',
    { schema: { tags: ['contact record'], summary: 'Re-verify the hash chain of the contact record', response: withErrors({ 200: ChainVerifiedJson }) } },
    async (request) => {
      const result = await verifyContactRecord(db, contextOf(request));
      if (result.broken) {
        throw new ConflictError(`contact record broken at entry ${result.broken.seq}: ${result.broken.reason}`, 'chain_broken', {
          seq: result.broken.seq,
          reason: result.broken.reason,
          entries_intact: result.entries,
        });
      }
      return { entries: result.entries, last_hash: result.lastHash, intact: true as const };
    },
  );

  app.get(
    '/customers/:id/record',
    {
      schema: {
        tags: ['contact record'],
        summary: "A customer's contact-record entries in order",
        params: IdParams,
        querystring: RecordQuery,
        response: withErrors({ 200: PageOf(RecordEntryJson) }),
      },
    },
    async (request) =>
      pageResponse(await customerRecordPage(db, contextOf(request), refFromPath(request.params.id), pageRequest(request.query, ['text'])), recordEntryJson),
  );

  app.get(
    '/customers/:id/record.json',
    { schema: { tags: ['contact record'], summary: "Export a customer's contact record as JSON evidence", params: IdParams } },
    async (request, reply) => {
      const exported = await exportCustomerRecord(db, contextOf(request), refFromPath(request.params.id));
      reply.header('content-disposition', `attachment; filename="record-${safeName(exported.customer.external_id)}.json"`);
      return recordExportJson(exported);
    },
  );

  app.get(
    '/customers/:id/record.pdf',
    { schema: { tags: ['contact record'], summary: "Export a customer's contact record as PDF evidence", params: IdParams, produces: ['application/pdf'] } },
    async (request, reply) => {
      const exported = await exportCustomerRecord(db, contextOf(request), refFromPath(request.params.id));
      const pdf = await recordPdf(exported);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="record-${safeName(exported.customer.external_id)}.pdf"`)
        .send(pdf);
    },
  );

  app.post(
    '/customers/:id/interactions',
    {
      schema: {
        tags: ['contact record'],
        summary: 'Log a call outcome, a note or an inbound reply',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: InteractionBody,
        response: withErrors({ 201: InteractionJson }),
      },
    },
    (request, reply) =>
      runWrite(db, request, reply, 201, async (trx, ctx) => interactionJson(await recordInteraction(trx, ctx, refFromPath(request.params.id), request.body))),
  );

  // Late-payment reasons
  app.post(
    '/customers/:id/late-reasons',
    {
      schema: {
        tags: ['conversation'],
        summary: 'Record why the customer pays late',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: LateReasonBody,
        response: withErrors({ 201: LateReasonJson }),
      },
    },
    (request, reply) =>
      runWrite(db, request, reply, 201, async (trx, ctx) => lateReasonJson(await recordLateReason(trx, ctx, refFromPath(request.params.id), request.body))),
  );

  app.get(
    '/customers/:id/late-reasons',
    {
      schema: {
        tags: ['conversation'],
        summary: 'Late-payment reasons, newest first',
        params: IdParams,
        querystring: RecordQuery,
        response: withErrors({ 200: PageOf(LateReasonJson) }),
      },
    },
    async (request) =>
      pageResponse(await listLateReasons(db, contextOf(request), refFromPath(request.params.id), pageRequest(request.query, ['text', 'text'])), lateReasonJson),
  );

  // Promises
  app.post(
    '/customers/:id/promises',
    {
      schema: {
        tags: ['conversation'],
        summary: 'Record a promise to pay (pauses the cadence on its invoices)',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: PromiseBody,
        response: withErrors({ 201: PromiseJson }),
      },
    },
    (request, reply) => {
      const b = request.body;
      const input = {
        promisedDate: b.promised_date,
        amount: b.amount,
        channel: b.channel,
        ...(b.currency !== undefined ? { currency: b.currency } : {}),
        ...(b.grace_days !== undefined ? { graceDays: b.grace_days } : {}),
        ...(b.invoices !== undefined ? { invoices: b.invoices } : {}),
      };
      return runWrite(db, request, reply, 201, async (trx, ctx) => promiseJson(await makePromise(trx, ctx, refFromPath(request.params.id), input)));
    },
  );

  app.get(
    '/customers/:id/promises',
    {
      schema: {
        tags: ['conversation'],
        summary: "A customer's promises, newest first",
        params: IdParams,
        querystring: PromiseListQuery,
        response: withErrors({ 200: PageOf(PromiseJson) }),
      },
    },
    async (request) => {
      const filters = request.query.status ? { status: request.query.status } : {};
      return pageResponse(
        await listPromises(db, contextOf(request), refFromPath(request.params.id), filters, pageRequest(request.query, ['text', 'text'])),
        promiseJson,
      );
    },
  );

  app.get(
    '/customers/:id/promise-stats',
    {
      schema: {
        tags: ['conversation'],
        summary: 'Promises made, kept and broken, and the kept rate',
        params: IdParams,
        response: withErrors({ 200: PromiseStatsJson }),
      },
    },
    async (request) => promiseStatsJson(await promiseStats(db, contextOf(request), refFromPath(request.params.id))),
  );

  app.post(
    '/promises/:id/cancel',
    {
      schema: {
        tags: ['conversation'],
        summary: 'Cancel a pending promise (the cadence resumes)',
        params: UuidParams,
        headers: IdempotencyHeaders,
        body: CancelBody,
        response: withErrors({ 200: PromiseJson }),
      },
    },
    (request, reply) => runWrite(db, request, reply, 200, async (trx, ctx) => promiseJson(await cancelPromise(trx, ctx, request.params.id, request.body))),
  );

  // Disputes
  app.post(
    '/invoices/:id/disputes',
    {
      schema: {
        tags: ['conversation'],
        summary: 'Open a dispute on an invoice (pauses the cadence on it)',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: DisputeBody,
        response: withErrors({ 201: DisputeJson }),
      },
    },
    (request, reply) =>
      runWrite(db, request, reply, 201, async (trx, ctx) => disputeJson(await openDispute(trx, ctx, refFromPath(request.params.id), request.body))),
  );

  app.get(
    '/disputes',
    {
      schema: {
        tags: ['conversation'],
        summary: 'Disputes in the order they were opened',
        querystring: DisputeListQuery,
        response: withErrors({ 200: PageOf(DisputeJson) }),
      },
    },
    async (request) => {
      const filters = request.query.status ? { status: request.query.status } : {};
      return pageResponse(await listDisputes(db, contextOf(request), filters, pageRequest(request.query, ['text', 'text'])), disputeJson);
    },
  );

  app.post(
    '/disputes/:id/resolve',
    {
      schema: {
        tags: ['conversation'],
        summary: 'Resolve a dispute: credit note, adjustment or rejected',
        params: UuidParams,
        headers: IdempotencyHeaders,
        body: ResolveBody,
        response: withErrors({ 200: DisputeJson }),
      },
    },
    (request, reply) => {
      const b = request.body;
      const input = {
        resolution: b.resolution,
        date: b.date ?? today(request),
        ...(b.amount !== undefined ? { amount: b.amount } : {}),
        ...(b.note !== undefined ? { note: b.note } : {}),
      };
      return runWrite(db, request, reply, 200, async (trx, ctx) => disputeJson(await resolveDispute(trx, ctx, request.params.id, input)));
    },
  );

  // Worklist and tasks
  app.get(
    '/worklist',
    {
      schema: {
        tags: ['worklist'],
        summary: "Today's human work ranked by expected recovery within each currency (the organisation's currency first)",
        querystring: WorklistQuery,
        response: withErrors({ 200: PageOf(WorklistItemJson) }),
      },
    },
    async (request) => {
      const q = request.query;
      const filters = { asOf: q.as_of ?? today(request), ...(q.assignee !== undefined ? { assignee: q.assignee } : {}) };
      return pageResponse(await worklist(db, contextOf(request), filters, pageRequest(q, ['text', 'text', 'date', 'text'])), worklistItemJson);
    },
  );

  app.post(
    '/tasks/:id/assign',
    {
      schema: {
        tags: ['worklist'],
        summary: 'Assign a task to a user',
        params: UuidParams,
        headers: IdempotencyHeaders,
        body: AssignBody,
        response: withErrors({ 200: TaskJson }),
      },
    },
    (request, reply) => runWrite(db, request, reply, 200, async (trx, ctx) => taskJson(await assignTask(trx, ctx, request.params.id, request.body.assignee))),
  );

  app.post(
    '/tasks/:id/outcome',
    {
      schema: {
        tags: ['worklist'],
        summary: 'Close a task with its outcome (written to the contact record)',
        params: UuidParams,
        headers: IdempotencyHeaders,
        body: OutcomeBody,
        response: withErrors({ 200: TaskJson }),
      },
    },
    (request, reply) => runWrite(db, request, reply, 200, async (trx, ctx) => taskJson(await recordTaskOutcome(trx, ctx, request.params.id, request.body))),
  );
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_');
}
