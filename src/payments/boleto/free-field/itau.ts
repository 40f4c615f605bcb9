/**
 * Itaú (341), standard layout. Free field:
 *   carteira (3) + nosso número (8) + DAC (1) + agência (4) + conta (5) + DAC (1) + "000"
 * The first DAC is modulo 10 of agência + conta + carteira + nosso número,
 * except for carteiras 126, 131, 146, 150 and 168, where it is modulo 10 of
 * carteira + nosso número only; the second is modulo 10 of agência + conta.
 * Carteiras 106, 107, 122, 142, 143, 195, 196 and 198 use another layout
 * (with "seu número" and client code) and are refused.
 */
import { err, ok } from '../../result.ts';
import { mod10 } from '../check-digits.ts';
import type { BoletoFreeField } from './types.ts';

export interface ItauInput {
  /** 3-digit carteira, e.g. "109". */
  readonly carteira: string;
  /** Up to 8 digits (zero-padded on the left), without DAC. */
  readonly nossoNumero: string;
  /** 4-digit agência, without check digit. */
  readonly agencia: string;
  /** 5-digit conta corrente, without DAC. */
  readonly conta: string;
}

const ITAU_DAC_CARTEIRA_ONLY = ['126', '131', '146', '150', '168'] as const;
export const ITAU_OTHER_LAYOUT_CARTEIRAS = ['106', '107', '122', '142', '143', '195', '196', '198'] as const;

const problem = (message: string) => err({ check: 'free_field' as const, message });

/** DAC of the nosso número (free-field position 12). */
export function itauNossoNumeroDac(agencia: string, conta: string, carteira: string, nossoNumero: string): number {
  const carteiraOnly = (ITAU_DAC_CARTEIRA_ONLY as readonly string[]).includes(carteira);
  return mod10(carteiraOnly ? `${carteira}${nossoNumero}` : `${agencia}${conta}${carteira}${nossoNumero}`);
}

function otherLayout(carteira: string): boolean {
  return (ITAU_OTHER_LAYOUT_CARTEIRAS as readonly string[]).includes(carteira);
}

export const itau: BoletoFreeField<ItauInput> = {
  bankCode: '341',

  build({ carteira, nossoNumero, agencia, conta }) {
    if (!/^[0-9]{3}$/.test(carteira)) return problem(`Itaú carteira ${JSON.stringify(carteira)} is not 3 digits`);
    if (otherLayout(carteira)) return problem(`Itaú carteira ${carteira} uses a different free-field layout, not supported`);
    if (!/^[0-9]{1,8}$/.test(nossoNumero)) return problem(`Itaú nosso número ${JSON.stringify(nossoNumero)} is not 1 to 8 digits`);
    if (!/^[0-9]{4}$/.test(agencia)) return problem(`Itaú agência ${JSON.stringify(agencia)} is not 4 digits`);
    if (!/^[0-9]{5}$/.test(conta)) return problem(`Itaú conta ${JSON.stringify(conta)} is not 5 digits (without its DAC)`);
    const nn = nossoNumero.padStart(8, '0');
    const dacNossoNumero = itauNossoNumeroDac(agencia, conta, carteira, nn);
    const dacConta = mod10(`${agencia}${conta}`);
    return ok(`${carteira}${nn}${dacNossoNumero}${agencia}${conta}${dacConta}000`);
  },

  parse(freeField) {
    if (!/^[0-9]{25}$/.test(freeField)) return problem('a free field has 25 digits');
    const carteira = freeField.slice(0, 3);
    if (otherLayout(carteira)) return problem(`Itaú carteira ${carteira} uses a different free-field layout, not supported`);
    const nossoNumero = freeField.slice(3, 11);
    const nossoNumeroDac = freeField.slice(11, 12);
    const agencia = freeField.slice(12, 16);
    const conta = freeField.slice(16, 21);
    const contaDac = freeField.slice(21, 22);
    if (freeField.slice(22) !== '000') return problem('Itaú free field must end in "000"');
    const expectedConta = String(mod10(`${agencia}${conta}`));
    if (contaDac !== expectedConta) return problem(`Itaú agência/conta DAC is ${contaDac}, expected ${expectedConta}`);
    const expectedNn = String(itauNossoNumeroDac(agencia, conta, carteira, nossoNumero));
    if (nossoNumeroDac !== expectedNn) return problem(`Itaú nosso número DAC is ${nossoNumeroDac}, expected ${expectedNn}`);
    return ok({ carteira, nossoNumero, nossoNumeroDac, agencia, conta, contaDac });
  },
};
