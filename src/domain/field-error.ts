/** A problem with one field of an input record, named so a person can fix it. */
export interface FieldError {
  readonly field: string;
  readonly reason: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };
