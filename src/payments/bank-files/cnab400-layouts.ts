/**
 * Where each bank writes the fields of its CNAB 400 "arquivo retorno" de cobrança. Positions
 * are 1-based and inclusive, as the manuals print them. Every bank below writes, in the title
 * detail, the occurrence code at 109-110, its date DDMMAA at 111-116, the due date at 147-152,
 * the face value at 153-165, the rebate (abatimento) at 228-240, the discount at 241-253, the
 * paid amount at 254-266 and the late interest at 267-279 (13 digits, 2 implied decimals); the
 * header carries the bank code at 077-079 and the file date at 095-100; every record its
 * sequence number at 395-400. What differs is data here, read by `parseCnab400`.
 *
 * The nosso número is read as the number the boleto was issued with, without the check digit
 * the bank writes beside it, so that it equals the number a payment request recorded.
 */
export type Span = readonly [start: number, end: number];

/** A date field: positions of a DDMMAA date, or of an AAAAMMDD one (Sicredi). */
export type DateSpan = Span | { readonly aaaammdd: Span };

export interface Cnab400Detail {
  /** The beneficiary's agency / account / code as the detail states it (part of the fingerprint); none: the header's (`headerAccount`). */
  readonly account?: Span;
  readonly nossoNumero: Span;
  /** The company's own id of the title ("uso da empresa", "número de controle"). */
  readonly control?: Span;
  /** "Seu número" / número do documento. */
  readonly documentNumber: Span;
  /** Collection fee (tarifa). */
  readonly fees: Span;
  readonly otherExpenses?: Span;
  readonly iof?: Span;
  readonly otherCredits?: Span;
  /** Banks without one credit on the occurrence date. */
  readonly creditDate?: DateSpan;
  /** Multa paid, written apart from the juros at 267-279: both are interest on top of the face value. */
  readonly fine?: Span;
  /** Rejection / write-off reason codes packed `width` digits each. */
  readonly reasons?: { readonly at: Span; readonly width: number };
}

export interface Cnab400Layout {
  readonly bankCode: string;
  readonly bankName: string;
  readonly manual: string;
  /** Title details by record type (position 001); other record types 2-8 are optional extras (rateio, Pix, multa) and skipped. */
  readonly details: Readonly<Record<string, Cnab400Detail>>;
  /** Occurrence codes that mean the boleto was paid. */
  readonly settlementCodes: readonly string[];
  /** Occurrence codes of the bank refusing the title or an instruction: rejected notices. */
  readonly rejectionCodes: readonly string[];
  /** A credit date DDMMAA in the header, for movements without any date. */
  readonly headerCreditDate?: Span;
  /** The file date in the header; default 095-100 DDMMAA. */
  readonly fileDate?: DateSpan;
  /** The beneficiary's code in the header, for banks whose details do not repeat it. */
  readonly headerAccount?: Span;
  /** Where the trailer writes the bank code; default 005-007 after the service "01" at 003-004. */
  readonly trailerBankCode?: Span;
}

/**
 * Bradesco 4008.524.0121. 06 liquidação normal, 15 em cartório, 17 após baixa; rejected: 03
 * entrada, 24 entrada (CEP irregular), 27 baixa, 30 alteração de outros dados, 32 instrução.
 */
const bradesco: Cnab400Layout = {
  bankCode: '237',
  bankName: 'Bradesco',
  manual: 'Bradesco, Cobrança Bradesco — layout CNAB 400 (4008.524.0121)',
  details: {
    '1': {
      account: [21, 37],
      control: [38, 62],
      nossoNumero: [71, 81],
      documentNumber: [117, 126],
      fees: [176, 188],
      otherExpenses: [189, 201],
      iof: [215, 227],
      otherCredits: [280, 292],
      creditDate: [296, 301],
      reasons: { at: [319, 328], width: 2 },
    },
  },
  settlementCodes: ['06', '15', '17'],
  rejectionCodes: ['03', '24', '27', '30', '32'],
  headerCreditDate: [380, 385],
};

