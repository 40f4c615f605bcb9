import type { PaymentBehaviour } from '../behaviour.ts';
import { featureNames, featuresOf, type FeatureName } from './features.ts';
import { contributions, type LogisticModel } from './logistic.ts';

export type ReasonLanguage = 'pt-BR' | 'es' | 'en';

/** A reason in words from the behaviour it rests on, per language. */
const phrases: Record<FeatureName, Record<ReasonLanguage, (b: PaymentBehaviour) => string>> = {
  share_paid_late: {
    'pt-BR': (b) => `${b.paidLate} de ${b.invoicesPaid} faturas pagas com atraso`,
    es: (b) => `${b.paidLate} de ${b.invoicesPaid} facturas pagadas con retraso`,
    en: (b) => `${b.paidLate} of ${b.invoicesPaid} invoices paid late`,
  },
  share_paid_over_30_late: {
    'pt-BR': (b) => `${b.paidOver30DaysLate} de ${b.invoicesPaid} faturas pagas com mais de 30 dias de atraso`,
    es: (b) => `${b.paidOver30DaysLate} de ${b.invoicesPaid} facturas pagadas con más de 30 días de retraso`,
    en: (b) => `${b.paidOver30DaysLate} of ${b.invoicesPaid} invoices paid > 30 days late`,
  },
  late_over_30_last_5: {
    'pt-BR': (b) => `${lastFiveOver30(b)} das últimas ${lastFive(b)} faturas pagas com mais de 30 dias de atraso`,
    es: (b) => `${lastFiveOver30(b)} de las últimas ${lastFive(b)} facturas pagadas con más de 30 días de retraso`,
    en: (b) => `${lastFiveOver30(b)} of the last ${lastFive(b)} invoices paid > 30 days late`,
  },
  average_days_late: {
    'pt-BR': (b) => `atraso médio de ${days(b.averageDaysLate)} dias`,
    es: (b) => `retraso medio de ${days(b.averageDaysLate)} días`,
    en: (b) => `${days(b.averageDaysLate)} days late on average`,
  },
  trend_days: {
    'pt-BR': (b) => `atrasos recentes de ${days(b.trend.recentAverageDaysLate)} dias, antes ${days(b.trend.earlierAverageDaysLate)}`,
    es: (b) => `retrasos recientes de ${days(b.trend.recentAverageDaysLate)} días, antes ${days(b.trend.earlierAverageDaysLate)}`,
    en: (b) => `recently ${days(b.trend.recentAverageDaysLate)} days late, ${days(b.trend.earlierAverageDaysLate)} before`,
  },
  promises_broken: {
    'pt-BR': (b) => `${b.promises.broken} promessa(s) de pagamento não cumprida(s)`,
    es: (b) => `${b.promises.broken} promesa(s) de pago incumplida(s)`,
    en: (b) => `${b.promises.broken} broken promise(s)`,
  },
  plans_broken: {
    'pt-BR': (b) => `${b.plansBroken} parcelamento(s) rompido(s)`,
    es: (b) => `${b.plansBroken} plan(es) de pago incumplido(s)`,
    en: (b) => `${b.plansBroken} broken payment plan(s)`,
  },
  disputes: {
    'pt-BR': (b) => `${b.disputes} contestação(ões) de fatura`,
    es: (b) => `${b.disputes} disputa(s) de factura`,
    en: (b) => `${b.disputes} invoice dispute(s)`,
  },
  oldest_days_overdue: {
    'pt-BR': (b) => `fatura vencida há ${oldest(b)} dias`,
    es: (b) => `factura vencida hace ${oldest(b)} días`,
    en: (b) => `an invoice ${oldest(b)} days overdue`,
  },
  invoices_paid: {
    'pt-BR': (b) => `histórico curto: ${b.invoicesPaid} fatura(s) paga(s)`,
    es: (b) => `historial corto: ${b.invoicesPaid} factura(s) pagada(s)`,
    en: (b) => `short history: ${b.invoicesPaid} invoice(s) paid`,
  },
};

/** The features that push this score up the most (positive contributions only), in words. */
export function topReasons(model: LogisticModel, behaviour: PaymentBehaviour, language: ReasonLanguage, count = 3): string[] {
  return contributions(model, featuresOf(behaviour))
    .map((contribution, index) => ({ contribution, name: featureNames[index]! }))
    .filter((c) => c.contribution > 0.05)
    .sort((a, b) => b.contribution - a.contribution)
    .slice(0, count)
    .map((c) => phrases[c.name][language](behaviour));
}

/** The terms of the rule-based score that apply to this behaviour (features.ts ruleBasedProbability), in words. */
export function ruleReasons(behaviour: PaymentBehaviour, language: ReasonLanguage): string[] {
  const applying: FeatureName[] = [];
  if (behaviour.paidOver30DaysLate > 0) applying.push('share_paid_over_30_late');
  if (behaviour.overdue.some((o) => o.oldestDaysOverdue > 30)) applying.push('oldest_days_overdue');
  if (behaviour.plansBroken > 0) applying.push('plans_broken');
  if (behaviour.promises.broken > 0) applying.push('promises_broken');
  return applying.slice(0, 3).map((name) => phrases[name][language](behaviour));
}

const lastFive = (b: PaymentBehaviour) => b.recentDaysLate.slice(-5).length;
const lastFiveOver30 = (b: PaymentBehaviour) => b.recentDaysLate.slice(-5).filter((d) => d > 30).length;
const days = (value: number | null) => Math.round(value ?? 0);
const oldest = (b: PaymentBehaviour) => Math.max(0, ...b.overdue.map((o) => o.oldestDaysOverdue));
