import { allocateOldestFirst, type OpenReceivable } from '../domain/allocation.ts';
import { fromDayNumber, isoWeekday, toDayNumber, type IsoDate } from '../domain/dates.ts';
import { formatAmount } from '../domain/money.ts';
import type { DemoCustomer } from './customer.ts';
import { locales, type PaymentMethod, type Segment } from './locales.ts';
import { createRandom, mixSeed, type Random } from './random.ts';
import type { Archetype, InvoiceRow, PaymentRow } from './rows.ts';

/**
 * A customer's year of invoices and payments, following its archetype: when each invoice is
 * paid (early, on the due date, late, in parts, never). Nothing is dated after asOf: a
 * payment that would come later simply has not happened yet, which leaves invoices open.
 */
export interface CustomerHistory {
  readonly invoices: InvoiceRow[];
  /** In date order: allocating them in this order gives what the generator intended. */
  readonly payments: PaymentRow[];
}

/** Running numbers for invoice and payment ids, shared by all customers of a portfolio. */
export interface IdCounters {
  invoice: number;
  payment: number;
}

interface Behaviour {
  readonly onTime: number;
  readonly never: number;
  /** Days late: at least lateMin, then exponential with this mean. */
  readonly lateMin: number;
  readonly lateMean: number;
  /** Paid in two or three parts, in full in the end. */
  readonly split: number;
  /** One partial payment, the rest never. */
  readonly short: number;
}

const behaviours: Readonly<Record<Archetype, Behaviour>> = {
  punctual: { onTime: 0.93, never: 0, lateMin: 1, lateMean: 3, split: 0.02, short: 0 },
  slightly_late: { onTime: 0.6, never: 0.015, lateMin: 1, lateMean: 9, split: 0.06, short: 0.02 },
  chronic_late: { onTime: 0.12, never: 0.1, lateMin: 10, lateMean: 35, split: 0.15, short: 0.08 },
  // Before they stop paying, defaulters behave like chronic late payers.
  defaulted: { onTime: 0.15, never: 0.05, lateMin: 5, lateMean: 30, split: 0.15, short: 0.05 },
};

/** Share of payments whose payer named no invoice (they go oldest first). */
const unreferencedShare = 0.15;

interface PlannedPayment {
  readonly invoice: number;
  /** Day number (days since 1970-01-01). */
  readonly day: number;
  readonly minor: number;
  readonly method: PaymentMethod;
}

function invoiceExternalId(n: number): string {
  return `INV-${String(n).padStart(7, '0')}`;
}

function paymentExternalId(n: number): string {
  return `PAY-${String(n).padStart(7, '0')}`;
}

export function generateHistory(customer: DemoCustomer, invoiceCount: number, asOf: IsoDate, ids: IdCounters): CustomerHistory {
  const random = createRandom(mixSeed(customer.seed, customer.index, 2));
  const { profile } = customer;
  const currency = profile.currency;
  const behaviour = behaviours[customer.archetype];

  // Dates are day numbers here, turned into text once each (a million invoices make this count).
  const since = toDayNumber(customer.since);
  const asOfDay = toDayNumber(asOf);
  // Issue dates spread evenly over the window with some jitter, so they come out sorted; a
  // fixed monthly fee keeps the same offset in each slot (billed on about the same day).
  const span = toDayNumber(customer.until) - since + 1;
  const fixedOffset = random.next();
  const invoices: InvoiceRow[] = [];
  const issueDays: number[] = [];
  const amounts: number[] = [];
  for (let k = 0; k < invoiceCount; k++) {
    const offset = customer.fixedFeeMinor === null ? random.next() : fixedOffset;
    const issueDay = since + Math.floor(((k + offset) * span) / invoiceCount);
    const issue = day(issueDay).iso;
    issueDays.push(issueDay);
    const minor = customer.fixedFeeMinor ?? Math.max(100, Math.round(random.logNormal(customer.medianInvoiceMinor, customer.amountSigma)));
    amounts.push(minor);
    ids.invoice += 1;
    invoices.push({
      external_id: invoiceExternalId(ids.invoice),
      customer_external_id: customer.row.external_id,
      issue_date: issue,
      due_date: day(issueDay + customer.termsDays).iso,
      amount: formatAmount(minor, currency),
      currency,
      description: describe(random, profile.language, profile.segment, issue),
    });
  }

  const defaultedDay = customer.defaultedOn === null ? null : toDayNumber(customer.defaultedOn);
  const planned: PlannedPayment[] = [];
  issueDays.forEach((issueDay, i) => {
    for (const part of planInvoice(random, customer, behaviour, defaultedDay, issueDay, amounts[i] ?? 0)) {
      const method = random.weighted(locales[profile.country].paymentMethods);
      const paid = settlementDay(part.day, method);
      if (paid <= asOfDay) planned.push({ invoice: i, day: paid, minor: part.minor, method });
    }
  });
  // Stable sort: same-day payments keep invoice order.
  planned.sort((a, b) => a.day - b.day);

  const open = [...amounts];
  const payments: PaymentRow[] = [];
  for (const payment of planned) {
    const invoice = invoices[payment.invoice]!;
    // Leave the invoice out only when oldest-first would put the money exactly where the payer meant it.
    const unreferenced = random.chance(unreferencedShare) && oldestFirstHits(payment, invoices, open);
    open[payment.invoice] = (open[payment.invoice] ?? 0) - payment.minor;
    ids.payment += 1;
    const date = day(payment.day).iso;
    payments.push({
      external_id: paymentExternalId(ids.payment),
      customer_external_id: customer.row.external_id,
      invoice_external_id: unreferenced ? '' : invoice.external_id,
      date,
      amount: formatAmount(payment.minor, currency),
      currency,
      method: payment.method,
      reference: paymentReference(random, payment.method, profile.country, date),
    });
  }
  return { invoices, payments };
}

