import { pdfDocument, winAnsi } from '../../pdf/pdf-document.ts';
import { renderInWorker } from '../../pdf/render-in-worker.ts';
import { canonicalJson } from '../../domain/contact-record.ts';
import type { CustomerRecordExport } from './customer-record.ts';

const margin = 50;
const grey = '#52606d';

/**
 * The customer's contact record as a PDF for an auditor or a court: who exported it and when,
 * whether the chain verified, then every entry (seq, time, actor, channel, kind, content) with
 * its hash and the previous hash. Standard PDF fonts only; the creation date is the export
 * instant, so the same export gives the same bytes.
 */
export function recordPdf(x: CustomerRecordExport): Promise<Buffer> {
  return renderInWorker('drawRecordPdf', x);
}

/** Draws the record; runs in the PDF worker thread (recordPdf). */
export function drawRecordPdf(x: CustomerRecordExport): Promise<Buffer> {
  const { doc, finish } = pdfDocument({
    size: 'A4',
    margins: { top: margin, left: margin, right: margin, bottom: margin + 20 },
    bufferPages: true,
    info: {
      Title: winAnsi(`Contact record - ${x.customer.name}`),
      Author: winAnsi(x.organisation.legalName ?? x.organisation.name),
      Creator: 'Régua',
      Producer: 'Régua',
      CreationDate: x.exportedAt,
    },
  });
  const width = doc.page.width - margin * 2;

  doc.font('Helvetica-Bold').fontSize(15).text('Contact record', { width });
  doc.font('Helvetica').fontSize(9).fillColor(grey);
  doc.text(winAnsi(`${x.organisation.legalName ?? x.organisation.name}${x.organisation.taxId ? ` - ${x.organisation.taxId}` : ''}`), { width });
  doc.fillColor('black').fontSize(10).moveDown(0.5);
  doc.text(winAnsi(`Customer: ${x.customer.name} (${x.customer.external_id})${x.customer.tax_id ? ` - ${x.customer.tax_id}` : ''}`), { width });
  doc.text(`Exported at: ${x.exportedAt.toISOString()}`, { width });
  doc.text(`Entries for this customer: ${x.entries.length}`, { width });
  const chain = x.chain.intact
    ? `Hash chain verified at export: intact (${x.chain.entries} entries, last hash ${x.chain.lastHash})`
    : `Hash chain verified at export: BROKEN at entry ${x.chain.brokenAt?.seq} (${x.chain.brokenAt?.reason})`;
  doc.font('Helvetica-Bold').text(chain, { width });
  doc
    .font('Helvetica')
    .fontSize(8)
    .fillColor(grey)
    .text(
      'Each hash is SHA-256 over the canonical JSON of seq, occurred_at, customer_id, actor, channel, kind, prev_hash and content_sha256 (the SHA-256 of the content; entries written before it: the content itself).',
      { width },
    );
  doc.fillColor('black').moveDown(0.8);

  for (const e of x.entries) {
    if (doc.y > doc.page.height - margin - 110) doc.addPage();
    doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .text(winAnsi(`#${e.seq}  ${new Date(e.occurredAt).toISOString()}  ${e.kind}`), { width });
    doc
      .font('Helvetica')
      .fontSize(9)
      .text(winAnsi(`actor: ${e.actor}    channel: ${e.channel}`), { width });
    doc.text(winAnsi(canonicalJson(e.content)), { width });
    doc.font('Courier').fontSize(7).fillColor(grey).text(`hash ${e.hash}`, { width }).text(`prev ${e.prevHash}`, { width });
    doc.fillColor('black').moveDown(0.6);
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor(grey)
      .text(winAnsi(`${x.customer.external_id} - page ${i + 1} of ${range.count}`), margin, doc.page.height - margin, {
        width,
        align: 'right',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
  return finish();
}
