import { Type } from '@sinclair/typebox';
import { IsoDate } from './common.ts';

export const AgingQuery = Type.Object(
  {
    as_of: Type.Optional(IsoDate({ description: 'default: today in the organisation time zone' })),
    buckets: Type.Optional(
      Type.String({
        pattern: '^\\d+(,\\d+)*$',
        description: 'ascending upper bounds in days; default: the organisation setting or 30,60,90',
        examples: ['30,60,90'],
      }),
    ),
  },
  { additionalProperties: false },
);

const ByBucket = Type.Record(Type.String(), Type.String(), { description: 'bucket label → decimal amount' });

/** The shape of `regua aging --format json` (DESIGN.md §4). */
export const AgingJson = Type.Object(
  {
    as_of: IsoDate(),
    buckets: Type.Array(Type.String(), { examples: [['current', '1-30', '31-60', '61-90', '90+']] }),
    totals: Type.Array(Type.Object({ currency: Type.String(), by_bucket: ByBucket, total: Type.String() })),
    customers: Type.Array(
      Type.Object({
        external_id: Type.String(),
        name: Type.String(),
        currency: Type.String(),
        by_bucket: ByBucket,
        total: Type.String(),
        oldest_days_overdue: Type.Integer({ description: '0 when nothing is overdue' }),
      }),
    ),
  },
  { title: 'Aging' },
);