/**
 * Itaú: 063-070 and 086-093 both hold the nosso número (8), 094 its DAC, 083-085 the
 * carteira. 06 liquidação normal, 07 liquidação parcial, 08 liquidação em cartório; rejected:
 * 03 entrada, 15 baixa, 16 instrução, 17 alteração de dados.
 */
const itau: Cnab400Layout = {
  bankCode: '341',
  bankName: 'Itaú',
  manual: 'Itaú, Cobrança — CNAB 400 arquivo retorno',
  details: {
    '1': {
      account: [18, 29],
      control: [38, 62],
      nossoNumero: [86, 93],
      documentNumber: [117, 126],
      fees: [176, 188],
      iof: [215, 227],
      otherCredits: [280, 292],
      creditDate: [296, 301],
      reasons: { at: [378, 385], width: 2 },
    },
  },
  settlementCodes: ['06', '07', '08'],
  rejectionCodes: ['03', '15', '16', '17'],
};

/**
 * Banco do Brasil CBR643: convênio of 7 digits writes type-7 details with the nosso número
 * (convênio + 10-digit complement, 17 digits, no check digit) at 064-080; convênio of 6 digits
 * writes type-1 details with the nosso número (convênio + 5) at 063-073 and its DV at 074.
 * Both put the credit date at 176-181 and the tarifa at 182-188. 05 liquidado sem registro,
 * 06 liquidação normal, 07 por conta, 08 por saldo, 15 em cartório.
 */
const bbAmounts = {
  documentNumber: [117, 126],
  creditDate: [176, 181],
  fees: [182, 188],
  otherExpenses: [189, 201],
  iof: [215, 227],
  otherCredits: [280, 292],
} as const;
const bancoDoBrasil: Cnab400Layout = {
  bankCode: '001',
  bankName: 'Banco do Brasil',
  manual: 'Banco do Brasil, CBR643 — retorno CNAB 400, convênios de 6 e 7 posições',
  details: {
    '7': { ...bbAmounts, account: [18, 38], control: [39, 63], nossoNumero: [64, 80] },
    '1': { ...bbAmounts, account: [18, 37], control: [38, 62], nossoNumero: [63, 73] },
  },
  settlementCodes: ['05', '06', '07', '08', '15'],
  rejectionCodes: ['03'],
};

/**
 * Santander: 063-070 nosso número (7 digits and its DV), 137-145 three 3-digit error codes.
 * 06 liquidação normal, 07 por conta, 08 por saldo, 17 liquidado em cartório (16 is "título
 * já baixado / liquidado", a notice, not a payment).
 */
const santander: Cnab400Layout = {
  bankCode: '033',
  bankName: 'Santander',
  manual: 'Santander, Cobrança — layout CNAB 400 retorno',
  details: {
    '1': {
      account: [18, 29],
      control: [38, 62],
      nossoNumero: [63, 69],
      documentNumber: [117, 126],
      fees: [176, 188],
      iof: [215, 227],
      otherCredits: [280, 292],
      creditDate: [296, 301],
      reasons: { at: [137, 145], width: 3 },
    },
  },
  settlementCodes: ['06', '07', '08', '17'],
  rejectionCodes: ['03'],
};

/** Banrisul: 063-072 nosso número (8 digits and 2 check digits "NC"), 383-392 reasons. 06, 08 (cartório), 25. */
const banrisul: Cnab400Layout = {
  bankCode: '041',
  bankName: 'Banrisul',
  manual: 'Banrisul, Cobrança — CNAB 400 retorno',
  details: {
    '1': {
      account: [18, 30],
      control: [38, 62],
      nossoNumero: [63, 70],
      documentNumber: [117, 126],
      fees: [176, 188],
      otherExpenses: [189, 201],
      otherCredits: [280, 292],
      creditDate: [296, 301],
      reasons: { at: [383, 392], width: 2 },
    },
  },
  settlementCodes: ['06', '08', '25'],
  rejectionCodes: ['03'],
};

/**
 * Unicred: 046-062 nosso número, 182-188 tarifa, 280-305 seu número, 319-326 reasons; no
 * credit date (credited on the occurrence date). 01 pago em cartório, 06 liquidação normal,
 * 07 liquidação condicional, 09 liquidação de título descontado.
 */
