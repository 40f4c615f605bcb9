/**
 * Automatic matching of bank statement lines to open invoices. Pure: the caller loads the
 * open items (one organisation, one currency) and applies the results.
 *
 * Rules, tried in this order for each line that brought money in:
 *   1. pix_txid               the line's Pix txid is an open item's txid, or that of a
 *                             payment request (a reminder) with open items            1.0
 *   2. nosso_numero           the line's nosso número is an open item's or a
 *                             payment request's, issued under the statement's bank
 *                             (a nosso número is unique only within one bank)         1.0
 *   3. invoice_number_in_memo an open item's invoice number is a whole token of the
 *                             memo, document number or reference                     0.9
 *   4. amount_and_customer    exact amount, payer tax id = the customer's            0.85
 *      request_amount         the amount a reminder asked for (open amount plus late
 *                             charges on its send date), payer tax id = its customer's 0.85;
 *                             without a payer tax id, a lone such reminder            0.6
 *      amount_and_customer    within the configured tolerance of an open item, payer
 *                             tax id = the customer's (a bank fee, a rounding)        0.6
 *   5. amount_and_customer    exact amount, unique among the open items of a customer
 *                             whose name matches the payer's name fuzzily            0.7
 *   6. amount_only            exact amount, one to three open items                  0.5 / 0.3
 * A payment request pays the open items it covers oldest first (by due date), each up to
 * its open amount, like a payment naming several invoices.
 * Only confidence ≥ 0.85 is applied automatically ('matched', with allocations); a lone best
 * candidate of 0.6 or more makes the line 'suggested'; anything else is 'unmatched' with up
 * to three suggestions for the review queue.
 *
 * Safety rules: an allocation never exceeds the line's amount nor the item's open amount
 * (an overpayment's rest stays unallocated); an item allocated to one line is not matched
 * again in the same run (a second payment naming it is reported as a duplicate); a line
 * whose fingerprint was seen before (earlier in the run or in `knownFingerprints`) is
 * ignored; when a line names a boleto or Pix txid that is not among the open items, weaker
 * rules only suggest, since the money was meant for something else.
 */
import type { StatementLine } from '../bank-files/statement.ts';
import type { ItemMap } from './candidate-index.ts';
import { CandidateIndex } from './candidate-index.ts';
import { bankCodeKey, isEndToEndId, nossoNumeroKey, referenceTokens, taxIdKey, txidKey } from './keys.ts';
import { nameTokens, tokenSimilarity } from './name-similarity.ts';
import type { Allocation, MatchOptions, MatchResult, MatchRule, OpenItem, PaymentRequestKeys } from './types.ts';

export type { Allocation, MatchOptions, MatchResult, MatchRule, MatchStatus, OpenItem, PaymentRequestKeys, Suggestion } from './types.ts';

export const AUTO_MATCH_CONFIDENCE = 0.85;
const SUGGEST_CONFIDENCE = 0.6;
const RULE_CONFIDENCE = {
  pix_txid: 1,
  nosso_numero: 1,
  invoice_number_in_memo: 0.9,
  amount_and_tax_id: 0.85,
  amount_and_name: 0.7,
  /** An id rule or memo rule that cannot be applied (customer conflict, several customers). */
  contested: 0.6,
  amount_only_unique: 0.5,
  amount_only_few: 0.3,
} as const;

/** Amount groups larger than this give no amount-only suggestions: they would be noise. */
const AMOUNT_ONLY_MAX = 3;

export function matchLines(lines: readonly StatementLine[], candidates: readonly OpenItem[], options: MatchOptions = {}): MatchResult[] {
  return new MatchRun(candidates, options).matchAll(lines);
}

class MatchRun {
  readonly index: CandidateIndex;
  /** invoiceId → the line that took it. */
  private readonly consumedBy = new Map<string, number>();
  /** fingerprint → the first line that had it. */
  private readonly seen = new Map<string, number>();
  readonly maxSuggestions: number;
  readonly minNameSimilarity: number;
  readonly amountToleranceMinor: number;
  readonly requestsByTxid = new Map<string, readonly [PaymentRequestKeys]>();
  readonly requestsByNossoNumero = new Map<string, PaymentRequestKeys[]>();
  /** The statement's bank (key form), '' when unknown. */
  readonly bankCode: string;
  readonly requestsByAmount = new Map<number, PaymentRequestKeys[]>();
  /** The open items payment requests cover, by invoice id. */
  private readonly requestItems = new Map<string, OpenItem>();

