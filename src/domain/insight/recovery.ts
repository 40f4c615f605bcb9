import { addDays, type IsoDate } from '../dates.ts';

/**
 * Recovery by cadence step and by template: of the amount a message chased, how much was paid
 * within 7, 14 and 30 days after it (plain data in; no I/O, no clock).
 *
 * - A message chases the invoices it names; the amount at the step is what was still open on
 *   them at the start of the day it was sent (allocations before that day, not reversed by asOf).
 * - A payment (allocation) on an invoice is credited to the last message sent on that invoice on
 *   or before the payment's day: a message covers the days from its send day until the day
 *   before the next message on the same invoice. Two steps, then a payment: the second step
 *   gets the credit.
 * - A window counts only once it has run its course by asOf (sent on + days ≤ asOf), so a
 *   recent message never shows as "not paid" just because its days have not passed yet.
 * - Only messages sent in [from, to] are reported; later ones still take credit from them.
 */
export interface RecoveryTouch {
  readonly messageId: string;
  readonly step: string;
  readonly template: string;
  readonly invoiceId: string;
  readonly sentOn: IsoDate;
}

export interface RecoveryInvoice {
  readonly id: string;
  readonly currency: string;
  readonly amountMinor: number;
}

export interface RecoveryAllocation {
  readonly invoiceId: string;
  readonly amountMinor: number;
  readonly allocatedOn: IsoDate;
  readonly reversedOn: IsoDate | null;
}

export interface RecoveryWindow {
  readonly days: number;
  /** Touches whose window has run its course by asOf … */
  readonly touches: number;
  /** … the amount they chased … */
  readonly chasedMinor: number;
  /** … paid within the window, credited to this step or template … */
  readonly paidMinor: number;
  /** … by how many invoices … */
  readonly invoicesPaid: number;
  /** … paidMinor ÷ chasedMinor, null when nothing was chased. */
  readonly share: number | null;
}

export interface RecoveryLine {
  readonly currency: string;
  /** The step ("policy/step") or the template. */
  readonly key: string;
  readonly messages: number;
  /** Invoices chased (a message chasing three invoices counts three). */
  readonly invoices: number;
  readonly chasedMinor: number;
  readonly windows: readonly RecoveryWindow[];
}

export interface Recovery {
  readonly byStep: readonly RecoveryLine[];
  readonly byTemplate: readonly RecoveryLine[];
}

export const recoveryWindows = [7, 14, 30] as const;

export function recovery(
  touches: readonly RecoveryTouch[],
  invoices: readonly RecoveryInvoice[],
  allocations: readonly RecoveryAllocation[],
  period: { readonly from: IsoDate; readonly to: IsoDate; readonly asOf: IsoDate },
): Recovery {
  const invoiceById = new Map(invoices.map((i) => [i.id, i]));
  const paymentsOf = new Map<string, RecoveryAllocation[]>();
  for (const a of allocations) {
    if (a.allocatedOn > period.asOf || (a.reversedOn !== null && a.reversedOn <= period.asOf)) continue;
    paymentsOf.set(a.invoiceId, [...(paymentsOf.get(a.invoiceId) ?? []), a]);
  }
  const touchesOf = new Map<string, RecoveryTouch[]>();
  for (const t of touches) if (t.sentOn <= period.asOf) touchesOf.set(t.invoiceId, [...(touchesOf.get(t.invoiceId) ?? []), t]);

  type Figures = {
    messages: Set<string>;
    invoices: number;
    chased: number;
    windows: { touches: number; chased: number; paid: number; invoicesPaid: number }[];
  };
  const lines = { step: new Map<string, Figures>(), template: new Map<string, Figures>() };
  const figuresOf = (kind: 'step' | 'template', currency: string, key: string): Figures => {
    const id = `${currency}\u0000${key}`;
    let figures = lines[kind].get(id);
    if (!figures)
      lines[kind].set(
        id,
        (figures = { messages: new Set(), invoices: 0, chased: 0, windows: recoveryWindows.map(() => ({ touches: 0, chased: 0, paid: 0, invoicesPaid: 0 })) }),
      );
    return figures;
  };

  for (const [invoiceId, list] of touchesOf) {
    const invoice = invoiceById.get(invoiceId);
    if (!invoice) continue;
    const sorted = [...list].sort((a, b) => (a.sentOn < b.sentOn ? -1 : a.sentOn > b.sentOn ? 1 : 0));
    const payments = paymentsOf.get(invoiceId) ?? [];
    sorted.forEach((touch, index) => {
      if (touch.sentOn < period.from || touch.sentOn > period.to) return;
      const before = payments.filter((p) => p.allocatedOn < touch.sentOn).reduce((sum, p) => sum + p.amountMinor, 0);
      const chased = Math.max(0, invoice.amountMinor - before);
      // The next message on this invoice sent on a later day takes over from that day.
      const next = sorted.slice(index + 1).find((t) => t.sentOn > touch.sentOn)?.sentOn ?? null;
      // Two messages the same day on the same invoice: the last one listed takes the credit.
      const sameDayLater = sorted.slice(index + 1).some((t) => t.sentOn === touch.sentOn);
      for (const kind of ['step', 'template'] as const) {
        const figures = figuresOf(kind, invoice.currency, kind === 'step' ? touch.step : touch.template);
        figures.messages.add(touch.messageId);
        figures.invoices++;
        figures.chased += chased;
        recoveryWindows.forEach((days, w) => {
          const end = addDays(touch.sentOn, days);
          if (end > period.asOf) return;
          const last = next !== null && addDays(next, -1) < end ? addDays(next, -1) : end;
          const paid = sameDayLater
            ? 0
            : Math.min(
                chased,
                payments.filter((p) => p.allocatedOn >= touch.sentOn && p.allocatedOn <= last).reduce((sum, p) => sum + p.amountMinor, 0),
              );
          const window = figures.windows[w]!;
          window.touches++;
          window.chased += chased;
          window.paid += paid;
          if (paid > 0) window.invoicesPaid++;
        });
      }
    });
  }

  const toLines = (kind: 'step' | 'template'): RecoveryLine[] =>
    [...lines[kind].entries()]
      .map(([id, f]) => {
        const [currency = '', key = ''] = id.split('\u0000');
        return {
          currency,
          key,
          messages: f.messages.size,
          invoices: f.invoices,
          chasedMinor: f.chased,
          windows: f.windows.map((w, i) => ({
            days: recoveryWindows[i]!,
            touches: w.touches,
            chasedMinor: w.chased,
            paidMinor: w.paid,
            invoicesPaid: w.invoicesPaid,
            share: w.chased === 0 ? null : w.paid / w.chased,
          })),
        };
      })
      .sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { byStep: toLines('step'), byTemplate: toLines('template') };
}
