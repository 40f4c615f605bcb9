import { exportChargesCsv } from '../../use-cases/charges-export.ts';
import { Type } from '@sinclair/typebox';
import { dateInZone } from '../../domain/dates.ts';
import { getAgencyHandoff, handOffToAgency, listAgencyHandoffs, recallFromAgency } from '../../use-cases/escalation/agency-handoff.ts';
import { listNotices, proveNoticeDelivery } from '../../use-cases/escalation/bureau-notice.ts';
import { overdueRemovals } from '../../use-cases/escalation/overdue-removals.ts';
import { findCustomer } from '../../use-cases/customers.ts';
import { isUuid } from '../../use-cases/record-ref.ts';
import { endSuspension, startSuspension } from '../../use-cases/escalation/service-suspension.ts';
import { buildSmallClaimsPacket } from '../../use-cases/escalation/small-claims-packet.ts';
import { exportWriteOffsCsv } from '../../use-cases/escalation/write-off-export.ts';
import { reverseWriteOff, writeOffInvoice } from '../../use-cases/escalation/write-off-invoice.ts';
import { NotFoundError, UserError } from '../../use-cases/errors.ts';
import { contextOf, organisationIdOf, principalOf } from '../auth.ts';
import { withErrors } from '../errors.ts';
import { runWrite } from '../idempotency.ts';
import { PageOf, pageRequest, pageResponse } from '../pagination.ts';
import { IdempotencyHeaders, IdParams, refFromPath } from '../schemas/common.ts';
import {
  AsOfQuery,
  ClaimQuery,
  HandoffBody,
  NoticeDeliveryBody,
  NoticeJson,
  noticeJson,
  NoticeListQuery,
  HandoffJson,
  handoffJson,
  HandoffListQuery,
  OverdueRemovalsJson,
  overdueRemovalsJson,
  RecallBody,
  SuspensionBody,
  SuspensionJson,
  suspensionJson,
  WriteOffBody,
  WriteOffExportQuery,
  WriteOffJson,
  writeOffJson,
  WriteOffReversalBody,
} from '../schemas/escalation.ts';
import type { Api, ApiDeps } from '../types.ts';

const tags = ['escalation'];

