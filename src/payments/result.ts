/**
 * A typed result for operations that can reject their input. Parsers and
 * builders in `src/payments` never throw for bad input; they return `err`
 * with a machine-readable `check` and a human-readable `message`.
 */
export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

export function err<E>(error: E): { readonly ok: false; readonly error: E } {
  return { ok: false, error };
}
