import { Type } from '@sinclair/typebox';
import { eraseCustomer } from '../../use-cases/privacy/erase-customer.ts';
import { exportPersonalData } from '../../use-cases/privacy/export-customer-data.ts';
import { contextOf } from '../auth.ts';
import { withErrors } from '../errors.ts';
import { IdParams, refFromPath } from '../schemas/common.ts';
import type { Api, ApiDeps } from '../types.ts';

const tags = ['privacy'];

const PersonalDataJson = Type.Object(
  {
    format: Type.Literal('regua.personal-data/1'),
    exported_at: Type.String({ format: 'date-time' }),
    controller: Type.Object({
      name: Type.String(),
      legal_name: Type.Union([Type.String(), Type.Null()]),
      tax_id: Type.Union([Type.String(), Type.Null()]),
      address: Type.Union([Type.String(), Type.Null()]),
    }),
    customer_id: Type.String({ format: 'uuid' }),
    tables: Type.Record(Type.String(), Type.Array(Type.Record(Type.String(), Type.Unknown())), {
      description: 'every row of every table holding the customer’s data, as stored',
    }),
  },
  { title: 'PersonalDataExport' },
);

const ErasureBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 2000, description: 'the request and its grounds, kept with the erasure' }) },
  { additionalProperties: false },
);

const ErasureJson = Type.Object(
  {
    customer_id: Type.String({ format: 'uuid' }),
    basis: Type.Union([Type.Literal('request'), Type.Literal('retention')]),
    counts: Type.Record(Type.String(), Type.Integer(), { description: 'rows changed per table' }),
  },
  { title: 'Erasure' },
);

/** A debtor's personal data (LGPD / GDPR): the access export and the erasure on request. */
export function privacyRoutes(app: Api, { db }: ApiDeps): void {
  app.get(
    '/customers/:id/personal-data',
    {
      schema: {
        tags,
        summary: 'Everything held about a customer (an access request), as stored',
        params: IdParams,
        response: withErrors({ 200: PersonalDataJson }),
      },
    },
    async (request) => exportPersonalData(db, contextOf(request), refFromPath(request.params.id)),
  );

  app.post(
    '/customers/:id/erasure',
    {
      schema: {
        tags,
        summary: "Erase a customer's personal data on a justified request; 409 while the debt is being collected. Amounts and the record's hashes stay.",
        params: IdParams,
        body: ErasureBody,
        response: withErrors({ 200: ErasureJson }),
      },
    },
    async (request) => {
      const erasure = await eraseCustomer(db, contextOf(request), refFromPath(request.params.id), { reason: request.body.reason });
      return { customer_id: erasure.customerId, basis: erasure.basis, counts: erasure.counts };
    },
  );
}