/** Routes for escalation (registered in server.ts under /api/v1). */
export function escalationRoutes(app: Api, { db }: ApiDeps): void {
  app.post(
    '/customers/:id/agency-handoff',
    {
      schema: {
        tags,
        summary:
          "Hand a customer's overdue invoices, with their late charges, to a collection agency (the cadence stops); refused with escalation_not_configured where agencies are not configured for the debtor's country",
        params: IdParams,
        headers: IdempotencyHeaders,
        body: HandoffBody,
        response: withErrors({ 201: HandoffJson }),
      },
    },
    (request, reply) =>
      runWrite(db, request, reply, 201, async (trx, ctx) => {
        const b = request.body;
        return handoffJson(
          await handOffToAgency(
            trx,
            ctx.org.id,
            refFromPath(request.params.id),
            { agency: b.agency, commissionPercent: b.commission_percent, date: b.date, includeNotDue: b.include_not_due },
            ctx,
          ),
        );
      }),
  );

  app.get(
    '/agency/handoffs',
    {
      schema: {
        tags,
        summary: 'Agency hand-offs, newest first, with recoveries and commission',
        querystring: HandoffListQuery,
        response: withErrors({ 200: PageOf(HandoffJson) }),
      },
    },
    async (request) =>
      pageResponse(
        await listAgencyHandoffs(db, organisationIdOf(request), { status: request.query.status }, pageRequest(request.query, ['date', 'text'])),
        handoffJson,
      ),
  );

  app.get(
    '/agency/handoffs/:id',
    { schema: { tags, summary: 'One agency hand-off', params: IdParams, response: withErrors({ 200: HandoffJson }) } },
    async (request) => handoffJson(await getAgencyHandoff(db, organisationIdOf(request), uuidOf(request.params.id))),
  );

  app.post(
    '/agency/handoffs/:id/recall',
    {
      schema: {
        tags,
        summary: 'Recall a customer from the agency (the cadence resumes)',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: RecallBody,
        response: withErrors({ 200: HandoffJson }),
      },
    },
    (request, reply) =>
      runWrite(db, request, reply, 200, async (trx, ctx) => handoffJson(await recallFromAgency(trx, ctx.org.id, uuidOf(request.params.id), request.body, ctx))),
  );

  app.post(
    '/customers/:id/small-claims-packet',
    {
      schema: {
        tags,
        summary:
          "Build the small-claims court packet (PDF, in the court's language): overdue invoices with their late charges; refused with escalation_not_configured, debtor_address_missing or above_court_limit (the claim with charges over the court value limit)",
        params: IdParams,
        querystring: ClaimQuery,
        produces: ['application/pdf'],
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const packet = await buildSmallClaimsPacket(
        db,
        principal.organisation.id,
        refFromPath(request.params.id),
        { actor: principal.actor, now: new Date() },
        { includeNotDue: request.query.include_not_due === true },
      );
      return reply
        .code(201)
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${packet.filename.replace(/[^\w.-]/g, '_')}"`)
        .header('x-document-id', packet.document_id)
        .send(packet.pdf);
    },
  );

  app.post(
    '/customers/:id/suspension',
    {
      schema: {
        tags,
        summary: 'Suspend service: webhook customer.suspension_started',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: SuspensionBody,
        response: withErrors({ 201: SuspensionJson }),
      },
    },
    (request, reply) =>
      runWrite(db, request, reply, 201, async (trx, ctx) =>
        suspensionJson(await startSuspension(trx, ctx.org.id, refFromPath(request.params.id), request.body ?? {}, ctx)),
      ),
  );

  app.delete(
    '/customers/:id/suspension',
    { schema: { tags, summary: 'Lift the suspension: webhook customer.suspension_ended', params: IdParams, response: withErrors({ 200: SuspensionJson }) } },
    (request, reply) =>
      runWrite(db, request, reply, 200, async (trx, ctx) => suspensionJson(await endSuspension(trx, ctx.org.id, refFromPath(request.params.id), ctx))),
  );

  app.post(
    '/invoices/:id/write-off',
    {
      schema: {
        tags,
        summary: 'Write off the open balance of an invoice as bad debt',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: WriteOffBody,
        response: withErrors({ 201: WriteOffJson }),
      },
    },
    (request, reply) =>
      runWrite(db, request, reply, 201, async (trx, ctx) =>
        writeOffJson(await writeOffInvoice(trx, ctx.org.id, refFromPath(request.params.id), request.body, ctx)),
      ),
  );

  app.post(
    '/invoices/:id/write-off/reversal',
    {
      schema: {
        tags,
        summary: 'Reverse the write-off of an invoice, with a reason: it is open again from the date (aging of earlier dates unchanged)',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: WriteOffReversalBody,
        response: withErrors({ 200: WriteOffJson }),
      },
    },
    (request, reply) =>
      runWrite(db, request, reply, 200, async (trx, ctx) =>
        writeOffJson(await reverseWriteOff(trx, ctx.org.id, refFromPath(request.params.id), request.body, ctx)),
      ),
  );

  app.get(
    '/write-offs.csv',
    {
      schema: {
        tags,
        summary: 'Accounting export: write-offs and recoveries between two dates (CSV)',
        querystring: WriteOffExportQuery,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const { from, to } = request.query;
      if (from > to) throw new UserError(`from ${from} is after to ${to}`, 'validation_failed', [{ field: 'query.from', reason: 'is after to' }]);
      const csv = await exportWriteOffsCsv(db, contextOf(request), from, to);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="write-offs-${from}-${to}.csv"`).send(csv);
    },
  );

  app.get(
    '/charges.csv',
    {
      schema: {
        tags: ['reports'],
        summary: 'Accounting export: late charges booked and paid, discounts granted, between two dates (CSV)',
        querystring: WriteOffExportQuery,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const { from, to } = request.query;
      if (from > to) throw new UserError(`from ${from} is after to ${to}`, 'validation_failed', [{ field: 'query.from', reason: 'is after to' }]);
      const csv = await exportChargesCsv(db, contextOf(request), from, to);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="charges-${from}-${to}.csv"`).send(csv);
    },
  );

  app.get(
    '/bureau/removals/overdue',
    {
      schema: {
        tags,
        summary: 'Paid listings whose removal is past the 5-business-day deadline (STJ Súmula 548)',
        querystring: AsOfQuery,
        response: withErrors({ 200: OverdueRemovalsJson }),
      },
    },
    async (request) => {
      const org = principalOf(request).organisation;
      const asOf = request.query.as_of ?? dateInZone(new Date(), org.timezone);
      return overdueRemovalsJson(asOf, await overdueRemovals(db, org.id, asOf));
    },
  );

  app.get(
    '/bureau/notices',
    {
      schema: {
        tags,
        summary: 'Prior notices of credit-bureau listings, newest first, with their proof of sending and delivery',
        querystring: NoticeListQuery,
        response: withErrors({ 200: Type.Object({ data: Type.Array(NoticeJson) }) }),
      },
    },
    async (request) => {
      const organisationId = organisationIdOf(request);
      const customerId = request.query.customer ? (await findCustomer(db, organisationId, refFromPath(request.query.customer))).id : undefined;
      return { data: (await listNotices(db, organisationId, { customerId, undelivered: request.query.undelivered })).map(noticeJson) };
    },
  );

  app.post(
    '/bureau/notices/:id/delivery',
    {
      schema: {
        tags,
        summary: 'Record proof of delivery of a prior notice (AR of a registered letter, signed read receipt …); the listing waits for it (Tema 1.315)',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: NoticeDeliveryBody,
        response: withErrors({ 200: NoticeJson }),
      },
    },
    (request, reply) =>
      runWrite(db, request, reply, 200, async (trx, ctx) => {
        if (!isUuid(request.params.id)) throw new NotFoundError('notice', request.params.id);
        const b = request.body;
        return noticeJson(
          await proveNoticeDelivery(
            trx,
            ctx.org.id,
            request.params.id,
            { deliveredAt: new Date(b.delivered_at), kind: b.kind, reference: b.reference, note: b.note, documentId: b.document_id },
            ctx,
          ),
        );
      }),
  );
}

/** Hand-offs have no external id: a malformed id names none. */
function uuidOf(raw: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(raw)) throw new NotFoundError('agency hand-off', raw);
  return raw;
}
