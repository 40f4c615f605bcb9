import type { FieldError } from '../domain/field-error.ts';

/** Bad input from the person or program calling Régua: CLI exit code 1, HTTP 4xx. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly code: string = 'bad_request',
    readonly details: unknown = undefined,
  ) {
    super(message);
  }
}

export class NotFoundError extends UserError {
  constructor(what: string, id: string) {
    super(`${what} ${id} not found`, 'not_found', { id });
  }
}

export class ConflictError extends UserError {
  constructor(message: string, code = 'conflict', details?: unknown) {
    super(message, code, details);
  }
}

export class ValidationError extends UserError {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => `${e.field}: ${e.reason}`).join('; '), 'validation_failed', errors);
  }
}