/** The payments an invoice gets, before cutting at asOf: day numbers and amounts. */
function planInvoice(
  random: Random,
  customer: DemoCustomer,
  behaviour: Behaviour,
  defaultedDay: number | null,
  issue: number,
  amount: number,
): { day: number; minor: number }[] {
  const terms = customer.termsDays;
  const due = issue + terms;
  if (defaultedDay !== null && due >= defaultedDay - 30) {
    // Stopped paying: now and then a token payment before going silent.
    if (random.chance(0.25)) {
      const paid = due + random.int(1, 20);
      if (paid < defaultedDay) return [{ day: paid, minor: part(random, amount, 0.2, 0.5) }];
    }
    return [];
  }
  if (random.chance(behaviour.never)) return [];

  let paid: number;
  if (random.chance(behaviour.onTime)) {
    // Most pay in the last days before the due date; some as soon as the invoice arrives.
    const early = random.chance(0.65) ? random.int(0, 2) : random.int(0, terms);
    paid = due - Math.min(early, terms);
  } else {
    paid = due + behaviour.lateMin + random.exponentialDays(behaviour.lateMean);
  }

  const shape = random.next();
  if (shape < behaviour.short) return [{ day: paid, minor: part(random, amount, 0.2, 0.6) }];
  if (shape < behaviour.short + behaviour.split && amount >= 200) {
    const first = part(random, amount, 0.3, 0.7);
    const parts = [{ day: paid, minor: first }];
    let left = amount - first;
    let next = paid;
    if (random.chance(0.3) && left >= 200) {
      const second = part(random, left, 0.4, 0.6);
      next += random.int(7, 30);
      parts.push({ day: next, minor: second });
      left -= second;
    }
    parts.push({ day: next + random.int(7, 30), minor: left });
    return parts;
  }
  return [{ day: paid, minor: amount }];
}

/** A share of an amount between `low` and `high`, whole units when the amount allows, never all of it. */
function part(random: Random, amount: number, low: number, high: number): number {
  const raw = Math.floor(amount * (low + random.next() * (high - low)));
  const rounded = raw >= 10_000 ? raw - (raw % 100) : raw;
  return Math.min(amount - 1, Math.max(1, rounded));
}

/** Bank transfers and boletos settle on business days: a weekend payment lands on Monday. */
function settlementDay(paid: number, method: PaymentMethod): number {
  if (method !== 'transfer' && method !== 'boleto') return paid;
  const weekday = day(paid).weekday;
  return weekday === 6 ? paid + 2 : weekday === 7 ? paid + 1 : paid;
}

// A portfolio spans a few hundred distinct days: convert each once.
const days = new Map<number, { iso: IsoDate; weekday: number }>();

function day(n: number): { iso: IsoDate; weekday: number } {
  let entry = days.get(n);
  if (entry === undefined) {
    const iso = fromDayNumber(n);
    entry = { iso, weekday: isoWeekday(iso) };
    days.set(n, entry);
  }
  return entry;
}

