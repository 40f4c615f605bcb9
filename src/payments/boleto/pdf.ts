/**
 * A printable boleto (A4): the payer's receipt ("recibo do pagador") above a
 * cut line, and the "ficha de compensação" with the linha digitável and the
 * Interleaved 2 of 5 barcode below it. The beneficiary's name, tax id and
 * address are printed on both parts (CDC art. 42-A requires them on every
 * collection document).
 *
 * This is an edge adapter: it renders with pdfkit (which reads its font
 * metrics from disk). It refuses, by rejecting the promise with a
 * `BoletoPdfError`, to print a boleto whose line, barcode, amount and due
 * date disagree, since a wrong boleto in a debtor's hands is worse than none.
 */
import { pdfDocument } from '../../pdf/pdf-document.ts';
import { factorForDate, isoDateToDays } from './due-date-factor.ts';
import type { BoletoCheck } from './error.ts';
import { itfBars } from './itf.ts';
import { formatLine, lineToBarcode } from './line.ts';
import { readBarcode } from './barcode.ts';

export interface BoletoParty {
  readonly name: string;
  /** CPF or CNPJ, as it should be printed. */
  readonly taxId: string;
  readonly address?: string;
}

export interface BoletoPdfInput {
  readonly beneficiary: BoletoParty & { readonly address: string };
  readonly payer: BoletoParty;
  readonly amountMinor: number;
  /** ISO date, or null for a boleto without due date. */
  readonly dueDate: string | null;
  /** 47 digits, optionally formatted with spaces, dots or dashes. */
  readonly line: string;
  readonly barcode: string;
  readonly nossoNumero: string;
  readonly instructions: readonly string[];
  readonly bankName?: string;
  /** Bank code with its check digit as printed in the header, e.g. "001-9"; default: the bank code. */
  readonly bankLabel?: string;
  readonly agencyAndCode?: string;
  readonly documentNumber?: string;
  readonly documentDate?: string;
  readonly processingDate?: string;
  readonly carteira?: string;
  readonly paymentPlace?: string;
  /** PDF creation date (metadata); pdfkit uses the current time when omitted. */
  readonly createdAt?: Date;
}

export class BoletoPdfError extends Error {
  readonly check: BoletoCheck;
  constructor(check: BoletoCheck, message: string) {
    super(message);
    this.name = 'BoletoPdfError';
    this.check = check;
  }
}

/** 102656 → "R$ 1.026,56" (text only, no floating point). */
export function formatBrl(amountMinor: number): string {
  const digits = String(Math.abs(amountMinor)).padStart(3, '0');
  const whole = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${amountMinor < 0 ? '-' : ''}R$ ${whole},${digits.slice(-2)}`;
}

function formatDate(isoDate: string | null | undefined): string {
  if (isoDate === null || isoDate === undefined) return '';
  if (isoDateToDays(isoDate) === undefined) return isoDate;
  return `${isoDate.slice(8, 10)}/${isoDate.slice(5, 7)}/${isoDate.slice(0, 4)}`;
}

function consistencyProblem(input: BoletoPdfInput, line: string): BoletoPdfError | undefined {
  const fromLine = lineToBarcode(line);
  if (!fromLine.ok) return new BoletoPdfError(fromLine.error.check, `line: ${fromLine.error.message}`);
  if (fromLine.value !== input.barcode) return new BoletoPdfError('mismatch', 'the line and the barcode are not the same boleto');
  const parts = readBarcode(input.barcode);
  if (!parts.ok) return new BoletoPdfError(parts.error.check, `barcode: ${parts.error.message}`);
  const { amountMinor, factor } = parts.value;
  if (amountMinor !== 0 && amountMinor !== input.amountMinor) {
    return new BoletoPdfError('amount', `amount ${formatBrl(input.amountMinor)} differs from the barcode's ${formatBrl(amountMinor)}`);
  }
  if (input.dueDate === null) {
    if (factor !== 0) return new BoletoPdfError('due_date', `no due date given but the barcode has factor ${factor}`);
  } else {
    const expected = factorForDate(input.dueDate);
    if (!expected.ok) return new BoletoPdfError('due_date', expected.error.message);
    if (expected.value !== factor) {
      return new BoletoPdfError('due_date', `due date ${input.dueDate} has factor ${expected.value}, the barcode has ${factor}`);
    }
  }
  return undefined;
}

