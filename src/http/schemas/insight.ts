import { Type } from '@sinclair/typebox';
import { IsoDate, Nullable } from './common.ts';

export const MetricsQuery = Type.Object(
  {
    from: Type.Optional(IsoDate({ description: "first day of the period; default: 89 days before `to`" })),
    to: Type.Optional(IsoDate({ description: 'last day of the period; default: as_of' })),
    as_of: Type.Optional(IsoDate({ description: 'the date the figures are known on; default: today in the organisation time zone' })),
  },
  { additionalProperties: false },
);

const Days = (description: string) => Nullable(Type.Number({ description: `${description}; days, 1 decimal; null without credit sales in the period` }));
const Amount = (description: string) => Type.String({ description: `${description}; decimal string`, examples: ['1234.56'] });

/** The shape of `regua metrics --json`. */
export const MetricsJsonSchema = Type.Object(
  {
    from: IsoDate(),
    to: IsoDate(),
    as_of: IsoDate(),
    days: Type.Integer({ description: 'days in the period, both ends included' }),
    currencies: Type.Array(
      Type.Object({
        currency: Type.String({ examples: ['BRL'] }),
        credit_sales: Amount('invoices issued in the period (plan instalments and invoices voided by its end excluded)'),
        receivables_beginning: Amount('open receivables at the end of the day before the period'),
        receivables_ending: Amount('open receivables at the end of the period'),
        receivables_ending_current: Amount('of them not yet overdue'),
        receivables_ending_90_plus: Amount('of them more than 90 days overdue'),
        dso: Days('ending receivables ÷ credit sales × days'),
        countback_dso: Days('days of sales, counted back month by month, that the ending receivables represent (at most 12 months)'),
        best_possible_dso: Days('ending current receivables ÷ credit sales × days'),
        average_days_delinquent: Days('DSO − best-possible DSO'),
        cei: Nullable(Type.Number({ description: 'collection effectiveness index, percent, 1 decimal: (beginning + sales − ending) ÷ (beginning + sales − ending current) × 100' })),
        share_90_plus: Nullable(Type.Number({ description: 'ending receivables more than 90 days overdue ÷ ending receivables, 4 decimals' })),
        promises_kept: Type.Integer({ description: 'promises whose date plus grace days fell in the period, kept' }),
        promises_broken: Type.Integer({ description: '… and broken' }),
        promise_kept_rate: Nullable(Type.Number({ description: 'kept ÷ (kept + broken), 4 decimals' })),
      }),
    ),
  },
  { title: 'CollectionMetrics' },
);
