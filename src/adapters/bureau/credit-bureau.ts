/**
 * A credit bureau (Serasa, SPC, Boa Vista …) behind one small interface: the escalation use
 * cases never speak a vendor's protocol. `list` must be idempotent on `reference` (a retry
 * after a lost answer returns the same protocol); `remove` must accept a removal repeated.
 */
export interface CreditBureau {
  list(input: BureauListingInput): Promise<{ protocol: string }>;
  remove(protocol: string, reason: BureauRemovalReason): Promise<void>;
}

export type BureauRemovalReason = 'paid' | 'expired' | 'cancelled';

export interface BureauListingInput {
  /** Our listing id: the idempotency key of the request. */
  reference: string;
  creditor: { name: string; legalName: string | null; taxId: string | null };
  debtor: { name: string; taxId: string | null; taxIdKind: string | null; partyType: string; address: string | null; state: string | null };
  /** Decimal with a point, e.g. "1234.56". */
  amount: string;
  currency: string;
  oldestDueDate: string;
  /** The bureau must drop the record by this date on its own too (CDC art. 43 §1). */
  expiresOn: string;
  receivables: { number: string; dueDate: string; amount: string }[];
  notice: { channel: string; sentAt: string; deliveredAt: string };
}

/** The bureau refused the request (4xx): retrying the same request will not help. */
export class BureauRejectedError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'BureauRejectedError';
  }
}

/** The bureau could not be reached or failed (network, timeout, 5xx, 429): retry later. */
export class BureauUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BureauUnavailableError';
  }
}