  constructor(
    candidates: readonly OpenItem[],
    private readonly options: MatchOptions,
  ) {
    this.index = new CandidateIndex(candidates, options.currency);
    this.maxSuggestions = options.maxSuggestions ?? 3;
    this.minNameSimilarity = options.minNameSimilarity ?? 0.75;
    this.amountToleranceMinor = options.amountToleranceMinor ?? 0;
    this.bankCode = bankCodeKey(options.bankCode);
    const requests = options.requests ?? [];
    if (requests.length > 0) {
      const wanted = new Set<string>();
      for (const request of requests) {
        const txid = txidKey(request.pixTxid);
        if (txid !== '') this.requestsByTxid.set(txid, [request]);
        const nossoNumero = nossoNumeroKey(request.nossoNumero);
        if (nossoNumero !== '') this.requestsByNossoNumero.set(nossoNumero, [...(this.requestsByNossoNumero.get(nossoNumero) ?? []), request]);
        if (request.amountMinor !== undefined)
          this.requestsByAmount.set(request.amountMinor, [...(this.requestsByAmount.get(request.amountMinor) ?? []), request]);
        for (const id of request.invoiceIds) wanted.add(id);
      }
      for (const item of candidates) {
        if (wanted.has(item.invoiceId) && item.openMinor > 0 && (options.currency === undefined || item.currency === options.currency))
          this.requestItems.set(item.invoiceId, item);
      }
    }
  }

  /** A boleto of this bank may be the one a line of the statement names: same bank, or either unknown. */
  ofStatementBank = (boleto: { readonly bankCode?: string }): boolean =>
    this.bankCode === '' || boleto.bankCode === undefined || bankCodeKey(boleto.bankCode) === this.bankCode;

  /** The open items of a request's customer it covers, oldest first (taken ones included). */
  itemsOf(request: PaymentRequestKeys): OpenItem[] {
    const items: OpenItem[] = [];
    for (const id of new Set(request.invoiceIds)) {
      const item = this.requestItems.get(id);
      if (item !== undefined && item.customerId === request.customerId) items.push(item);
    }
    return items.sort(byDueDate);
  }

  matchAll(lines: readonly StatementLine[]): MatchResult[] {
    return lines.map((line) => this.matchLine(line));
  }

  private isOpen = (item: OpenItem): boolean => !this.consumedBy.has(item.invoiceId);

  private matchLine(line: StatementLine): MatchResult {
    const ignored = (note: string, duplicateOfLine?: number): MatchResult => ({
      lineNo: line.lineNo,
      fingerprint: line.fingerprint,
      status: 'ignored',
      confidence: 0,
      allocations: [],
      suggestions: [],
      unallocatedMinor: 0,
      ...(duplicateOfLine === undefined ? {} : { duplicateOfLine }),
      note,
    });
    if (line.kind === 'debit') return ignored('debit: money out of the account');
    if (line.kind === 'info') return ignored(`informational movement${line.movementCode ? ` ${line.movementCode}` : ''}: no money received`);
    if (line.amountMinor <= 0) return ignored('no amount received');
    if (this.options.knownFingerprints?.has(line.fingerprint)) return ignored('already imported');
    const earlier = this.seen.get(line.fingerprint);
    if (earlier !== undefined) return ignored(`the same entry as line ${earlier}`, earlier);
    this.seen.set(line.fingerprint, line.lineNo);
    return new LineMatch(line, this).decide();
  }

  /** Those of the items no line of this run has taken yet. */
  open(items: readonly OpenItem[]): OpenItem[] {
    return items.filter(this.isOpen);
  }

  takenBy(item: OpenItem): number | undefined {
    return this.consumedBy.get(item.invoiceId);
  }

  /** Allocates the line's amount over the items in order, each up to its open amount, and takes them. */
  consume(items: readonly OpenItem[], line: StatementLine): { allocations: Allocation[]; rest: number } {
    let rest = line.amountMinor;
    const allocations: Allocation[] = [];
    for (const item of items) {
      const amountMinor = Math.min(rest, item.openMinor);
      if (amountMinor <= 0) break;
      allocations.push({ invoiceId: item.invoiceId, amountMinor });
      this.consumedBy.set(item.invoiceId, line.lineNo);
      rest -= amountMinor;
    }
    return { allocations, rest };
  }
}

function byDueDate(a: OpenItem, b: OpenItem): number {
  if (a.dueDate !== b.dueDate) return a.dueDate < b.dueDate ? -1 : 1;
  return a.invoiceNumber < b.invoiceNumber ? -1 : a.invoiceNumber > b.invoiceNumber ? 1 : 0;
}