function oldestFirstHits(payment: PlannedPayment, invoices: readonly InvoiceRow[], open: readonly number[]): boolean {
  const receivables: OpenReceivable[] = [];
  invoices.forEach((invoice, i) => {
    const openMinor = open[i] ?? 0;
    if (openMinor > 0) receivables.push({ id: invoice.external_id, dueDate: invoice.due_date, issueDate: invoice.issue_date, openMinor });
  });
  const plan = allocateOldestFirst(payment.minor, receivables);
  const [only, ...others] = plan.allocations;
  return only !== undefined && others.length === 0 && only.receivableId === invoices[payment.invoice]?.external_id && only.amountMinor === payment.minor;
}

// ------------------------------------------------------------------ descriptions and references

const descriptions: Readonly<Record<string, Readonly<Record<Segment, readonly string[]>>>> = {
  'pt-BR': {
    retail: ['Venda de mercadorias – pedido {order}', 'Fornecimento de produtos, pedido {order}', 'Compra a prazo – {month}'],
    wholesale: ['Pedido {order} – fornecimento de mercadorias', 'Venda no atacado, pedido {order}', 'Reposição de estoque – pedido {order}'],
    services: ['Prestação de serviços – {month}', 'Mensalidade de {month}', 'Serviços de manutenção, {month}'],
    industry: ['Fornecimento de insumos – pedido {order}', 'Peças sob encomenda, OC {order}', 'Lote de produção {order}'],
  },
  es: {
    retail: ['Venta de mercancía, pedido {order}', 'Suministro de productos – pedido {order}', 'Compra a crédito – {month}'],
    wholesale: ['Pedido {order}: suministro de mercancía', 'Venta al por mayor, pedido {order}', 'Reposición de inventario – pedido {order}'],
    services: ['Servicios profesionales – {month}', 'Cuota mensual de {month}', 'Servicio de mantenimiento, {month}'],
    industry: ['Suministro de materia prima – pedido {order}', 'Piezas bajo pedido, OC {order}', 'Lote de producción {order}'],
  },
  en: {
    retail: ['Merchandise, order {order}', 'Store supplies – order {order}', 'Credit purchase, {month}'],
    wholesale: ['Order {order}: wholesale goods', 'Restock, PO {order}', 'Bulk supply – order {order}'],
    services: ['Professional services – {month}', 'Monthly service fee, {month}', 'Maintenance contract – {month}'],
    industry: ['Raw materials, PO {order}', 'Machined parts – PO {order}', 'Production lot {order}'],
  },
};

// Intl formatting is slow next to the rest; a benchmark run asks for the same few months a million times.
const monthNames = new Map<string, string>();

function monthName(language: string, date: IsoDate): string {
  const key = `${language}|${date.slice(0, 7)}`;
  let name = monthNames.get(key);
  if (name === undefined) {
    const text = new Intl.DateTimeFormat(language, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${date.slice(0, 7)}-15T12:00:00Z`));
    name = text.replace(/^de /, '');
    monthNames.set(key, name);
  }
  return name;
}

function describe(random: Random, language: string, segment: Segment, issue: IsoDate): string {
  const template = random.pick((descriptions[language] ?? descriptions.en!)[segment]);
  return template.replace('{order}', String(random.int(1_000, 99_999))).replace('{month}', monthName(language, issue));
}

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const alnumLower = '0123456789abcdefghijklmnopqrstuvwxyz';
// ISPB of a few large Brazilian payment institutions (Banco do Brasil, Itaú, Caixa, Bradesco, Santander, Nubank).
const ISPBS = ['00000000', '60701190', '00360305', '60746948', '90400888', '18236120'];

/** What the bank statement shows for the payment: a Pix end-to-end id, a nosso número, a transfer trace, a card charge. */
function paymentReference(random: Random, method: PaymentMethod, country: string, date: IsoDate): string {
  switch (method) {
    case 'pix': {
      const time = String(random.int(7, 21)).padStart(2, '0') + String(random.int(0, 59)).padStart(2, '0');
      return `E${random.pick(ISPBS)}${date.replaceAll('-', '')}${time}${random.string(11, ALNUM)}`;
    }
    case 'boleto':
      return random.string(11, DIGITS);
    case 'card':
      return `ch_${random.string(24, alnumLower)}`;
    case 'transfer':
      switch (country) {
        case 'MX':
          return `SPEI ${random.string(7, ALNUM)}${random.string(15, DIGITS)}`;
        case 'US':
          return `ACH ${random.string(15, DIGITS)}`;
        case 'ES':
          return `TRF ${random.string(4, DIGITS)} ${random.string(10, DIGITS)}`;
        default:
          return `TED ${random.string(8, DIGITS)}`;
      }
  }
}
