/**
 * Dated history of invoices (table invoice_adjustments): see stores/invoices.ts, where it is
 * written. Re-exported here for the use cases that record credits (disputes).
 */
export { recordCredit, type AdjustmentMeta } from '../stores/invoices.ts';