const MM = 72 / 25.4;
const MARGIN = 28;
const PAGE_WIDTH = 595.28;
const WIDTH = PAGE_WIDTH - 2 * MARGIN;
const RIGHT_COLUMN = 150;

export function boletoPdf(input: BoletoPdfInput): Promise<Buffer> {
  const line = input.line.replace(/[\s.-]/g, '');
  const problem = consistencyProblem(input, line);
  if (problem !== undefined) return Promise.reject(problem);

  const { doc, finish } = pdfDocument({
    size: 'A4',
    margin: MARGIN,
    info: {
      Title: `Boleto ${formatLine(line)}`,
      Subject: 'Boleto de cobrança',
      ...(input.createdAt !== undefined && { CreationDate: input.createdAt }),
    },
  });

  const bankCode = input.barcode.slice(0, 3);
  const bankLabel = input.bankLabel ?? bankCode;
  const bankName = input.bankName ?? `Banco ${bankCode}`;
  const amount = formatBrl(input.amountMinor);
  const due = input.dueDate === null ? 'Contra apresentação' : formatDate(input.dueDate);
  const party = (p: BoletoParty): string => [`${p.name} — CPF/CNPJ ${p.taxId}`, p.address].filter(Boolean).join('\n');

  /** A bordered box with a small caption and a value. */
  const cell = (x: number, y: number, w: number, h: number, caption: string, value: string, align: 'left' | 'right' = 'left'): void => {
    doc.lineWidth(0.5).rect(x, y, w, h).stroke();
    doc
      .font('Helvetica')
      .fontSize(6)
      .text(caption, x + 2, y + 2, { width: w - 4, lineBreak: false });
    doc
      .font('Helvetica-Bold')
      .fontSize(8)
      .text(value, x + 2, y + 10, { width: w - 4, align, height: h - 11 });
  };
  const header = (y: number, right: string): void => {
    doc
      .font('Helvetica-Bold')
      .fontSize(11)
      .text(bankName, MARGIN, y + 6, { width: 150, lineBreak: false });
    doc
      .lineWidth(1.5)
      .moveTo(MARGIN + 155, y)
      .lineTo(MARGIN + 155, y + 22)
      .stroke();
    doc.fontSize(14).text(bankLabel, MARGIN + 160, y + 4, { width: 55, align: 'center', lineBreak: false });
    doc
      .moveTo(MARGIN + 220, y)
      .lineTo(MARGIN + 220, y + 22)
      .stroke();
    doc.fontSize(10).text(right, MARGIN + 225, y + 7, { width: WIDTH - 225, align: 'right', lineBreak: false });
    doc
      .lineWidth(1.5)
      .moveTo(MARGIN, y + 22)
      .lineTo(MARGIN + WIDTH, y + 22)
      .stroke();
  };

  // Recibo do pagador.
  const left = WIDTH - RIGHT_COLUMN;
  let y = MARGIN;
  header(y, 'Recibo do Pagador');
  y += 24;
  cell(MARGIN, y, left, 34, 'Beneficiário', party(input.beneficiary));
  cell(MARGIN + left, y, RIGHT_COLUMN, 34, 'Vencimento', due, 'right');
  y += 34;
  cell(MARGIN, y, left, 34, 'Pagador', party(input.payer));
  cell(MARGIN + left, y, RIGHT_COLUMN, 34, 'Valor do documento', amount, 'right');
  y += 34;
  cell(MARGIN, y, left / 2, 22, 'Agência / Código do beneficiário', input.agencyAndCode ?? '');
  cell(MARGIN + left / 2, y, left / 2, 22, 'Nº do documento', input.documentNumber ?? '');
  cell(MARGIN + left, y, RIGHT_COLUMN, 22, 'Nosso número', input.nossoNumero, 'right');
  y += 22;
  cell(MARGIN, y, WIDTH, 22, 'Linha digitável', formatLine(line));
  y += 26;
  doc
    .font('Helvetica')
    .fontSize(6)
    .text('Autenticação mecânica', MARGIN + WIDTH - 150, y, { width: 150, align: 'right' });

  // Cut line.
  y += 30;
  doc
    .lineWidth(0.5)
    .dash(3, { space: 3 })
    .moveTo(MARGIN, y)
    .lineTo(MARGIN + WIDTH, y)
    .stroke()
    .undash();
  doc
    .font('Helvetica')
    .fontSize(6)
    .text('Corte na linha pontilhada', MARGIN, y + 2, { width: WIDTH, align: 'right' });

  // Ficha de compensação.
  y += 20;
  header(y, formatLine(line));
  y += 24;
  cell(MARGIN, y, left, 22, 'Local de pagamento', input.paymentPlace ?? 'Pagável em qualquer banco');
  cell(MARGIN + left, y, RIGHT_COLUMN, 22, 'Vencimento', due, 'right');
  y += 22;
  cell(MARGIN, y, left, 34, 'Beneficiário', party(input.beneficiary));
  cell(MARGIN + left, y, RIGHT_COLUMN, 34, 'Agência / Código do beneficiário', input.agencyAndCode ?? '', 'right');
  y += 34;
  const col = left / 5;
  cell(MARGIN, y, col, 22, 'Data do documento', formatDate(input.documentDate));
  cell(MARGIN + col, y, col, 22, 'Nº do documento', input.documentNumber ?? '');
  cell(MARGIN + 2 * col, y, col, 22, 'Espécie doc.', 'DM');
  cell(MARGIN + 3 * col, y, col, 22, 'Aceite', 'N');
  cell(MARGIN + 4 * col, y, col, 22, 'Data do processamento', formatDate(input.processingDate));
  cell(MARGIN + left, y, RIGHT_COLUMN, 22, 'Nosso número', input.nossoNumero, 'right');
  y += 22;
  cell(MARGIN, y, col, 22, 'Uso do banco', '');
  cell(MARGIN + col, y, col, 22, 'Carteira', input.carteira ?? '');
  cell(MARGIN + 2 * col, y, col, 22, 'Espécie', 'R$');
  cell(MARGIN + 3 * col, y, col, 22, 'Quantidade', '');
  cell(MARGIN + 4 * col, y, col, 22, 'Valor', '');
  cell(MARGIN + left, y, RIGHT_COLUMN, 22, '(=) Valor do documento', amount, 'right');
  y += 22;
  const instructionsHeight = 5 * 22;
  doc.lineWidth(0.5).rect(MARGIN, y, left, instructionsHeight).stroke();
  doc
    .font('Helvetica')
    .fontSize(6)
    .text('Instruções (texto de responsabilidade do beneficiário)', MARGIN + 2, y + 2, { width: left - 4 });
  doc
    .font('Helvetica')
    .fontSize(8)
    .text(input.instructions.join('\n'), MARGIN + 2, y + 11, { width: left - 4, height: instructionsHeight - 12 });
  const adjustments = ['(-) Desconto / Abatimento', '(-) Outras deduções', '(+) Mora / Multa', '(+) Outros acréscimos', '(=) Valor cobrado'];
  adjustments.forEach((caption, i) => cell(MARGIN + left, y + i * 22, RIGHT_COLUMN, 22, caption, ''));
  y += instructionsHeight;
  cell(MARGIN, y, WIDTH, 40, 'Pagador', party(input.payer));
  y += 44;

  // Barcode: 0.254 mm narrow elements, 1:3 ratio, 13 mm high → about 103 mm wide.
  const bars = itfBars(input.barcode, 0.254 * MM, 3);
  if (bars.ok) {
    const x0 = MARGIN + 5 * MM;
    for (const bar of bars.value.bars) doc.rect(x0 + bar.x, y, bar.width, 13 * MM).fill('black');
  }
  doc
    .fillColor('black')
    .font('Helvetica')
    .fontSize(6)
    .text('Autenticação mecânica — Ficha de Compensação', MARGIN + WIDTH - 200, y, {
      width: 200,
      align: 'right',
    });

  return finish();
}
