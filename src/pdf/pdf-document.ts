import { createRequire } from 'node:module';
import type PDFKitDocument from 'pdfkit';

// pdfkit takes a noticeable part of a second to load: loaded on the first document, not at start-up.
const load = createRequire(import.meta.url);
let PDFDocument: typeof PDFKitDocument | undefined;

/**
 * A pdfkit document whose bytes are collected in memory: draw on `doc`, then `finish()` ends
 * it and resolves with the whole file. Letters, boletos, contact-record exports and legal
 * packets are all built this way.
 */
export function pdfDocument(options: PDFKit.PDFDocumentOptions): { doc: PDFKit.PDFDocument; finish: () => Promise<Buffer> } {
  PDFDocument ??= load('pdfkit') as typeof PDFKitDocument;
  const doc = new PDFDocument(options);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return {
    doc,
    finish: () => {
      doc.end();
      return finished;
    },
  };
}

/**
 * Text the standard PDF fonts (WinAnsi) can draw: narrow and thin spaces (which Intl puts in
 * some currency formats) become plain spaces, curly quotes straight ones, and characters
 * WinAnsi lacks become "?", never silent garbage.
 */
export function winAnsi(value: string): string {
  return value
    .replace(/[\u202f\u2009\u2007]/g, ' ')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(
      /[^\n\t\x20-\x7e\u00a0-\u00ff\u20ac\u2013\u2014\u2022\u2026\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2020\u2021\u2030\u2039\u203a\u2122]/g,
      '?',
    );
}
