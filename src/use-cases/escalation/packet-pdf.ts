import { pdfDocument, winAnsi } from '../../pdf/pdf-document.ts';
import { renderInWorker } from '../../pdf/render-in-worker.ts';

export interface PacketSection {
  heading: string;
  /** Paragraphs; a line starting with "  " is printed small and grey (details such as hashes). */
  lines: string[];
}

export interface PacketPdfInput {
  title: string;
  /** ISO date, also the PDF creation date: the same input gives the same bytes. */
  date: string;
  creditor: { name: string; legalName: string | null; taxId: string | null; address: string | null };
  sections: PacketSection[];
}

const margin = 50;

/**
 * A plain A4 evidence document (agency and small-claims packets): the creditor's
 * identification, a title, then sections of text, with page numbers. Standard fonts only.
 */
export function packetPdf(input: PacketPdfInput): Promise<Buffer> {
  return renderInWorker('drawPacketPdf', input);
}

/** Draws the packet; runs in the PDF worker thread (packetPdf). */
export async function drawPacketPdf(input: PacketPdfInput): Promise<Buffer> {
  const { doc, finish } = pdfDocument({
    size: 'A4',
    margins: { top: margin, left: margin, right: margin, bottom: margin + 20 },
    bufferPages: true,
    info: {
      Title: winAnsi(input.title),
      Author: winAnsi(input.creditor.legalName ?? input.creditor.name),
      Creator: 'Régua',
      Producer: 'Régua',
      CreationDate: new Date(`${input.date}T12:00:00Z`),
    },
  });
  const width = doc.page.width - margin * 2;
  doc.font('Helvetica-Bold').fontSize(13).text(winAnsi(input.creditor.name), { width });
  doc.font('Helvetica').fontSize(9).fillColor('#52606d');
  for (const line of [input.creditor.legalName, input.creditor.taxId, input.creditor.address]) if (line) doc.text(winAnsi(line), { width });
  doc.moveDown(1).fillColor('black').font('Helvetica-Bold').fontSize(15).text(winAnsi(input.title), { width });
  doc.font('Helvetica').fontSize(10).text(input.date, { width });
  for (const section of input.sections) {
    doc.moveDown(1).font('Helvetica-Bold').fontSize(12).fillColor('black').text(winAnsi(section.heading), { width });
    doc.moveDown(0.3);
    for (const line of section.lines) {
      if (line.startsWith('  ')) doc.font('Courier').fontSize(7).fillColor('#52606d').text(winAnsi(line.trim()), { width });
      else doc.font('Helvetica').fontSize(9.5).fillColor('black').text(winAnsi(line), { width });
    }
  }
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing inside the bottom margin would otherwise start a new page.
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor('#52606d')
      .text(`${i + 1} / ${range.count}`, margin, doc.page.height - margin, { width, align: 'right', lineBreak: false });
  }
  return finish();
}
