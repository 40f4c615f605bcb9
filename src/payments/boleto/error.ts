/**
 * Checks a boleto can fail, named so that a caller (CLI, API, import report)
 * can say which one without parsing the message.
 */
export type BoletoCheck =
  | 'length'
  | 'digits'
  | 'field1_dv'
  | 'field2_dv'
  | 'field3_dv'
  | 'general_dv'
  | 'currency'
  | 'due_date'
  | 'reference_date'
  | 'amount'
  | 'bank_code'
  | 'free_field'
  | 'mismatch';

export interface BoletoError {
  readonly check: BoletoCheck;
  readonly message: string;
}
