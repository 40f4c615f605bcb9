import { Type } from '@sinclair/typebox';
import { DecimalString, IsoDate, MoneyJson, Nullable, StringEnum } from './common.ts';

export const MetricsQuery = Type.Object(
  {
    from: Type.Optional(IsoDate({ description: 'first day of the period; default: 89 days before `to`' })),
    to: Type.Optional(IsoDate({ description: 'last day of the period; default: as_of' })),
    as_of: Type.Optional(IsoDate({ description: 'the date the figures are known on; default: today in the organisation time zone' })),
  },
  { additionalProperties: false },
);

const Days = (description: string) => Nullable(Type.Number({ description: `${description}; days, 1 decimal; null without credit sales in the period` }));
const Amount = (description: string) => Type.String({ description: `${description}; decimal string`, examples: ['1234.56'] });

const RecoveryLine = Type.Object({
  currency: Type.String(),
  messages: Type.Integer({ description: 'messages sent in the period' }),
  invoices: Type.Integer({ description: 'invoices they chased (a message chasing three counts three)' }),
  amount_chased: Amount('open on those invoices at the start of the day each message was sent'),
  within: Type.Array(
    Type.Object({
      days: Type.Integer({ description: '7, 14 or 30' }),
      invoices: Type.Integer({ description: 'chased invoices whose window has run its course by as_of' }),
      amount_chased: Amount('what they owed when chased'),
      amount_paid: Amount('paid on them within the window, before the next message on the same invoice (the last message before a payment gets the credit)'),
      invoices_paid: Type.Integer({ description: 'of them with a payment in the window' }),
      share_paid: Nullable(Type.Number({ description: 'amount_paid ÷ amount_chased, 4 decimals' })),
    }),
  ),
});

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
        cei: Nullable(
          Type.Number({
            description: 'collection effectiveness index, percent, 1 decimal: (beginning + sales − ending) ÷ (beginning + sales − ending current) × 100',
          }),
        ),
        share_90_plus: Nullable(Type.Number({ description: 'ending receivables more than 90 days overdue ÷ ending receivables, 4 decimals' })),
        promises_kept: Type.Integer({ description: 'promises whose date plus grace days fell in the period, kept' }),
        promises_broken: Type.Integer({ description: '… and broken' }),
        promise_kept_rate: Nullable(Type.Number({ description: 'kept ÷ (kept + broken), 4 decimals' })),
      }),
    ),
    recovery_by_step: Type.Array(Type.Composite([Type.Object({ step: Type.String({ description: 'policy/step' }) }), RecoveryLine]), {
      description: 'recovery of the messages sent in the period, per currency and cadence step',
    }),
    recovery_by_template: Type.Array(Type.Composite([Type.Object({ template: Type.String() }), RecoveryLine]), {
      description: 'the same per currency and template',
    }),
  },
  { title: 'CollectionMetrics' },
);

export const BehaviourQuery = Type.Object(
  { as_of: Type.Optional(IsoDate({ description: 'default: today in the organisation time zone' })) },
  { additionalProperties: false },
);

const Ratio = (description: string, decimals: number) =>
  Nullable(Type.Number({ description: `${description}; ${decimals} decimal(s); null without paid invoices` }));

/** GET /customers/{id}/behaviour: punctuality from the customer's dated history. */
export const BehaviourJson = Type.Object(
  {
    customer: Type.Object({ id: Type.String(), external_id: Type.String(), name: Type.String() }),
    as_of: IsoDate(),
    invoices_paid: Type.Integer({ description: 'invoices fully paid by as_of (plan instalments left out)' }),
    paid_late: Type.Integer({ description: 'of them paid after the due date' }),
    paid_over_30_days_late: Type.Integer({ description: 'of them paid more than 30 days after the due date' }),
    share_paid_late: Ratio('paid_late ÷ invoices_paid', 4),
    average_days_late: Ratio('mean of max(0, paid on − due date)', 1),
    weighted_days_late: Ratio('the same weighted by invoice amount', 1),
    trend: Type.Object({
      recent_average_days_late: Ratio('average days late of the invoices paid in the 90 days to as_of', 1),
      earlier_average_days_late: Ratio('… and of those paid before', 1),
      direction: Nullable(
        StringEnum(['improving', 'stable', 'worsening'] as const, {
          description: 'more than 5 days better or worse recently; null while either side is empty',
        }),
      ),
    }),
    promises: Type.Object({
      made: Type.Integer(),
      kept: Type.Integer({ description: 'kept, with the date plus grace days past' }),
      broken: Type.Integer(),
      pending: Type.Integer(),
      cancelled: Type.Integer(),
      kept_rate: Nullable(Type.Number({ description: 'kept ÷ (kept + broken), 4 decimals' })),
    }),
    disputes: Type.Integer({ description: 'disputes opened by as_of' }),
    plans_broken: Type.Integer({ description: 'payment plans broken by as_of' }),
    written_off: Type.Integer({ description: 'invoices written off by as_of' }),
    overdue: Type.Array(
      Type.Object({ currency: Type.String(), amount: Type.String({ examples: ['1234.56'] }), invoices: Type.Integer(), oldest_days_overdue: Type.Integer() }),
      { description: 'open and past due on as_of, per currency' },
    ),
  },
  { title: 'PaymentBehaviour' },
);

