/** One RFC 4180 CSV line: cells with a comma, quote or line break are quoted, quotes inside doubled. The one CSV line writer of reports and exports. */
export function csvRow(cells: readonly (string | number)[]): string {
  return cells
    .map((cell) => {
      const text = String(cell);
      return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    })
    .join(',');
}
