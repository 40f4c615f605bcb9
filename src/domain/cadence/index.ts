export {
  defaultPolicy,
  validatePolicy,
  type ActionKind,
  type CadencePolicy,
  type CadenceStep,
  type Channel,
  type PartyType,
  type PolicyError,
  type StepConditions,
  type Tone,
  type ValidatePolicyResult,
} from './policy.ts';
export type { Consent, ContactChannel, ContactPoint, CustomerSnapshot, CustomerStatus, ReceivableState, StepExecution } from './snapshot.ts';
export { evaluate, type CadenceAction, type Evaluation, type Suppression, type SuppressionReason } from './evaluate.ts';
export { type ContactRules, type ContactWindow, type IsoWeekday } from './contact-window.ts';
export {
  contactCapsFor,
  contactCapsProblems,
  defaultContactCaps,
  maxCapPeriodDays,
  type ContactCaps,
  type ContactCapsByCountry,
  type RecentContact,
} from './contact-caps.ts';
// When a contact may happen is one rule, allowedAt; its parts (nextAllowedSlot, earliestAllowedByCaps) stay inside the domain.
export { allowedAt } from './send-time.ts';
export { recheckMessage, type CancelReason, type QueuedMessage, type Recheck } from './recheck.ts';