/** The rules applied to one line that brought money in. */
class LineMatch {
  private readonly candidates = new Map<string, { item: OpenItem; rule: MatchRule; confidence: number }>();
  private duplicateOf: { item: OpenItem; line: number } | undefined;
  private readonly notes: string[] = [];
  /** Set when the line names a boleto / txid that no open item has: no automatic match then. */
  private namesAnotherItem = false;

  constructor(
    private readonly line: StatementLine,
    private readonly run: MatchRun,
  ) {}

  decide(): MatchResult {
    return this.byExactId() ?? this.byInvoiceNumber() ?? this.byTaxId() ?? this.byRequestAmount() ?? this.withSuggestions();
  }

  /** Rules 1 and 2. */
  private byExactId(): MatchResult | undefined {
    const { line } = this;
    const ids: ['pix_txid' | 'nosso_numero', string, ItemMap<string>, ReadonlyMap<string, readonly PaymentRequestKeys[]>, boolean][] = [
      // an end-to-end id is the bank's, not a txid we issued: missing it says nothing
      ['pix_txid', txidKey(line.pixTxid), this.run.index.byTxid, this.run.requestsByTxid, line.pixTxid !== undefined && !isEndToEndId(line.pixTxid)],
      ['nosso_numero', nossoNumeroKey(line.nossoNumero), this.run.index.byNossoNumero, this.run.requestsByNossoNumero, true],
    ];
    for (const [rule, key, map, requestMap, missingMatters] of ids) {
      if (key === '') continue;
      // A nosso número is unique only within the bank that issued the boleto.
      const found = rule === 'nosso_numero' ? map.get(key).filter(this.run.ofStatementBank) : map.get(key);
      const requests =
        found.length > 0 ? [] : rule === 'nosso_numero' ? (requestMap.get(key) ?? []).filter(this.run.ofStatementBank) : (requestMap.get(key) ?? []);
      if (requests.length > 1) {
        // Boletos of several banks (the statement does not say which) share the number: a person decides.
        for (const request of requests) {
          const oldest = this.run.open(this.run.itemsOf(request))[0];
          if (oldest !== undefined) this.suggest(oldest, rule, RULE_CONFIDENCE.contested);
        }
        this.notes.push(`the reminders of several banks share nosso número ${key}`);
        return this.withSuggestions();
      }
      const request = requests[0];
      if (request !== undefined) {
        const covered = this.run.itemsOf(request);
        const open = this.run.open(covered);
        if (open.length > 0) return { ...this.matched(rule, RULE_CONFIDENCE[rule], open), paymentRequestId: request.requestId };
        if (covered[0] !== undefined) return this.duplicate(covered[0]);
        // Everything the reminder asked for was paid meanwhile: a person decides (credit, refund).
        this.namesAnotherItem = true;
        this.notes.push(`the payment request of ${rule === 'pix_txid' ? 'Pix txid' : 'nosso número'} ${key} has no open invoice left`);
        continue;
      }
      if (found.length === 0) {
        if (missingMatters) {
          this.namesAnotherItem = true;
          this.notes.push(`${rule === 'pix_txid' ? 'Pix txid' : 'nosso número'} ${key} is not among the open invoices`);
        }
        continue;
      }
      const open = this.run.open(found);
      if (open.length === 1) return this.matched(rule, RULE_CONFIDENCE[rule], open);
      if (open.length > 1) {
        for (const item of open) this.suggest(item, rule, RULE_CONFIDENCE.contested);
        this.notes.push(`several open invoices share this ${rule === 'pix_txid' ? 'txid' : 'nosso número'}`);
        return this.withSuggestions();
      }
      return this.duplicate(found[0] as OpenItem);
    }
    return undefined;
  }

  /** Rule 3. */
  private byInvoiceNumber(): MatchResult | undefined {
    const { line } = this;
    const text = [line.memo, line.documentNumber, line.reference].filter((t) => t !== undefined).join(' ');
    if (text === '') return undefined;
    const hits = new Map<string, OpenItem>();
    for (const token of referenceTokens(text)) {
      for (const item of this.run.index.byInvoiceNumber.get(token)) hits.set(item.invoiceId, item);
    }
    if (hits.size === 0) return undefined;
    const open = this.run.open([...hits.values()]).sort(byDueDate);
    if (open.length === 0) return this.duplicate([...hits.values()][0] as OpenItem);
    const customers = new Set(open.map((item) => item.customerId));
    const payer = taxIdKey(line.payerTaxId);
    const conflict = payer !== '' && open.some((item) => item.customerTaxId !== undefined && taxIdKey(item.customerTaxId) !== payer);
    if (customers.size === 1 && !conflict && !this.namesAnotherItem)
      return this.matched('invoice_number_in_memo', RULE_CONFIDENCE.invoice_number_in_memo, open);
    if (conflict) this.notes.push('the invoice named in the text belongs to a customer with another tax id');
    if (customers.size > 1) this.notes.push('the text names invoices of several customers');
    for (const item of open) this.suggest(item, 'invoice_number_in_memo', RULE_CONFIDENCE.contested);
    return undefined;
  }

