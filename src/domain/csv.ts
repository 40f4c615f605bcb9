/**
 * One RFC 4180 CSV line: cells with a comma, quote or line break are quoted, quotes inside
 * doubled. The one CSV line writer of reports and exports. A text cell a spreadsheet would take
 * for a formula (starting with = + - @, a tab or a carriage return, and not a plain number) is
 * written with a leading ' (OWASP CSV injection), so a customer named =HYPERLINK(…) stays text.
 */
export function csvRow(cells: readonly (string | number)[]): string {
  return cells
    .map((cell) => {
      const text = typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) && !/^[-+]?\d+(\.\d+)?$/.test(cell) ? `'${cell}` : String(cell);
      return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    })
    .join(',');
}
