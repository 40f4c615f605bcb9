/**
 * Banco do Brasil (001), convênio of 7 digits ("nosso número" of 17 digits =
 * convênio + 10-digit complement). Free field:
 *   "000000" (6) + convênio (7) + nosso número complement (10) + carteira (2)
 * The layout carries no check digit of its own.
 */
import { err, ok } from '../../result.ts';
import type { BoletoFreeField } from './types.ts';

export interface BancoDoBrasilConvenio7Input {
  /** The 7-digit convênio (1000000 and above). */
  readonly convenio: string;
  /** Sequence chosen by the beneficiary, up to 10 digits (zero-padded on the left). */
  readonly nossoNumeroComplement: string;
  /** 2-digit carteira, e.g. "17" or "18". */
  readonly carteira: string;
}

const problem = (message: string) => err({ check: 'free_field' as const, message });

export const bancoDoBrasilConvenio7: BoletoFreeField<BancoDoBrasilConvenio7Input> = {
  bankCode: '001',

  build({ convenio, nossoNumeroComplement, carteira }) {
    if (!/^[1-9][0-9]{6}$/.test(convenio)) return problem(`Banco do Brasil convênio ${JSON.stringify(convenio)} is not a 7-digit number`);
    if (!/^[0-9]{1,10}$/.test(nossoNumeroComplement)) {
      return problem(`Banco do Brasil nosso número complement ${JSON.stringify(nossoNumeroComplement)} is not 1 to 10 digits`);
    }
    if (!/^[0-9]{2}$/.test(carteira)) return problem(`Banco do Brasil carteira ${JSON.stringify(carteira)} is not 2 digits`);
    return ok(`000000${convenio}${nossoNumeroComplement.padStart(10, '0')}${carteira}`);
  },

  parse(freeField) {
    if (!/^[0-9]{25}$/.test(freeField)) return problem('a free field has 25 digits');
    if (!freeField.startsWith('000000') || freeField[6] === '0') {
      return problem('not a Banco do Brasil 7-digit-convênio free field (expected "000000" and a 7-digit convênio)');
    }
    const convenio = freeField.slice(6, 13);
    const complement = freeField.slice(13, 23);
    return ok({
      convenio,
      nossoNumeroComplement: complement,
      nossoNumero: `${convenio}${complement}`,
      carteira: freeField.slice(23, 25),
    });
  },
};
