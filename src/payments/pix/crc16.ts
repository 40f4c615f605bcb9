/**
 * CRC-16/CCITT-FALSE, as the Pix BR Code requires (Manual de Padrões para
 * Iniciação do Pix): polynomial 0x1021, initial value 0xFFFF, no reflection,
 * no final XOR. Check value over the ASCII string "123456789" is 0x29B1.
 *
 * Strings are hashed as their UTF-8 bytes (a valid BR Code is ASCII, where
 * bytes and characters coincide).
 */

const encoder = new TextEncoder();

export function crc16CcittFalse(data: string | Uint8Array): number {
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc;
}

/** The CRC as 4 upper-case hex digits, e.g. "29B1". */
export function crc16Hex(data: string | Uint8Array): string {
  return crc16CcittFalse(data).toString(16).toUpperCase().padStart(4, '0');
}
