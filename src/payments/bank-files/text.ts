/**
 * Turning a bank file's bytes into numbered lines. Banks write CNAB and OFX 1.x in
 * Windows-1252 / ISO-8859-1, newer exports in UTF-8 (sometimes with a BOM), spreadsheets
 * sometimes in UTF-16: the decoder tries UTF-8 first, which rejects any Latin-1 accent, and
 * falls back to Windows-1252, which decodes every byte.
 */
import type { StatementContent } from './statement.ts';

export interface SourceLine {
  /** 1-based. */
  readonly lineNo: number;
  readonly text: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const windows1252 = new TextDecoder('windows-1252');
const utf16le = new TextDecoder('utf-16le');

export function decodeStatementText(content: StatementContent): string {
  if (typeof content === 'string') return content.startsWith('\uFEFF') ? content.slice(1) : content;
  if (content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf) return decodeUtf8OrLatin(content.subarray(3));
  if (content[0] === 0xff && content[1] === 0xfe) return utf16le.decode(content.subarray(2));
  return decodeUtf8OrLatin(content);
}

function decodeUtf8OrLatin(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return windows1252.decode(bytes);
  }
}

const DOS_EOF = String.fromCharCode(0x1a);

/**
 * Splits on LF or CRLF and drops the empty lines and DOS end-of-file marks (Ctrl-Z) at the
 * end of the file; any other empty line keeps its number so that problems point at it.
 */
export function splitLines(text: string): SourceLine[] {
  const parts = text.split(/\r?\n/);
  let end = parts.length;
  while (end > 0 && (parts[end - 1] ?? '').replaceAll(DOS_EOF, '').trim() === '') end -= 1;
  const lines: SourceLine[] = [];
  for (let i = 0; i < end; i += 1) lines.push({ lineNo: i + 1, text: parts[i] ?? '' });
  return lines;
}
