import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { csvLine, csvRecord } from './csv-format.ts';
import { customerColumns, invoiceColumns, paymentColumns, type CustomerRow, type InvoiceRow, type PaymentRow, type Portfolio } from './rows.ts';

/**
 * Streams rows to a CSV file: the header first, then records in buffered chunks, waiting for
 * the disk when the stream asks to (backpressure), so a million rows never sit in memory.
 */
class CsvFileWriter<T> {
  readonly path: string;
  readonly #stream: WriteStream;
  readonly #columns: readonly (keyof T & string)[];
  #buffer = '';
  #rows = 0;

  constructor(path: string, columns: readonly (keyof T & string)[]) {
    this.path = path;
    this.#columns = columns;
    this.#stream = createWriteStream(path, { encoding: 'utf8' });
    this.#buffer = csvLine(columns);
  }

  get rows(): number {
    return this.#rows;
  }

  get bytesWritten(): number {
    return this.#stream.bytesWritten;
  }

  async write(rows: readonly T[]): Promise<void> {
    for (const row of rows) this.#buffer += csvRecord(row, this.#columns);
    this.#rows += rows.length;
    if (this.#buffer.length >= 1 << 16) await this.#flush();
  }

  async close(): Promise<void> {
    await this.#flush();
    this.#stream.end();
    await finished(this.#stream);
  }

  /** Gives up on the file (after an error elsewhere): closes it without flushing. */
  abort(): void {
    this.#stream.destroy();
  }

  async #flush(): Promise<void> {
    if (this.#buffer === '') return;
    const chunk = this.#buffer;
    this.#buffer = '';
    if (!this.#stream.write(chunk)) await once(this.#stream, 'drain');
  }
}

export interface PortfolioCsvPaths {
  customers: string;
  invoices: string;
  payments: string;
}

const csvFileNames = { customers: 'customers.csv', invoices: 'invoices.csv', payments: 'payments.csv' } as const;

export async function openPortfolioCsv(
  dir: string,
): Promise<{ customers: CsvFileWriter<CustomerRow>; invoices: CsvFileWriter<InvoiceRow>; payments: CsvFileWriter<PaymentRow> }> {
  await mkdir(dir, { recursive: true });
  return {
    customers: new CsvFileWriter<CustomerRow>(join(dir, csvFileNames.customers), customerColumns),
    invoices: new CsvFileWriter<InvoiceRow>(join(dir, csvFileNames.invoices), invoiceColumns),
    payments: new CsvFileWriter<PaymentRow>(join(dir, csvFileNames.payments), paymentColumns),
  };
}

/** Writes customers.csv, invoices.csv and payments.csv into dir (created if missing); returns their paths. */
export async function writePortfolioCsv(portfolio: Portfolio, dir: string): Promise<PortfolioCsvPaths> {
  const files = await openPortfolioCsv(dir);
  const all = [files.customers, files.invoices, files.payments];
  try {
    await files.customers.write(portfolio.customers);
    await files.invoices.write(portfolio.invoices);
    await files.payments.write(portfolio.payments);
    await Promise.all(all.map((file) => file.close()));
  } catch (error) {
    for (const file of all) file.abort();
    throw error;
  }
  return { customers: files.customers.path, invoices: files.invoices.path, payments: files.payments.path };
}