export const CreditDecisionQuery = Type.Object(
  {
    amount: DecimalString({ description: 'the amount to sell on credit, decimal with a point' }),
    currency: Type.Optional(Type.String({ description: "ISO 4217; default: the currency of the customer's country", examples: ['BRL'] })),
    as_of: Type.Optional(IsoDate({ description: 'the business date to decide on; default: today in the organisation time zone' })),
  },
  { additionalProperties: false },
);

const Verdict = StringEnum(['allow', 'review', 'deny'] as const);

/** GET /customers/{id}/credit-decision and `regua credit check --json`. */
export const CreditDecisionJson = Type.Object(
  {
    customer: Type.Object({ id: Type.String(), external_id: Type.String(), name: Type.String() }),
    as_of: IsoDate(),
    decision: Verdict,
    requested: MoneyJson,
    limit: Nullable(
      Type.Object({
        amount: Type.String(),
        currency: Type.String(),
        source: StringEnum(['customer', 'staged'] as const, { description: "the customer's own limit, or the staged limit of staged credit" }),
      }),
    ),
    /** Open receivables in the requested currency, due or not … */
    exposure: MoneyJson,
    /** … and with the requested amount. */
    exposure_after: MoneyJson,
    probation: Nullable(
      Type.Object(
        { until: IsoDate(), paid_on_time: Type.Integer({ description: 'invoices paid on time, each raising the staged limit by one step' }) },
        { description: 'staged credit: the new customer is on probation until this date' },
      ),
    ),
    reasons: Type.Array(Type.Object({ code: StringEnum(['probation', 'limit', 'overdue', 'risk'] as const), verdict: Verdict, message: Type.String() }), {
      description: 'every check made; the worst verdict decides',
    }),
    recorded: Type.Boolean({ description: 'whether the decision was written to the contact record' }),
  },
  { title: 'CreditDecision' },
);

export const StagedCreditBody = Type.Object(
  {
    enabled: Type.Boolean({ description: 'false turns staged credit off (the other fields are then ignored)' }),
    currency: Type.Optional(Type.String({ description: "ISO 4217; default: the organisation's currency" })),
    probation_days: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650, description: "days from the customer's first invoice" })),
    initial_limit: Type.Optional(DecimalString({ description: 'the limit of a new customer' })),
    step: Type.Optional(DecimalString({ description: 'added to the limit for each invoice paid on time' })),
    max_limit: Type.Optional(DecimalString({ description: 'the staged limit never exceeds it' })),
  },
  { additionalProperties: false },
);

export const StagedCreditJson = Type.Object(
  {
    staged_credit: Nullable(
      Type.Object({ currency: Type.String(), probation_days: Type.Integer(), initial_limit: Type.String(), step: Type.String(), max_limit: Type.String() }),
    ),
  },
  { title: 'StagedCreditSettings' },
);

export const ForecastQuery = Type.Object(
  { as_of: Type.Optional(IsoDate({ description: 'the forecast date; default: today in the organisation time zone' })) },
  { additionalProperties: false },
);

/** GET /forecast and `regua forecast --json`. */
export const ForecastJsonSchema = Type.Object(
  {
    as_of: IsoDate(),
    currencies: Type.Array(
      Type.Object({
        currency: Type.String(),
        open: Amount('open on as_of (invoices a plan covers give way to its instalments)'),
        expected: Amount('expected within the 13 weeks'),
        weeks: Type.Array(
          Type.Object({
            week: Type.Integer({ description: '1 to 13' }),
            from: IsoDate(),
            to: IsoDate(),
            expected: Amount("Σ open amount × probability of payment that week, from the customer's lateness"),
            low: Amount('expected − 1.645 standard deviations, at least 0'),
            high: Amount('expected + 1.645 standard deviations'),
          }),
        ),
      }),
    ),
  },
  { title: 'CashForecast' },
);

const Percent = (description: string) => Nullable(Type.Number({ description: `${description}; percent, 2 decimals` }));

/** GET /forecast/backtest and `regua forecast backtest --json`. */
export const BacktestJsonSchema = Type.Object(
  {
    as_of: IsoDate(),
    dates: Type.Array(IsoDate(), { description: 'the past dates forecasts were made on (every 4 weeks; the latest 13 weeks before as_of)' }),
    wape_percent: Percent('Σ |forecast − received| ÷ Σ received over every date, currency and week'),
    naive_wape_percent: Percent('the same for the naive forecast (every open invoice paid on its due date)'),
    improvement_percent: Percent('1 − wape ÷ naive wape'),
    currencies: Type.Array(
      Type.Object({
        currency: Type.String(),
        forecast: Amount('total forecast over the replayed weeks'),
        naive: Amount('total naive forecast'),
        received: Amount('received on the invoices open on each date, in its 13 weeks'),
        wape_percent: Percent('forecast error'),
        naive_wape_percent: Percent('naive error'),
      }),
    ),
  },
  { title: 'CashForecastBacktest' },
);
