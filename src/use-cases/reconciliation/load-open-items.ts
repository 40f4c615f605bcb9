import { sql } from 'kysely';
import type { Tx } from '../../db/database.ts';
import type { OpenItem } from '../../payments/matching/match.ts';

const BATCH = 50_000;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
// ASCII unit and record separators: never in a name, number or reference the parsers keep.
const US = '\u001f';
const RS = '\u001e';

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
    const { rows } = await sql<{ batch: string | null; last: string | null }>`
      select string_agg(concat_ws(${US}, id, replace(replace(name, ${US}, ' '), ${RS}, ' '), coalesce(tax_id, '')), ${RS} order by id) as batch, max(id::text) as last
      from (select id, name, tax_id from customers where organisation_id = ${organisationId} and id > ${after}::uuid order by id limit ${BATCH}) c`.execute(trx);
    const { batch, last } = rows[0] ?? { batch: null, last: null };
    if (batch === null || last === null) break;
    for (const record of batch.split(RS)) {
      const [id, name, taxId] = record.split(US) as [string, string, string];
      customers.set(id, { name, taxId: taxId === '' ? undefined : taxId });
    }
    after = last;
  }

  const items: OpenItem[] = [];
  for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
    const { rows } = await sql<{ batch: string | null; last: string | null }>`
      select string_agg(concat_ws(${US}, id, customer_id, replace(replace(number, ${US}, ' '), ${RS}, ' '), coalesce(nosso_numero, ''), coalesce(pix_txid, ''),
          amount_minor - paid_minor, due_date), ${RS} order by id) as batch, max(id::text) as last
      from (
        select id, customer_id, number, nosso_numero, pix_txid, amount_minor, paid_minor, to_char(due_date, 'YYYY-MM-DD') as due_date from invoices
        where organisation_id = ${organisationId} and status = 'open' and currency = ${currency} and id > ${after}::uuid
        order by id limit ${BATCH}
      ) i`.execute(trx);
    const { batch, last } = rows[0] ?? { batch: null, last: null };
    if (batch === null || last === null) break;
    for (const record of batch.split(RS)) {
      const [id, customerId, number, nossoNumero, pixTxid, open, dueDate] = record.split(US) as [string, string, string, string, string, string, string];
      const customer = customers.get(customerId);
      // Optional keys set only when present (exact optional types); no object spreads: a million of them cost seconds.
      const item: Mutable<OpenItem> = { invoiceId: id, customerId, invoiceNumber: number, openMinor: Number(open), currency, dueDate };
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
