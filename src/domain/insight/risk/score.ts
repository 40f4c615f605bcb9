import type { PaymentBehaviour } from '../behaviour.ts';
import { featuresOf, ruleBasedProbability } from './features.ts';
import { predict, type LogisticModel } from './logistic.ts';
import { ruleReasons, topReasons, type ReasonLanguage } from './reasons.ts';

export const riskBands = ['low', 'medium', 'high'] as const;
export type RiskBand = (typeof riskBands)[number];

const reasonLanguages: readonly ReasonLanguage[] = ['pt-BR', 'es', 'en'];

/** Bands of the probability of paying more than 30 days late: low below 15 %, high from 35 %. */
function riskBandOf(probability: number): RiskBand {
  return probability < 0.15 ? 'low' : probability < 0.35 ? 'medium' : 'high';
}

export interface RiskScore {
  readonly probability: number;
  readonly band: RiskBand;
  /** The top reasons in each language. */
  readonly reasons: Record<ReasonLanguage, string[]>;
}

/** A customer's score: the trained model's when there is one, otherwise the rule-based score. */
export function scoreBehaviour(model: LogisticModel | null, behaviour: PaymentBehaviour): RiskScore {
  const probability = model ? predict(model, featuresOf(behaviour)) : ruleBasedProbability(behaviour);
  const reasonsIn = (language: ReasonLanguage) => (model ? topReasons(model, behaviour, language) : ruleReasons(behaviour, language));
  return {
    probability,
    band: riskBandOf(probability),
    reasons: Object.fromEntries(reasonLanguages.map((language) => [language, reasonsIn(language)])) as Record<ReasonLanguage, string[]>,
  };
}