const unicred: Cnab400Layout = {
  bankCode: '136',
  bankName: 'Unicred',
  manual: 'Unicred, Cobrança — CNAB 400 retorno',
  details: {
    '1': { account: [18, 31], nossoNumero: [46, 62], documentNumber: [280, 305], fees: [182, 188], reasons: { at: [319, 326], width: 2 } },
  },
  settlementCodes: ['01', '06', '07', '09'],
  rejectionCodes: ['03'],
};

/**
 * Caixa SIGCB: 032-056 uso da empresa, 057-073 modality (2) + nosso número (15), 080-082 the
 * rejection code of an occurrence 99 (rejected), 294-299 credit date. 21 liquidação, 22 liquidação em
 * cartório, 35 liquidação após baixa; 01 is the entry confirmed.
 */
const caixa: Cnab400Layout = {
  bankCode: '104',
  bankName: 'Caixa',
  manual: 'Caixa, Manual de leiaute de arquivo retorno CNAB 400 — SIGCB',
  details: {
    '1': {
      account: [18, 31],
      control: [32, 56],
      nossoNumero: [59, 73],
      documentNumber: [117, 126],
      fees: [176, 188],
      iof: [215, 227],
      otherCredits: [280, 292],
      creditDate: [294, 299],
      reasons: { at: [80, 82], width: 3 },
    },
  },
  settlementCodes: ['21', '22', '35'],
  rejectionCodes: ['99'],
};

/**
 * Sicoob (CBR643-based): 032-037 convênio, 038-062 uso da empresa, 063-072 nosso número,
 * 073 its DV, 176-181 credit date, 182-188 tarifa. 05 liquidação sem registro, 06 liquidação.
 */
const sicoob: Cnab400Layout = {
  bankCode: '756',
  bankName: 'Sicoob',
  manual: 'Sicoob, Layout CNAB 400 — arquivo retorno de cobrança',
  details: {
    '1': { ...bbAmounts, account: [18, 37], control: [38, 62], nossoNumero: [63, 72] },
  },
  settlementCodes: ['05', '06'],
  rejectionCodes: ['03'],
};

/**
 * Sicredi, "Manual de leiaute CNAB 400 Sicredi — arquivo retorno" (version 2.x): the details
 * carry no beneficiary account (the header's código do beneficiário at 027-031 stands for it)
 * and no "uso da empresa"; 048-062 nosso número, 9 digits AABNNNNND with its DV as printed on
 * the boleto, left-aligned; 117-126 seu número; 176-188 despesas de cobrança; 189-201 custas
 * de protesto; 267-279 juros and 280-292 multa; 319-328 five 2-character reasons (letters too);
 * 329-336 the credit date as AAAAMMDD. The header's file date is AAAAMMDD at 095-102; the
 * trailer writes "748" at 003-005. 06 liquidação normal, 15 em cartório, 17 após baixa; rejected:
 * 03 entrada, 24 entrada (CEP irregular), 27 baixa, 30 alteração, 32 instrução.
 */
const sicredi: Cnab400Layout = {
  bankCode: '748',
  bankName: 'Sicredi',
  manual: 'Sicredi, Manual de leiaute CNAB 400 — arquivo retorno de cobrança',
  details: {
    '1': {
      nossoNumero: [48, 56],
      documentNumber: [117, 126],
      fees: [176, 188],
      otherExpenses: [189, 201],
      fine: [280, 292],
      creditDate: { aaaammdd: [329, 336] },
      reasons: { at: [319, 328], width: 2 },
    },
  },
  settlementCodes: ['06', '15', '17'],
  rejectionCodes: ['03', '24', '27', '30', '32'],
  fileDate: { aaaammdd: [95, 102] },
  headerAccount: [27, 31],
  trailerBankCode: [3, 5],
};

export const CNAB400_LAYOUTS: readonly Cnab400Layout[] = [bancoDoBrasil, santander, banrisul, caixa, unicred, bradesco, itau, sicoob, sicredi];

export function cnab400Layout(bankCode: string): Cnab400Layout | undefined {
  return CNAB400_LAYOUTS.find((l) => l.bankCode === bankCode);
}
