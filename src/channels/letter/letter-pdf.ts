import { pdfDocument, winAnsi } from '../../pdf/pdf-document.ts';
import { pixQrPng } from '../../payments/pix/qr.ts';
import { languagePack, shippedLanguage } from '../templates/default-templates.ts';
import { formatLocalDate } from '../templates/liquid-engine.ts';
import type { MessageContext, MessageInvoice } from '../templates/message-context.ts';

export interface LetterPdfInput {
  /** Language of the printed labels (table headings, page numbers). */
  language: string;
  creditor: MessageContext['creditor'];
  recipient: { name: string; address: string };
  /** Letter date, ISO 'YYYY-MM-DD'; also the PDF's creation date, so the same input gives the same bytes. */
  date: string;
  subject?: string;
  body: string;
  /** Printed as a statement table after the text. */
  invoices?: MessageInvoice[];
  total?: { amount: string; fees?: string };
  /** A Pix BR Code, printed as a QR code (a copy-and-paste code is of no use on paper); an invalid one rejects with PixQrError. */
  pixCode?: string;
  /** Printed under the date, e.g. the outbox id, to match the letter with proof of mailing. */
  reference?: string;
}

const labels = {
  'pt-BR': {
    page: 'Página {n} de {m}',
    total: 'Total',
    fees: 'inclui {fees} de multa e juros',
    reference: 'Ref.',
    pix: 'Pague com Pix: aponte a câmera do app do seu banco para o código.',
  },
  es: {
    page: 'Página {n} de {m}',
    total: 'Total',
    fees: 'incluye {fees} de recargos e intereses',
    reference: 'Ref.',
    pix: 'Pague con Pix: escanee el código con la app de su banco.',
  },
  en: {
    page: 'Page {n} of {m}',
    total: 'Total',
    fees: 'including {fees} in late fees and interest',
    reference: 'Ref.',
    pix: 'Pay with Pix: scan the code with your banking app.',
  },
};

const margin = 56;
const footerHeight = 40;
const grey = '#52606d';

/**
 * A collection letter as PDF (A4): the creditor's identification on top and in every page's
 * footer (CDC art. 42-A), the debtor's address, the date, the text, a statement of the invoices
 * and page numbers. Standard PDF fonts only, which cover Portuguese and Spanish.
 */
export async function letterPdf(input: LetterPdfInput): Promise<Buffer> {
  const pixQr = input.pixCode ? await pixQrPng(input.pixCode, { margin: 1, width: 300 }) : undefined;
  const language = shippedLanguage(input.language);
  const pack = languagePack(language);
  const words = labels[language];
  const { doc, finish } = pdfDocument({
    size: 'A4',
    margins: { top: margin, left: margin, right: margin, bottom: margin + footerHeight },
    bufferPages: true,
    info: {
      Title: winAnsi(input.subject ?? input.creditor.name),
      Author: winAnsi(input.creditor.legalName),
      Creator: 'Régua',
      Producer: 'Régua',
      CreationDate: new Date(`${input.date}T12:00:00Z`),
    },
  });

  const width = doc.page.width - margin * 2;

  // Creditor identification.
  doc.font('Helvetica-Bold').fontSize(14).fillColor('black').text(winAnsi(input.creditor.name), { width });
  doc.font('Helvetica').fontSize(9).fillColor(grey);
  doc.text(winAnsi(input.creditor.legalName), { width });
  doc.text(`${pack.taxIdLabel} ${winAnsi(input.creditor.taxId)}`, { width });
  doc.text(winAnsi(input.creditor.address), { width });
  const ruleY = doc.y + 6;
  doc
    .moveTo(margin, ruleY)
    .lineTo(margin + width, ruleY)
    .lineWidth(0.5)
    .strokeColor('#9aa5b1')
    .stroke();
  doc.y = ruleY + 18;

  // Recipient (left) and date (right).
  const top = doc.y;
  doc
    .fillColor('black')
    .font('Helvetica-Bold')
    .fontSize(11)
    .text(winAnsi(input.recipient.name), margin, top, { width: width * 0.6 });
  doc
    .font('Helvetica')
    .fontSize(11)
    .text(winAnsi(input.recipient.address), { width: width * 0.6 });
  const afterAddress = doc.y;
  doc.fontSize(10).text(formatLocalDate(input.date, input.language), margin + width * 0.6, top, { width: width * 0.4, align: 'right' });
  if (input.reference) {
    doc
      .fillColor(grey)
      .fontSize(8)
      .text(`${words.reference} ${winAnsi(input.reference)}`, { width: width * 0.4, align: 'right' });
  }
  doc.x = margin;
  doc.y = Math.max(afterAddress, doc.y) + 24;

  if (input.subject) {
    doc.fillColor('black').font('Helvetica-Bold').fontSize(12).text(winAnsi(input.subject), margin, doc.y, { width });
    doc.moveDown(0.8);
  }

  doc.fillColor('black').font('Helvetica').fontSize(11);
  for (const paragraph of input.body.split(/\n{2,}/)) {
    doc.text(winAnsi(paragraph), margin, doc.y, { width, lineGap: 2 });
    doc.moveDown(0.7);
  }

  if (input.invoices && input.invoices.length > 0) {
    statementTable(doc, input.invoices, input.total, pack, words, width);
  }

  if (pixQr) {
    const size = 110;
    if (doc.y + size + 40 > doc.page.height - doc.page.margins.bottom) doc.addPage();
    doc.moveDown(1);
    const y = doc.y;
    doc.image(pixQr, margin, y, { width: size, height: size });
    doc
      .font('Helvetica')
      .fontSize(10)
      .fillColor('black')
      .text(words.pix, margin + size + 16, y + 8, { width: width - size - 16 });
    doc.x = margin;
    doc.y = y + size;
  }

  footers(doc, input, pack.taxIdLabel, words.page, width);
  return finish();
}

