import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** A GitHub-flavoured Markdown table; numeric-looking columns are right-aligned. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  // Right-align a column when most of its cells are figures (a stray "—" or "stopped" does not count).
  const isFigure = (cell: string) => /^[\d,.×%+-]+ ?(s|ms|MB|×)?$/.test(cell);
  const numeric = header.map((_, i) => rows.filter((r) => isFigure(r[i] ?? '')).length * 2 > rows.length);
  const widths = header.map((h, i) => Math.max(h.length, 3, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (numeric[i] ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/**
 * Replaces the section that starts with `heading` (a "## …" line) up to the next "## "
 * heading, or appends it; other sections of the file are left as they are.
 */
export function writeSection(path: string, heading: string, body: string, fileTitle: string): void {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : `${fileTitle}\n`;
  const section = `${heading}\n\n${body.trim()}\n`;
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === heading);
  if (start === -1) {
    writeFileSync(path, `${text.trimEnd()}\n\n${section}`);
    return;
  }
  const next = lines.findIndex((l, i) => i > start && /^## /.test(l));
  const before = lines.slice(0, start).join('\n').trimEnd();
  const after = next === -1 ? '' : `\n${lines.slice(next).join('\n').trimEnd()}\n`;
  writeFileSync(path, `${before}\n\n${section}${after}`);
}
