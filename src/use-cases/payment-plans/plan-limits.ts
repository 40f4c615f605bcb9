import type { Db, Tx } from '../../db/database.ts';
import type { PlanLimits } from '../../domain/payment-plan.ts';
import { ValidationError } from '../errors.ts';
import { planLimitsRow, savePlanLimits } from '../../stores/plans.ts';

/** The business's plan limits plus how many days late an instalment may be before the plan breaks. */
export interface OrganisationPlanLimits extends PlanLimits {
  readonly toleranceDays: number;
}

/**
 * What a business gets until it sets its own: 12 instalments, at least 50.00 (minor units of
 * the plan's currency, i.e. R$ 50,00 in BRL) each, a 10 % discount for paying at once, 2 % a
 * month of interest at most, no minimum down payment, and 5 days of tolerance.
 */
const DEFAULT_PLAN_LIMITS: OrganisationPlanLimits = {
  maxInstalments: 12,
  minInstalmentMinor: 5000,
  maxDiscountBps: 1000,
  maxMonthlyInterestBps: 200,
  minDownPaymentBps: 0,
  toleranceDays: 5,
};

export async function loadPlanLimits(db: Db | Tx, organisationId: string): Promise<OrganisationPlanLimits> {
  const row = await planLimitsRow(db, organisationId);
  if (!row) return DEFAULT_PLAN_LIMITS;
  return {
    maxInstalments: row.max_instalments,
    minInstalmentMinor: row.min_instalment_minor,
    maxDiscountBps: row.max_discount_bps,
    maxMonthlyInterestBps: row.max_monthly_interest_bps,
    minDownPaymentBps: row.min_down_payment_bps,
    toleranceDays: row.tolerance_days,
  };
}

/** Replaces the organisation's limits; fields left out keep their current value. */
export async function setPlanLimits(db: Db | Tx, organisationId: string, patch: Partial<OrganisationPlanLimits>): Promise<OrganisationPlanLimits> {
  const limits = { ...(await loadPlanLimits(db, organisationId)), ...patch };
  const bounds: Record<keyof OrganisationPlanLimits, [number, number]> = {
    maxInstalments: [1, 360],
    minInstalmentMinor: [0, Number.MAX_SAFE_INTEGER],
    maxDiscountBps: [0, 10_000],
    maxMonthlyInterestBps: [0, 10_000],
    minDownPaymentBps: [0, 10_000],
    toleranceDays: [0, 365],
  };
  const errors = Object.entries(bounds).flatMap(([field, [min, max]]) => {
    const value = limits[field as keyof OrganisationPlanLimits];
    return Number.isSafeInteger(value) && value >= min && value <= max ? [] : [{ field, reason: `must be a whole number from ${min} to ${max}` }];
  });
  if (errors.length > 0) throw new ValidationError(errors);
  const row = {
    max_instalments: limits.maxInstalments,
    min_instalment_minor: limits.minInstalmentMinor,
    max_discount_bps: limits.maxDiscountBps,
    max_monthly_interest_bps: limits.maxMonthlyInterestBps,
    min_down_payment_bps: limits.minDownPaymentBps,
    tolerance_days: limits.toleranceDays,
  };
  await savePlanLimits(db, organisationId, row);
  return limits;
}
