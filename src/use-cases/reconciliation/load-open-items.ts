import type { Tx } from '../../db/database.ts';
import { openMinor } from '../../domain/receivable.ts';
import type { OpenItem } from '../../payments/matching/match.ts';
import { customerBatch, openInvoiceBatch, RECORD_SEPARATOR as RS, UNIT_SEPARATOR as US } from '../../stores/invoices.ts';

const BATCH = 50_000;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The matching candidates of one organisation: every open invoice in `currency` with its open
 * amount and its customer's tax id and name. Read in keyset batches (customers first, then
 * invoices by id), each batch as one delimited text value: decoding a million rows of eight
 * columns through the driver costs several times more than splitting one string per batch.
 * A customer's name and tax id strings are shared by all of its items.
 */
export async function loadOpenItems(trx: Tx, organisationId: string, currency: string): Promise<OpenItem[]> {
  const customers = new Map<string, { name: string; taxId: string | undefined }>();
  for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
    const { batch, last } = await customerBatch(trx, organisationId, after, BATCH);
    if (batch === null || last === null) break;
    for (const record of batch.split(RS)) {
      const [id, name, taxId] = record.split(US) as [string, string, string];
      customers.set(id, { name, taxId: taxId === '' ? undefined : taxId });
    }
    after = last;
  }

  const items: OpenItem[] = [];
  for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
    const { batch, last } = await openInvoiceBatch(trx, organisationId, currency, after, BATCH);
    if (batch === null || last === null) break;
    for (const record of batch.split(RS)) {
      const [id, customerId, number, nossoNumero, pixTxid, amount, paid, dueDate] = record.split(US) as [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
      ];
      const customer = customers.get(customerId);
      // Optional keys set only when present (exact optional types); no object spreads: a million of them cost seconds.
      const item: Mutable<OpenItem> = {
        invoiceId: id,
        customerId,
        invoiceNumber: number,
        openMinor: openMinor({ amountMinor: Number(amount), paidMinor: Number(paid) }),
        currency,
        dueDate,
      };
      if (customer !== undefined) {
        item.customerName = customer.name;
        if (customer.taxId !== undefined) item.customerTaxId = customer.taxId;
      }
      if (nossoNumero !== '') item.nossoNumero = nossoNumero;
      if (pixTxid !== '') item.pixTxid = pixTxid;
      items.push(item);
    }
    after = last;
  }
  return items;
}
