import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { TemplateProblem } from '../../channels/templates/render-message.ts';
import { getDocument } from '../../use-cases/cadence/list-documents.ts';
import { getOutboxMessage, listOutbox } from '../../use-cases/cadence/list-outbox.ts';
import { getPolicy, getPolicyVersion, listPolicies } from '../../use-cases/cadence/list-policies.ts';
import { listRuns } from '../../use-cases/cadence/list-runs.ts';
import { listTasks } from '../../use-cases/cadence/list-tasks.ts';
import { deactivateWebhookEndpoint, getWebhookEndpoint, listWebhookDeliveries, listWebhookEndpoints } from '../../use-cases/cadence/list-webhooks.ts';
import { savePolicyVersion } from '../../use-cases/cadence/save-policy-version.ts';
import { runCadence } from '../../use-cases/cadence/run-cadence.ts';
import { listTemplates } from '../../use-cases/templates/list-templates.ts';
import { previewTemplate } from '../../use-cases/templates/preview-template.ts';
import { saveTemplateOverride } from '../../use-cases/templates/save-template-override.ts';
import { createWebhookEndpoint } from '../../use-cases/webhooks/endpoints.ts';
import { cancelMessage } from '../../use-cases/delivery/cancel-message.ts';
import { retryMessage } from '../../use-cases/delivery/retry-message.ts';
import { CancelBody } from '../schemas/account-work.ts';
import type { TemplateKey } from '../../channels/templates/message-context.ts';
import { businessDateOf } from '../../use-cases/org-context.ts';
import { contextOf, organisationIdOf, principalOf } from '../auth.ts';
import { withErrors } from '../errors.ts';
import { runWrite } from '../idempotency.ts';
import { PageOf, pageRequest, pageResponse } from '../pagination.ts';
import {
  DocumentParams,
  OutboxListQuery,
  OutboxMessageDetailJson,
  OutboxMessageJson,
  PageOnlyQuery,
  PolicyCreateBody,
  PolicyDetailJson,
  PolicyJson,
  PolicyNameParams,
  PolicyVersionParams,
  RunBody,
  RunJson,
  RunSummaryJson,
  TaskJson,
  TaskListQuery,
  TemplateBody,
  TemplateEntryJson,
  TemplateOverrideJson,
  TemplateParams,
  TemplatePreviewBody,
  TemplatePreviewJson,
  WebhookCreateBody,
  WebhookDeliveryJson,
  WebhookEndpointCreatedJson,
  WebhookEndpointJson,
  outboxDetailJson,
  outboxJson,
  policyDetailJson,
  policyJson,
  runJson,
  taskJson,
  templateEntryJson,
  templateOverrideJson,
  webhookDeliveryJson,
  webhookEndpointJson,
} from '../schemas/cadence.ts';
import { IdempotencyHeaders, IdParams, refFromPath } from '../schemas/common.ts';
import type { Api, ApiDeps } from '../types.ts';

const tags = ['cadence'];

