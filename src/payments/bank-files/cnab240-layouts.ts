/**
 * Where each bank writes the fields of segment T of its CNAB 240 retorno de cobrança, and how
 * it counts its lots. Segment U, the headers and the trailers follow FEBRABAN at every bank.
 * Positions are 1-based and inclusive. The nosso número is read as the number the boleto was
 * issued with, without what the bank writes around it (carteira, check digit, Sicoob's parcela,
 * modalidade and form code, Caixa's modality), so that it equals what a payment request recorded.
 */
import type { Span } from './cnab400-layouts.ts';

export interface Cnab240SegmentT {
  readonly nossoNumero: Span;
  readonly documentNumber: Span;
  readonly dueDate: Span;
  readonly faceValue: Span;
  /** The company's own id of the title ("uso da empresa"). */
  readonly control: Span;
  readonly payerType: Span;
  readonly payerId: Span;
  readonly payerName: Span;
  readonly fees: Span;
  readonly reasons: Span;
}

export interface Cnab240Layout {
  readonly bankName: string;
  readonly segmentT: Cnab240SegmentT;
  /** The lot trailer's record count (018-023) counts detail records only, not the lot header and trailer. */
  readonly lotTrailerCountsDetailsOnly: boolean;
  /** The lot number of the file trailer; undefined: any (the bank numbers it like its lots). */
  readonly fileTrailerLot: string | undefined;
}

/** FEBRABAN 240 v10.x segment T: Banco do Brasil, Bradesco, AILOS (085), Inter (077), BTG (208) and any other bank. */
const FEBRABAN_T: Cnab240SegmentT = {
  nossoNumero: [38, 57],
  documentNumber: [59, 73],
  dueDate: [74, 81],
  faceValue: [82, 96],
  control: [106, 130],
  payerType: [133, 133],
  payerId: [134, 148],
  payerName: [149, 188],
  fees: [199, 213],
  reasons: [214, 223],
};

const FEBRABAN_240: Cnab240Layout = { bankName: 'FEBRABAN', segmentT: FEBRABAN_T, lotTrailerCountsDetailsOnly: false, fileTrailerLot: '9999' };

const LAYOUTS: Readonly<Record<string, Cnab240Layout>> = {
  /**
   * Santander, "Layout CNAB 240 cobrança": 041-053 nosso número (12 + DV), 054 carteira,
   * 055-069 seu número, 070-077 due, 078-092 face value, 101-125 uso da empresa, 128 payer type,
   * 129-143 payer id, 144-183 payer name, 194-208 tarifa, 209-218 reasons. The lot trailer
   * counts detail records only; the file trailer carries the lot number, not 9999.
   */
  '033': {
    bankName: 'Santander',
    segmentT: {
      nossoNumero: [41, 52],
      documentNumber: [55, 69],
      dueDate: [70, 77],
      faceValue: [78, 92],
      control: [101, 125],
      payerType: [128, 128],
      payerId: [129, 143],
      payerName: [144, 183],
      fees: [194, 208],
      reasons: [209, 218],
    },
    lotTrailerCountsDetailsOnly: true,
    fileTrailerLot: undefined,
  },
  /** Caixa SIGCB: 040-056 modality (2) + nosso número (15), 057 DV, 059-069 seu número. */
  '104': { ...FEBRABAN_240, bankName: 'Caixa', segmentT: { ...FEBRABAN_T, nossoNumero: [42, 56], documentNumber: [59, 69] } },
  /** Itaú: 038-040 carteira, 041-048 nosso número, 049 DAC. */
  '341': { ...FEBRABAN_240, bankName: 'Itaú', segmentT: { ...FEBRABAN_T, nossoNumero: [41, 48] } },
  /**
   * Sicredi, "Manual CNAB 240 cobrança Sicredi": FEBRABAN positions; 038-046 the nosso número,
   * 9 digits AABNNNNND with its DV (the number printed on the boleto), 047-057 blank.
   */
  '748': { ...FEBRABAN_240, bankName: 'Sicredi', segmentT: { ...FEBRABAN_T, nossoNumero: [38, 46] } },
  /** Sicoob: 038-046 nosso número, 047 DV, 048-049 parcela, 050-051 modalidade, 052 form code. */
  '756': { ...FEBRABAN_240, bankName: 'Sicoob', segmentT: { ...FEBRABAN_T, nossoNumero: [38, 46] } },
};

export function cnab240Layout(bankCode: string | undefined): Cnab240Layout {
  return (bankCode !== undefined ? LAYOUTS[bankCode] : undefined) ?? FEBRABAN_240;
}
