import { addDays, type IsoDate } from '../dates.ts';
import { paymentBehaviour, type BehaviourHistory, type PaymentBehaviour } from './behaviour.ts';
import type { ReasonLanguage } from './risk/reasons.ts';

/**
 * Good-payer tiers from punctuality over a window (the last 365 days), with demotion on
 * delinquency. Pure: the history and the date are passed in.
 *
 * - Watch: delinquent now — something more than 30 days overdue, a promise or a payment plan
 *   broken in the window, or at least a quarter of the invoices paid in the window more than
 *   30 days late.
 * - Gold: at least 6 invoices paid in the window, at least 95 % of them within 3 days of the due
 *   date, nothing more than 3 days overdue now.
 * - Silver: at least 3 paid in the window, at least 80 % within 3 days, nothing more than 15
 *   days overdue now.
 * - Standard: everyone else (a new customer starts here).
 */
export const tiers = ['gold', 'silver', 'standard', 'watch'] as const;
export type Tier = (typeof tiers)[number];

export type TierReason =
  | 'overdue_over_30'
  | 'promise_broken'
  | 'plan_broken'
  | 'paid_over_30_late'
  | 'punctual'
  | 'mostly_punctual'
  | 'short_history'
  | 'late_payments'
  | 'overdue_now';

export interface TierDecision {
  readonly tier: Tier;
  readonly reason: TierReason;
}

const windowDays = 365;
const onTimeGraceDays = 3;

export function tierOf(history: BehaviourHistory, asOf: IsoDate): TierDecision {
  const from = addDays(asOf, -windowDays + 1);
  const now = paymentBehaviour(history, asOf);
  const windowed = paymentBehaviour({ ...history, invoices: history.invoices.filter((i) => i.dueDate >= from) }, asOf);
  return decideTier(now, windowed, {
    promisesBroken: history.promises.filter((p) => p.status === 'broken' && p.deadline >= from && p.deadline < asOf).length,
    plansBroken: history.plans.filter((p) => p.status === 'broken' && p.closedOn !== null && p.closedOn >= from && p.closedOn <= asOf).length,
  });
}

function decideTier(now: PaymentBehaviour, windowed: PaymentBehaviour, broken: { promisesBroken: number; plansBroken: number }): TierDecision {
  const oldestOverdue = Math.max(0, ...now.overdue.map((o) => o.oldestDaysOverdue));
  if (oldestOverdue > 30) return { tier: 'watch', reason: 'overdue_over_30' };
  if (broken.promisesBroken > 0) return { tier: 'watch', reason: 'promise_broken' };
  if (broken.plansBroken > 0) return { tier: 'watch', reason: 'plan_broken' };
  const paid = windowed.invoicesPaid;
  if (paid > 0 && windowed.paidOver30DaysLate / paid >= 0.25) return { tier: 'watch', reason: 'paid_over_30_late' };
  const onTime = paid - windowed.recentDaysLate.filter((d) => d > onTimeGraceDays).length;
  if (paid >= 6 && onTime / paid >= 0.95 && oldestOverdue <= onTimeGraceDays) return { tier: 'gold', reason: 'punctual' };
  if (paid >= 3 && onTime / paid >= 0.8 && oldestOverdue <= 15) return { tier: 'silver', reason: 'mostly_punctual' };
  if (paid < 3) return { tier: 'standard', reason: 'short_history' };
  return { tier: 'standard', reason: oldestOverdue > 15 ? 'overdue_now' : 'late_payments' };
}

const tierNames: Record<Tier, Record<ReasonLanguage, string>> = {
  gold: { 'pt-BR': 'Ouro', es: 'Oro', en: 'Gold' },
  silver: { 'pt-BR': 'Prata', es: 'Plata', en: 'Silver' },
  standard: { 'pt-BR': 'Padrão', es: 'Estándar', en: 'Standard' },
  watch: { 'pt-BR': 'Observação', es: 'Vigilancia', en: 'Watch' },
};

const reasonTexts: Record<TierReason, Record<ReasonLanguage, string>> = {
  overdue_over_30: { 'pt-BR': 'fatura vencida há mais de 30 dias', es: 'factura vencida hace más de 30 días', en: 'an invoice more than 30 days overdue' },
  promise_broken: { 'pt-BR': 'promessa de pagamento não cumprida', es: 'promesa de pago incumplida', en: 'a broken promise to pay' },
  plan_broken: { 'pt-BR': 'parcelamento rompido', es: 'plan de pago incumplido', en: 'a broken payment plan' },
  paid_over_30_late: {
    'pt-BR': 'um quarto ou mais das faturas pagas com mais de 30 dias de atraso',
    es: 'una cuarta parte o más de las facturas pagadas con más de 30 días de retraso',
    en: 'a quarter or more of the invoices paid > 30 days late',
  },
  punctual: {
    'pt-BR': 'pagou em dia 95 % das faturas no último ano',
    es: 'pagó a tiempo el 95 % de las facturas del último año',
    en: '95 % of the last year’s invoices paid on time',
  },
  mostly_punctual: {
    'pt-BR': 'pagou em dia 80 % das faturas no último ano',
    es: 'pagó a tiempo el 80 % de las facturas del último año',
    en: '80 % of the last year’s invoices paid on time',
  },
  short_history: { 'pt-BR': 'histórico de pagamentos curto', es: 'historial de pagos corto', en: 'a short payment history' },
  late_payments: { 'pt-BR': 'pagamentos com atraso', es: 'pagos con retraso', en: 'payments made late' },
  overdue_now: { 'pt-BR': 'fatura vencida há mais de 15 dias', es: 'factura vencida hace más de 15 días', en: 'an invoice more than 15 days overdue' },
};

export function tierName(tier: Tier, language: ReasonLanguage): string {
  return tierNames[tier][language];
}

export function tierReasonText(reason: TierReason, language: ReasonLanguage): string {
  return reasonTexts[reason][language];
}

export function isTier(value: string | null): value is Tier {
  return (tiers as readonly (string | null)[]).includes(value);
}

export function isTierReason(value: string | null): value is TierReason {
  return value !== null && value in reasonTexts;
}
