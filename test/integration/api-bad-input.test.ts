import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { twilioStatusPath } from '../../src/config.ts';
import { buildServer } from '../../src/http/server.ts';
import { createApiToken } from '../../src/use-cases/api-tokens.ts';
import { createOrganisation } from '../../src/use-cases/organisations.ts';
import { describeEachEngine } from '../support/engines.ts';

type Schema = { type?: string | string[]; properties?: Record<string, Schema>; anyOf?: Schema[]; enum?: unknown[]; format?: string; const?: unknown };
type Operation = { parameters?: { in: string; name: string; schema?: Schema }[]; requestBody?: { content?: Record<string, { schema?: Schema }> } };

const uuid = '00000000-0000-4000-8000-000000000000';
const badTexts = { 'a NUL byte': 'Padaria\u0000Central', 'a lone surrogate': 'Padaria \ud800 Central' };

/** A value the schema accepts for a path parameter, so that validation reaches the body. */
function pathValue(schema: Schema | undefined): string {
  const member = schema?.anyOf?.[0] ?? schema;
  if (member?.const !== undefined) return String(member.const);
  if (member?.enum?.length) return String(member.enum[0]);
  return uuid;
}

const acceptsString = (schema: Schema): boolean =>
  (schema.type === 'string' && schema.format === undefined && schema.enum === undefined && schema.const === undefined) ||
  (schema.anyOf ?? []).some(acceptsString);

describeEachEngine('bad text input on every route answers 400 naming the field, never 500', (database) => {
  let app: FastifyInstance;
  let token: string;
  let customerId: string;

  before(async () => {
    const db = database().db;
    const acme = await createOrganisation(db, { slug: 'acme', name: 'Acme' });
    token = (await createApiToken(db, acme.id, 'test', 'owner')).token;
    app = await buildServer({ db, receipts: { publicUrl: 'http://127.0.0.1', secrets: { twilioAuthToken: 'twilio-secret', whatsapp: undefined } } });
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/customers',
      headers: { authorization: `Bearer ${token}` },
      payload: { external_id: 'C1', name: 'Padaria Central', country: 'BR' },
    });
    assert.equal(created.statusCode, 201, created.body);
    customerId = created.json().id;
  });
  after(() => app?.close());

  test('a NUL byte or a lone surrogate in any text field of any JSON body is a 400 that names the field', async () => {
    const doc = app.swagger() as { paths: Record<string, Record<string, Operation>> };
    let probed = 0;
    const failures: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const properties = operation.requestBody?.content?.['application/json']?.schema?.properties ?? {};
        const url = path.replace(/\{(\w+)\}/g, (_, name: string) => pathValue(operation.parameters?.find((p) => p.in === 'path' && p.name === name)?.schema));
        for (const [field, schema] of Object.entries(properties)) {
          if (!acceptsString(schema)) continue;
          for (const [label, text] of Object.entries(badTexts)) {
            probed++;
            const response = await app.inject({
              method: method.toUpperCase() as 'POST',
              url,
              headers: { authorization: `Bearer ${token}` },
              payload: { [field]: text },
            });
            const fields = response.statusCode === 400 ? ((response.json().error.details ?? []) as { field: string }[]).map((d) => d.field) : [];
            // Routes that authenticate before they validate (a session cookie) never reach the body.
            if (!fields.includes(field) && response.statusCode !== 401)
              failures.push(`${method.toUpperCase()} ${path} ${field} with ${label}: ${response.statusCode} ${response.body.slice(0, 200)}`);
          }
        }
      }
    }
    assert.ok(probed > 60, `only ${probed} text fields found in the OpenAPI document`);
    assert.deepEqual(failures, []);
  });

  test('a NUL byte in a query string or a path id is a 400, not a 500', async () => {
    for (const url of ['/api/v1/customers?search=a%00b', `/api/v1/customers/ext:a%00b`, '/api/v1/invoices?q=%ED%A0%80']) {
      const response = await app.inject({ url, headers: { authorization: `Bearer ${token}` } });
      assert.ok(response.statusCode < 500, `${url}: ${response.statusCode} ${response.body}`);
    }
    const response = await app.inject({ url: '/api/v1/customers/ext:a%00b', headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().error.details[0].field, 'params.id');
  });

  test('a 200 KB customer name, invoice description or interaction text is refused with the limit named', async () => {
    const huge = 'x'.repeat(200_000);
    const attempts = [
      { url: '/api/v1/customers', payload: { external_id: 'C2', name: huge, country: 'BR' }, field: 'name', limit: 200 },
      {
        url: '/api/v1/invoices',
        payload: {
          external_id: 'I1',
          customer_id: customerId,
          issue_date: '2026-01-01',
          due_date: '2026-01-31',
          amount: '10.00',
          currency: 'BRL',
          description: huge,
        },
        field: 'description',
        limit: 1000,
      },
      { url: `/api/v1/customers/${customerId}/interactions`, payload: { channel: 'phone', kind: 'note', text: huge }, field: 'text', limit: 5000 },
    ];
    for (const { url, payload, field, limit } of attempts) {
      const response = await app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}` }, payload });
      assert.equal(response.statusCode, 400, `${url}: ${response.body.slice(0, 300)}`);
      assert.deepEqual(response.json().error.details, [{ field, reason: `must be at most ${limit} characters` }]);
    }
  });

  test('a promise in an unknown currency is a 400 naming currency', async () => {
    for (const currency of ['XYZ', '€', '', 'B\u0000L']) {
      const response = await app.inject({
        method: 'POST',
        url: `/api/v1/customers/${customerId}/promises`,
        headers: { authorization: `Bearer ${token}` },
        payload: { promised_date: '2099-01-10', amount: '10.00', channel: 'phone', currency },
      });
      assert.equal(response.statusCode, 400, `${JSON.stringify(currency)}: ${response.body}`);
      assert.ok(
        (response.json().error.details as { field: string }[]).some((d) => d.field === 'currency'),
        response.body,
      );
    }
  });

  test('a JSON body on the Twilio status hook is refused with 415, not a 500', async () => {
    const response = await app.inject({
      method: 'POST',
      url: twilioStatusPath,
      headers: { 'content-type': 'application/json', 'x-twilio-signature': 'c2lnbmF0dXJl' },
      payload: JSON.stringify({ MessageSid: 'SM1', MessageStatus: 'delivered' }),
    });
    assert.equal(response.statusCode, 415, response.body);
    assert.equal(response.json().error.code, 'unsupported_media_type');
  });
});