/** Policies, outbox, documents, tasks, runs, templates and webhook endpoints (under /api/v1). */
export function cadenceRoutes(app: Api, { db }: ApiDeps): void {
  // ── Policies ──
  app.get(
    '/policies',
    { schema: { tags, summary: 'The latest version of each cadence policy', response: withErrors({ 200: Type.Object({ data: Type.Array(PolicyJson) }) }) } },
    async (request) => ({
      data: (await listPolicies(db, organisationIdOf(request))).map(policyJson),
    }),
  );

  app.get(
    '/policies/:name',
    { schema: { tags, summary: 'A policy with its version history', params: PolicyNameParams, response: withErrors({ 200: PolicyDetailJson }) } },
    async (request) => {
      const { latest, versions } = await getPolicy(db, organisationIdOf(request), request.params.name);
      return policyDetailJson(latest, versions);
    },
  );

  app.get(
    '/policies/:name/versions/:version',
    { schema: { tags, summary: 'One version of a policy', params: PolicyVersionParams, response: withErrors({ 200: PolicyJson }) } },
    async (request) => policyJson(await getPolicyVersion(db, organisationIdOf(request), request.params.name, request.params.version)),
  );

  app.post(
    '/policies',
    {
      schema: {
        tags,
        summary: 'Save a policy as its next version',
        description: 'Versions are never edited; saving an unchanged policy returns the latest version (200) instead of adding one.',
        body: PolicyCreateBody,
        response: withErrors({ 200: PolicyJson, 201: PolicyJson }),
      },
    },
    async (request, reply) => {
      const organisationId = organisationIdOf(request);
      const { segments, is_default: isDefault, ...fields } = request.body;
      // The server numbers versions; the validator still wants one.
      const policy = { ...fields, version: 1 };
      const options = { segments: segments ?? [], isDefault: isDefault ?? false };
      const saved = await savePolicyVersion(db, organisationId, policy, options);
      if (saved.created) reply.code(201);
      return policyJson(saved.version);
    },
  );

  // ── Outbox and documents ──
  app.get(
    '/outbox',
    {
      schema: {
        tags,
        summary: 'Messages the cadence wrote, newest first (held and failed ones included)',
        querystring: OutboxListQuery,
        response: withErrors({ 200: PageOf(OutboxMessageJson) }),
      },
    },
    async (request) => {
      const q = request.query;
      const filters = { status: q.status, channel: q.channel, customer: q.customer === undefined ? undefined : refFromPath(q.customer) };
      return pageResponse(await listOutbox(db, organisationIdOf(request), filters, pageRequest(q, ['text', 'text'])), outboxJson);
    },
  );

  app.get(
    '/outbox/:id',
    {
      schema: {
        tags,
        summary: 'A message: what was sent, the last error, the letter PDF',
        params: DocumentParams,
        response: withErrors({ 200: OutboxMessageDetailJson }),
      },
    },
    async (request) => outboxDetailJson(await getOutboxMessage(db, organisationIdOf(request), request.params.id)),
  );

  app.post(
    '/outbox/:id/retry',
    {
      schema: {
        tags,
        operationId: 'retryOutboxMessage',
        summary: 'Send a failed or bounced message again (pending, due now); a message already sent is refused (409)',
        params: DocumentParams,
        headers: IdempotencyHeaders,
        response: withErrors({ 200: OutboxMessageJson }),
      },
    },
    (request, reply) =>
      runWrite(db, request, reply, 200, async (trx, ctx) => outboxJson(await retryMessage(trx, contextOf(request, ctx.now), request.params.id))),
  );

  app.post(
    '/outbox/:id/cancel',
    {
      schema: {
        tags,
        operationId: 'cancelOutboxMessage',
        summary: 'Cancel a message still waiting (pending or held); a message already sent is refused (409)',
        params: DocumentParams,
        headers: IdempotencyHeaders,
        body: CancelBody,
        response: withErrors({ 200: OutboxMessageJson }),
      },
    },
    (request, reply) =>
      runWrite(db, request, reply, 200, async (trx, ctx) => outboxJson(await cancelMessage(trx, contextOf(request, ctx.now), request.params.id, request.body))),
  );

  app.get(
    '/documents/:id',
    {
      schema: {
        tags,
        summary: 'A stored document (a letter as PDF)',
        params: DocumentParams,
        response: withErrors({
          200: Type.Unsafe<Buffer>({ description: 'the file bytes', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } }),
        }),
      },
    },
    async (request, reply) => {
      const document = await getDocument(db, organisationIdOf(request), request.params.id);
      return reply
        .type(document.content_type)
        .header('content-disposition', `inline; filename="${document.filename.replace(/[^\w.-]/g, '_')}"`)
        .header('x-content-sha256', document.sha256)
        .send(document.content);
    },
  );

  // ── Tasks ──
  app.get(
    '/tasks',
    {
      schema: {
        tags,
        summary: 'Tasks by due date (calls, reviews, escalation markers)',
        querystring: TaskListQuery,
        response: withErrors({ 200: PageOf(TaskJson) }),
      },
    },
    async (request) => {
      const q = request.query;
      return pageResponse(await listTasks(db, organisationIdOf(request), { kind: q.kind, status: q.status }, pageRequest(q, ['date', 'text'])), taskJson);
    },
  );

  // ── Runs ──
  app.post(
    '/runs',
    {
      schema: {
        tags,
        summary: 'Run the cadence for a business date',
        body: RunBody,
        response: withErrors({ 200: RunSummaryJson }),
        description:
          'Decides and writes the outbox and tasks (like `regua run --no-deliver`); the delivery worker of `regua serve` sends. Safe to repeat: a step is never executed twice.',
      },
    },
    async (request) => {
      const ctx = contextOf(request, request.body.now === undefined ? new Date() : new Date(request.body.now));
      return runCadence(db, ctx.org, { asOf: request.body.as_of ?? businessDateOf(ctx), now: ctx.now, dryRun: request.body.dry_run ?? false, trigger: 'api' });
    },
  );

  app.get(
    '/runs',
    { schema: { tags, summary: 'Cadence runs, newest first', querystring: PageOnlyQuery, response: withErrors({ 200: PageOf(RunJson) }) } },
    async (request) => pageResponse(await listRuns(db, organisationIdOf(request), pageRequest(request.query, ['text', 'text'])), runJson),
  );

  // ── Templates ──
  app.get(
    '/templates',
    {
      schema: {
        tags,
        summary: 'Shipped templates and the organisation’s edits, per key, channel and language',
        response: withErrors({ 200: Type.Object({ data: Type.Array(TemplateEntryJson) }) }),
      },
    },
    async (request) => ({ data: (await listTemplates(db, contextOf(request))).map(templateEntryJson) }),
  );

  app.put(
    '/templates/:key/:channel/:language',
    {
      schema: {
        tags,
        summary: 'Save an edited template (a new version)',
        params: TemplateParams,
        body: TemplateBody,
        response: withErrors({ 201: TemplateOverrideJson }),
        description:
          'Refused with 422 template_rejected when the text threatens, humiliates, exposes the debt, omits the creditor identification or the opt-out; each problem names the term.',
      },
    },
    async (request, reply) => {
      const organisation = principalOf(request).organisation;
      const { key, channel, language } = request.params;
      const override = { key: key as TemplateKey, channel, language, ...request.body };
      const result = await runWrite(db, request, reply, 201, (trx, ctx) => saveTemplateOverride(trx, organisation, override, ctx));
      if (!result.ok) return rejected(reply, result.problems);
      return templateOverrideJson(result.saved);
    },
  );

  app.post(
    '/templates/:key/:channel/:language/preview',
    {
      schema: {
        tags,
        summary: 'Render a template (or a draft) with example data',
        params: TemplateParams,
        body: Type.Optional(TemplatePreviewBody),
        response: withErrors({ 200: TemplatePreviewJson }),
      },
    },
    async (request, reply) => {
      const organisation = principalOf(request).organisation;
      const draft = request.body?.body === undefined ? undefined : { ...request.body, body: request.body.body };
      const result = await previewTemplate(db, organisation, request.params, draft);
      if (!result.ok) return rejected(reply, result.problems);
      const { rendered } = result;
      return { source: result.source, subject: rendered.subject ?? null, text: rendered.text, html: rendered.html ?? null };
    },
  );

  // ── Webhook endpoints ──
  app.post(
    '/webhooks',
    {
      schema: {
        tags,
        summary: 'Register a webhook endpoint (the secret is returned only now)',
        headers: IdempotencyHeaders,
        body: WebhookCreateBody,
        response: withErrors({ 201: WebhookEndpointCreatedJson }),
      },
    },
    (request, reply) =>
      runWrite(db, request, reply, 201, async (trx, ctx) => {
        const created = await createWebhookEndpoint(trx, ctx.org.id, request.body.url, request.body.event_types ?? []);
        return { ...webhookEndpointJson(await getWebhookEndpoint(trx, ctx.org.id, created.id)), secret: created.secret };
      }),
  );

  app.get(
    '/webhooks',
    {
      schema: {
        tags,
        summary: 'Webhook endpoints (without their secrets)',
        response: withErrors({ 200: Type.Object({ data: Type.Array(WebhookEndpointJson) }) }),
      },
    },
    async (request) => ({
      data: (await listWebhookEndpoints(db, organisationIdOf(request))).map(webhookEndpointJson),
    }),
  );

  app.delete(
    '/webhooks/:id',
    { schema: { tags, summary: 'Deactivate an endpoint (its delivery log is kept)', params: IdParams, response: withErrors({ 200: WebhookEndpointJson }) } },
    (request, reply) =>
      runWrite(db, request, reply, 200, async (trx, ctx) => webhookEndpointJson(await deactivateWebhookEndpoint(trx, ctx.org.id, request.params.id))),
  );

  app.get(
    '/webhooks/:id/deliveries',
    {
      schema: {
        tags,
        summary: 'The delivery log of an endpoint, newest first',
        params: IdParams,
        querystring: PageOnlyQuery,
        response: withErrors({ 200: PageOf(WebhookDeliveryJson) }),
      },
    },
    async (request) =>
      pageResponse(
        await listWebhookDeliveries(db, organisationIdOf(request), request.params.id, pageRequest(request.query, ['text', 'text'])),
        webhookDeliveryJson,
      ),
  );
}

/** 422: the template is understood but may not be used; details lists each problem (code, message, term). */
function rejected(reply: FastifyReply, problems: TemplateProblem[]) {
  return reply.code(422).send({
    error: {
      code: 'template_rejected',
      message: `template rejected: ${problems.map((p) => p.message).join('; ')}`,
      details: problems.map((p) => ({ code: p.code, message: p.message, term: p.term ?? null })),
    },
  });
}
