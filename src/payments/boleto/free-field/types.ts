import type { Result } from '../../result.ts';
import type { BoletoError } from '../error.ts';

/**
 * One bank's layout of the barcode's 25-digit free field ("campo livre").
 * `build` returns the 25 digits or says which input is wrong (check
 * 'free_field'); `parse` splits 25 digits back into named parts and checks
 * whatever check digits the layout carries.
 */
export interface BoletoFreeField<Input> {
  readonly bankCode: string;
  build(input: Input): Result<string, BoletoError>;
  parse(freeField: string): Result<Record<string, string>, BoletoError>;
}
