/**
 * A dynamic Pix charge: the PSP registers a charge under our txid and publishes its payload at
 * a location URL; the BR Code ("copia e cola") points at that location. One implementation
 * speaks the Banco Central's API Pix (pix-psp.ts); PSPs with their own API fit the same shape.
 */

export interface CreatePixChargeInput {
  /** 26-35 letters and digits, ours (see txidFor): retrying with the same txid revises the same charge. */
  txid: string;
  /** Centavos. */
  amountMinor: number;
  /** The receiving Pix key (CPF, CNPJ, phone, e-mail or random key) registered at the PSP. */
  key: string;
  /** CPF or CNPJ (any punctuation) and name; the payer's bank shows it and may refuse another payer. */
  payer?: { taxId: string; name: string };
  /** Shown to the payer (solicitacaoPagador); longer than 140 characters is cut. */
  description?: string;
  expiresInSeconds: number;
  /** For the BR Code built from the location; accents are removed and the text cut to 25 / 15 characters. */
  merchantName: string;
  merchantCity: string;
}

export interface PixCharge {
  txid: string;
  /** The payload location, as the PSP wrote it (usually without "https://"). */
  location: string;
  /** The BR Code to show as text and QR code. */
  copyPaste: string;
}

export interface PixChargePayment {
  endToEndId: string;
  /** Centavos. */
  amountMinor: number;
  paidAt: Date;
}

export interface PixChargeStatus {
  status: 'active' | 'paid' | 'removed';
  payments: PixChargePayment[];
}

export interface DynamicPixProvider {
  /** Throws PermanentProviderError or TransientProviderError (see errors.ts). */
  createCharge(input: CreatePixChargeInput): Promise<PixCharge>;
  getCharge(txid: string): Promise<PixChargeStatus>;
}
