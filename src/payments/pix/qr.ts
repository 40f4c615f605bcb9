/**
 * QR code images of a Pix BR Code (error correction level M), as PNG or SVG.
 * The payload is validated with `parsePix` first: a QR code that a payer's
 * bank app would refuse is never produced; the promise rejects with a
 * `PixQrError` naming the failing check instead.
 */
import type { PixCheck } from './br-code.ts';
import { parsePix } from './br-code.ts';

export class PixQrError extends Error {
  readonly check: PixCheck;
  constructor(check: PixCheck, message: string) {
    super(message);
    this.name = 'PixQrError';
    this.check = check;
  }
}

function validated(payload: string): Promise<string> {
  const parsed = parsePix(payload);
  if (!parsed.ok) return Promise.reject(new PixQrError(parsed.error.check, `not a valid Pix code: ${parsed.error.message}`));
  return Promise.resolve(payload.trim());
}

export async function pixQrPng(payload: string, options: { width?: number; margin?: number } = {}): Promise<Buffer> {
  const text = await validated(payload);
  const { default: QRCode } = await import('qrcode');
  return QRCode.toBuffer(text, {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: options.margin ?? 4,
    ...(options.width !== undefined && { width: options.width }),
  });
}

export async function pixQrSvg(payload: string, options: { margin?: number } = {}): Promise<string> {
  const text = await validated(payload);
  const { default: QRCode } = await import('qrcode');
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: options.margin ?? 4 });
}
