import type { Command } from 'commander';
import { dateInZone } from '../../domain/dates.ts';
import { formatAmount } from '../../domain/money.ts';
import { parseBoleto } from '../../payments/boleto/parse.ts';
import { parsePix } from '../../payments/pix/br-code.ts';
import { UserError } from '../../use-cases/errors.ts';

/** `regua pix parse` and `regua boleto parse`: check a pasted code without touching any database. */
export function registerPaymentCodes(program: Command): void {
  program
    .command('pix')
    .description('Pix BR Code tools')
    .command('parse')
    .description('validate a Pix "copia e cola" code and show its fields')
    .argument('<code>', 'the BR Code payload')
    .option('--json', 'print the fields as JSON')
    .action((code: string, options: { json?: boolean }) => {
      const parsed = parsePix(code);
      if (!parsed.ok) throw new UserError(`invalid Pix code (${parsed.error.check} check): ${parsed.error.message}`, `pix_${parsed.error.check}`, parsed.error);
      const pix = parsed.value;
      const fields = {
        key: pix.key ?? null,
        key_type: pix.keyType ?? null,
        location_url: pix.locationUrl ?? null,
        amount: pix.amountMinor === undefined ? null : formatAmount(pix.amountMinor, 'BRL'),
        currency: pix.currency === '986' ? 'BRL' : pix.currency,
        txid: pix.txid ?? null,
        merchant_name: pix.merchantName,
        merchant_city: pix.merchantCity,
        description: pix.description ?? null,
        point_of_initiation: pix.pointOfInitiation === '12' ? 'single_use' : 'reusable',
        crc: pix.crc,
      };
      print(fields, Boolean(options.json));
    });

  program
    .command('boleto')
    .description('boleto tools')
    .command('parse')
    .description('validate a boleto linha digitável (47 digits) or barcode (44 digits) and show its fields')
    .argument('<line-or-barcode>', 'digits; spaces, dots and dashes are ignored')
    .option('--reference-date <date>', 'resolves the due-date factor cycle (default: today)')
    .option('--json', 'print the fields as JSON')
    .action((input: string, options: { json?: boolean; referenceDate?: string }) => {
      const parsed = parseBoleto(input, options.referenceDate ?? dateInZone(new Date(), 'America/Sao_Paulo'));
      if (!parsed.ok)
        throw new UserError(`invalid boleto (${parsed.error.check} check): ${parsed.error.message}`, `boleto_${parsed.error.check}`, parsed.error);
      const b = parsed.value;
      print(
        {
          bank_code: b.bankCode,
          currency: b.currency === '9' ? 'BRL' : b.currency,
          due_date: b.dueDate,
          amount: b.amountMinor === 0 ? null : formatAmount(b.amountMinor, 'BRL'),
          free_field: b.freeField,
          barcode: b.barcode,
          line: b.line,
        },
        Boolean(options.json),
      );
    });
}

function print(fields: Record<string, string | null>, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(fields)}\n`);
    return;
  }
  const width = Math.max(...Object.keys(fields).map((k) => k.length));
  for (const [key, value] of Object.entries(fields)) if (value !== null) process.stdout.write(`${key.padEnd(width)}  ${value}\n`);
}
