/**
 * CSV text in the contract's format (DESIGN.md §4): UTF-8, comma, a header row, and
 * RFC 4180 rules: a field with a comma, a double quote or a line break is quoted, quotes
 * inside doubled; records end with CRLF.
 */
const needsQuotes = /[",\r\n]|^\s|\s$/;

export function csvField(value: string): string {
  return needsQuotes.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvLine(values: readonly string[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** One record with the fields of `row` in column order. */
export function csvRecord<T>(row: T, columns: readonly (keyof T & string)[]): string {
  return csvLine(columns.map((column) => String(row[column] ?? '')));
}