type Doc = PDFKit.PDFDocument;

function statementTable(
  doc: Doc,
  invoices: MessageInvoice[],
  total: LetterPdfInput['total'],
  pack: ReturnType<typeof languagePack>,
  words: (typeof labels)['en'],
  width: number,
): void {
  const columns = [
    { label: pack.columns.number, width: width * 0.3, align: 'left' as const },
    { label: pack.columns.dueDate, width: width * 0.22, align: 'left' as const },
    { label: pack.columns.amount, width: width * 0.28, align: 'right' as const },
    { label: pack.columns.daysOverdue, width: width * 0.2, align: 'right' as const },
  ];
  const rowHeight = 18;
  const bottom = () => doc.page.height - doc.page.margins.bottom;

  const row = (cells: string[], bold: boolean) => {
    if (doc.y + rowHeight > bottom()) doc.addPage();
    const y = doc.y;
    let x = margin;
    doc
      .font(bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(10)
      .fillColor('black');
    cells.forEach((value, i) => {
      const column = columns[i]!;
      doc.text(value, x + 4, y + 4, { width: column.width - 8, align: column.align, lineBreak: false, ellipsis: true });
      x += column.width;
    });
    doc
      .moveTo(margin, y + rowHeight)
      .lineTo(margin + width, y + rowHeight)
      .lineWidth(0.5)
      .strokeColor('#d9e2ec')
      .stroke();
    doc.x = margin;
    doc.y = y + rowHeight;
  };
  const header = () =>
    row(
      columns.map((c) => c.label),
      true,
    );

  if (doc.y + rowHeight * 4 > bottom()) doc.addPage();
  doc.moveDown(0.5);
  doc.font('Helvetica-Bold').fontSize(12).fillColor('black').text(pack.invoicesHeading, margin, doc.y, { width });
  doc.moveDown(0.4);
  header();
  for (const invoice of invoices) {
    if (doc.y + rowHeight > bottom()) {
      doc.addPage();
      header();
    }
    row(
      [
        winAnsi(invoice.number),
        formatLocalDate(invoice.dueDate, pack.language),
        winAnsi(invoice.amount),
        invoice.daysOverdue > 0 ? String(invoice.daysOverdue) : '-',
      ],
      false,
    );
  }
  if (total) {
    row([words.total, '', winAnsi(total.amount), ''], true);
    if (total.fees) {
      doc
        .font('Helvetica')
        .fontSize(9)
        .fillColor(grey)
        .text(`(${words.fees.replace('{fees}', winAnsi(total.fees))})`, margin, doc.y + 4, { width, align: 'right' });
    }
  }
}

function footers(doc: Doc, input: LetterPdfInput, taxIdLabel: string, pageLabel: string, width: number): void {
  const range = doc.bufferedPageRange();
  const identification = `${winAnsi(input.creditor.legalName)} · ${taxIdLabel} ${winAnsi(input.creditor.taxId)} · ${winAnsi(input.creditor.address)}`;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing inside the bottom margin must not trigger an automatic page break.
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - margin - footerHeight + 12;
    doc.font('Helvetica').fontSize(8).fillColor(grey);
    doc.text(identification, margin, y, { width: width * 0.75, lineBreak: true, height: footerHeight - 8, ellipsis: true });
    const page = pageLabel.replace('{n}', String(i - range.start + 1)).replace('{m}', String(range.count));
    doc.text(page, margin + width * 0.75, y, { width: width * 0.25, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottomMargin;
  }
}
