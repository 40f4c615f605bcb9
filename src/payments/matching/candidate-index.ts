/**
 * The open items of one matching run, indexed by every key a rule looks up, so that matching
 * a line costs a few map look-ups whatever the number of open items.
 */
import { invoiceNumberKey, nossoNumeroKey, taxIdKey, txidKey } from './keys.ts';
import type { OpenItem } from './types.ts';
import { nameTokens } from './name-similarity.ts';

/**
 * At most this many items are compared by name for one line; above it, look-ups go through
 * a word index of the items of that amount. Keeps a run linear in its lines whatever the
 * amounts: 100k lines × 64 comparisons take seconds.
 */
const NAME_CANDIDATE_LIMIT = 64;

/**
 * Items by key. Most keys (txid, nosso número, invoice number) are unique, so a lone item is
 * stored as itself and a list only made for the second: a million one-element arrays would
 * double the time to build the index.
 */
export class ItemMap<K> {
  private readonly map = new Map<K, OpenItem | OpenItem[]>();

  add(key: K, item: OpenItem): void {
    const current = this.map.get(key);
    if (current === undefined) this.map.set(key, item);
    else if (Array.isArray(current)) current.push(item);
    else this.map.set(key, [current, item]);
  }

  get(key: K): readonly OpenItem[] {
    const current = this.map.get(key);
    if (current === undefined) return [];
    return Array.isArray(current) ? current : [current];
  }
}

export class CandidateIndex {
  readonly byTxid = new ItemMap<string>();
  readonly byNossoNumero = new ItemMap<string>();
  readonly byInvoiceNumber = new ItemMap<string>();
  /** By customer tax id; a customer has few open items, so the amount is filtered after. */
  readonly byTaxId = new ItemMap<string>();
  readonly byAmount = new ItemMap<number>();
  private readonly customerTokens = new Map<string, readonly string[]>();
  private readonly amountNameIndex = new Map<number, ItemMap<string>>();

  /** Items in another currency (when one is given) or with nothing open are left out. */
  constructor(items: readonly OpenItem[], currency?: string) {
    for (const item of items) {
      if (item.openMinor <= 0 || (currency !== undefined && item.currency !== currency)) continue;
      const txid = txidKey(item.pixTxid);
      if (txid !== '') this.byTxid.add(txid, item);
      const nossoNumero = nossoNumeroKey(item.nossoNumero);
      if (nossoNumero !== '') this.byNossoNumero.add(nossoNumero, item);
      const invoiceNumber = invoiceNumberKey(item.invoiceNumber);
      if (invoiceNumber !== '') this.byInvoiceNumber.add(invoiceNumber, item);
      const taxId = taxIdKey(item.customerTaxId);
      if (taxId !== '') this.byTaxId.add(taxId, item);
      this.byAmount.add(item.openMinor, item);
    }
  }

  /** The customer's name tokens, computed once per customer. */
  tokensOf(item: OpenItem): readonly string[] {
    let tokens = this.customerTokens.get(item.customerId);
    if (tokens === undefined) {
      tokens = nameTokens(item.customerName ?? '');
      this.customerTokens.set(item.customerId, tokens);
    }
    return tokens;
  }

  /**
   * Items of exactly this amount whose customer may carry this name: all of them when few,
   * else those whose customer name has the payer's rarest word (of 3 letters or more). When
   * even that word is shared by too many, the name cannot single out a customer: none.
   */
  itemsByAmountAndName(amountMinor: number, payerTokens: readonly string[]): readonly OpenItem[] {
    const group = this.byAmount.get(amountMinor);
    if (group.length <= NAME_CANDIDATE_LIMIT) return group;
    const byToken = this.nameIndexOf(amountMinor, group);
    let rarest: readonly OpenItem[] | undefined;
    for (const token of payerTokens) {
      if (token.length < 3) continue;
      const list = byToken.get(token);
      if (list.length > 0 && (rarest === undefined || list.length < rarest.length)) rarest = list;
    }
    return rarest !== undefined && rarest.length <= NAME_CANDIDATE_LIMIT ? rarest : [];
  }

  private nameIndexOf(amountMinor: number, group: readonly OpenItem[]): ItemMap<string> {
    let byToken = this.amountNameIndex.get(amountMinor);
    if (!byToken) {
      byToken = new ItemMap();
      for (const item of group) for (const token of new Set(this.tokensOf(item))) byToken.add(token, item);
      this.amountNameIndex.set(amountMinor, byToken);
    }
    return byToken;
  }
}