  /** Rule 4: several items of the customer with this amount → the oldest. */
  private byTaxId(): MatchResult | undefined {
    const payer = taxIdKey(this.line.payerTaxId);
    if (payer === '') return undefined;
    const found = this.run.index.byTaxId.get(payer).filter((item) => item.openMinor === this.line.amountMinor);
    const open = this.run.open(found).sort(byDueDate);
    if (open.length === 0) {
      if (found[0] !== undefined) this.noteDuplicate(found[0]);
      return undefined;
    }
    if (this.namesAnotherItem) {
      for (const item of open) this.suggest(item, 'amount_and_customer', RULE_CONFIDENCE.contested);
      return undefined;
    }
    const [oldest, ...others] = open as [OpenItem, ...OpenItem[]];
    for (const item of others) this.suggest(item, 'amount_and_customer', RULE_CONFIDENCE.amount_only_unique);
    return this.matched('amount_and_customer', RULE_CONFIDENCE.amount_and_tax_id, [oldest]);
  }

  /**
   * Rule 4, reminders: the amount a reminder asked for (charges included), which no open item
   * has. Paid by its customer (payer tax id) → its open invoices, oldest first; no payer tax id
   * and one such reminder → suggested.
   */
  private byRequestAmount(): MatchResult | undefined {
    const requests = this.run.requestsByAmount.get(this.line.amountMinor) ?? [];
    const payer = taxIdKey(this.line.payerTaxId);
    const withOpen = requests.map((request) => ({ request, items: this.run.open(this.run.itemsOf(request)) })).filter((r) => r.items.length > 0);
    const ofPayer = withOpen.filter(({ items }) => payer !== '' && items[0]!.customerTaxId !== undefined && taxIdKey(items[0]!.customerTaxId) === payer);
    if (ofPayer.length === 1 && !this.namesAnotherItem) {
      const [{ request, items }] = ofPayer as [{ request: PaymentRequestKeys; items: OpenItem[] }];
      return { ...this.matched('request_amount', RULE_CONFIDENCE.amount_and_tax_id, items), paymentRequestId: request.requestId };
    }
    const candidates = payer === '' ? withOpen : ofPayer;
    if (candidates.length === 1) {
      // The oldest invoice stands for the reminder; the reviewer allocates it to the rest.
      this.suggest(candidates[0]!.items[0]!, 'request_amount', RULE_CONFIDENCE.contested);
      this.notes.push('the amount of a reminder with its late charges');
    }
    return undefined;
  }

  /** A payer with a known tax id paying an open item's amount within the tolerance (a bank fee, a rounding). */
  private byTolerance(): void {
    const tolerance = this.run.amountToleranceMinor;
    const payer = taxIdKey(this.line.payerTaxId);
    if (tolerance <= 0 || payer === '') return;
    const near = this.run
      .open(this.run.index.byTaxId.get(payer))
      .filter((item) => Math.abs(item.openMinor - this.line.amountMinor) <= tolerance && item.openMinor !== this.line.amountMinor);
    if (near.length === 0) return;
    for (const item of near) this.suggest(item, 'amount_and_customer', RULE_CONFIDENCE.contested);
    this.notes.push(`within the tolerance of ${tolerance} minor units of the payer's open ${near.length === 1 ? 'invoice' : 'invoices'}`);
  }

