/**
 * The immutable picture of one customer that the cadence decides on. The run loads it from
 * the database; `evaluate` reads nothing else.
 */
import type { IsoDate } from '../dates.ts';
import type { EscalationStep } from '../jurisdiction.ts';
import type { PartyType } from './policy.ts';

export type CustomerStatus = 'active' | 'paused' | 'with_agency' | 'in_court' | 'bankrupt' | 'closed';
export type Consent = 'granted' | 'unknown' | 'opted_out';
export type ContactChannel = 'email' | 'phone' | 'whatsapp';

export interface ContactPoint {
  id: string;
  /** 'phone' serves both SMS and call tasks. */
  channel: ContactChannel;
  address: string;
  consent: Consent;
  language: string;
  /** IANA time zone of the person, e.g. 'America/Sao_Paulo'. */
  timezone: string;
}

/** An invoice or an instalment: the unit the cadence keeps state for. */
export interface ReceivableState {
  id: string;
  currency: string;
  dueDate: IsoDate;
  /** Open amount in minor units, after every allocated payment. */
  openMinor: number;
  disputed: boolean;
  /** Promise date plus grace; the cadence is suppressed while asOf ≤ this date. */
  promisedUntil: IsoDate | null;
  inPlanGoodStanding: boolean;
}

export interface StepExecution {
  receivableId: string;
  stepId: string;
  on: IsoDate;
  outcome: 'sent' | 'skipped';
}

export interface CustomerSnapshot {
  customerId: string;
  /** ISO 3166-1 alpha-2 code of the debtor's jurisdiction. */
  country: string;
  segment: string | null;
  tier: string | null;
  riskBand: string | null;
  partyType: PartyType;
  status: CustomerStatus;
  /** Last day of a pause, inclusive; null with status 'paused' means paused until lifted. */
  pausedUntil: IsoDate | null;
  contacts: ContactPoint[];
  receivables: ReceivableState[];
  /** Payments received but not yet allocated, per currency. */
  unallocatedCreditMinor: Record<string, number>;
  /** Open amounts at or below this are not chased, per currency (missing = 0). */
  toleranceMinor: Record<string, number>;
  /** Every step already recorded for this customer's receivables. */
  history: StepExecution[];
  /** Escalation steps configured for the debtor's country (policy.ts escalationOf); absent = all. */
  escalations?: readonly EscalationStep[];
}