  /** Rules 5 and 6, then the verdict. */
  private withSuggestions(): MatchResult {
    this.byTolerance();
    this.byAmountAndName();
    this.byAmountOnly();
    const ranked = [...this.candidates.values()].sort((a, b) => b.confidence - a.confidence || byDueDate(a.item, b.item));
    const suggestions = ranked.slice(0, this.run.maxSuggestions).map(({ item, rule, confidence }) => ({ invoiceId: item.invoiceId, rule, confidence }));
    const [best, second] = ranked;
    const lone = best !== undefined && best.confidence >= SUGGEST_CONFIDENCE && (second === undefined || second.confidence < best.confidence);
    return {
      lineNo: this.line.lineNo,
      fingerprint: this.line.fingerprint,
      status: lone ? 'suggested' : 'unmatched',
      ...(lone ? { rule: best.rule } : {}),
      confidence: lone ? best.confidence : 0,
      allocations: [],
      suggestions,
      unallocatedMinor: this.line.amountMinor,
      ...(this.duplicateOf === undefined ? {} : { duplicateOfLine: this.duplicateOf.line }),
      ...(this.notes.length > 0 ? { note: this.notes.join('; ') } : {}),
    };
  }

  /** Rule 5: per customer whose name matches, the one open item with exactly this amount. */
  private byAmountAndName(): void {
    if (this.line.payerName === undefined) return;
    const payer = nameTokens(this.line.payerName);
    if (payer.length === 0) return;
    const { minNameSimilarity } = this.run;
    const byCustomer = new Map<string, OpenItem[]>();
    const similarity = new Map<string, number>();
    for (const item of this.run.open(this.run.index.itemsByAmountAndName(this.line.amountMinor, payer))) {
      let score = similarity.get(item.customerId);
      if (score === undefined) {
        score = tokenSimilarity(payer, this.run.index.tokensOf(item));
        similarity.set(item.customerId, score);
      }
      if (score < minNameSimilarity) continue;
      const list = byCustomer.get(item.customerId);
      if (list) list.push(item);
      else byCustomer.set(item.customerId, [item]);
    }
    for (const items of byCustomer.values()) {
      const confidence = items.length === 1 ? RULE_CONFIDENCE.amount_and_name : RULE_CONFIDENCE.amount_only_unique;
      for (const item of items) this.suggest(item, 'amount_and_customer', confidence);
    }
    if (byCustomer.size > 1) this.notes.push('the payer name matches several customers with an open item of this amount');
  }

  /** Rule 6. */
  private byAmountOnly(): void {
    const group = this.run.index.byAmount.get(this.line.amountMinor);
    if (group.length > 4 * AMOUNT_ONLY_MAX) return;
    const open = this.run.open(group);
    if (open.length === 0 || open.length > AMOUNT_ONLY_MAX) return;
    const confidence = open.length === 1 ? RULE_CONFIDENCE.amount_only_unique : RULE_CONFIDENCE.amount_only_few;
    for (const item of open) this.suggest(item, 'amount_only', confidence);
  }

  private suggest(item: OpenItem, rule: MatchRule, confidence: number): void {
    const current = this.candidates.get(item.invoiceId);
    if (!current || current.confidence < confidence) this.candidates.set(item.invoiceId, { item, rule, confidence });
  }

  private matched(rule: MatchRule, confidence: number, items: readonly OpenItem[]): MatchResult {
    const { allocations, rest } = this.run.consume(items, this.line);
    const suggestions = [...this.candidates.values()]
      .filter(({ item }) => !allocations.some((a) => a.invoiceId === item.invoiceId))
      .slice(0, this.run.maxSuggestions)
      .map(({ item, rule: r, confidence: c }) => ({ invoiceId: item.invoiceId, rule: r, confidence: c }));
    return {
      lineNo: this.line.lineNo,
      fingerprint: this.line.fingerprint,
      status: 'matched',
      rule,
      confidence,
      allocations,
      suggestions,
      unallocatedMinor: rest,
      ...(rest > 0 ? { note: 'paid more than the open amount: the rest is unallocated' } : {}),
    };
  }

  private noteDuplicate(item: OpenItem): void {
    const line = this.run.takenBy(item);
    if (line !== undefined && this.duplicateOf === undefined) this.duplicateOf = { item, line };
  }

  /** The line names an item another line of this run already took: a duplicate payment. */
  private duplicate(item: OpenItem): MatchResult {
    this.noteDuplicate(item);
    this.notes.push(`invoice ${item.invoiceNumber} was already matched to line ${this.run.takenBy(item) ?? '?'} of this run: possible duplicate payment`);
    return {
      lineNo: this.line.lineNo,
      fingerprint: this.line.fingerprint,
      status: 'unmatched',
      confidence: 0,
      allocations: [],
      suggestions: [],
      unallocatedMinor: this.line.amountMinor,
      ...(this.duplicateOf === undefined ? {} : { duplicateOfLine: this.duplicateOf.line }),
      note: this.notes.join('; '),
    };
  }
}
