import { UserError } from '../errors.ts';

/** Errors of signing in and of roles; `status` is the HTTP status the API answers with. */

export class InvalidCredentialsError extends UserError {
  readonly status = 401;
  constructor() {
    super('invalid e-mail or password', 'invalid_credentials');
  }
}

export class TooManyAttemptsError extends UserError {
  readonly status = 429;
  constructor(
    readonly retryAt: Date,
    scope: 'account' | 'address',
    now: Date,
  ) {
    const minutes = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 60_000));
    super(
      `too many failed sign-in attempts ${scope === 'account' ? 'for this account' : 'from this address'}; try again in ${minutes} minute${minutes === 1 ? '' : 's'} (after ${retryAt.toISOString()})`,
      'too_many_attempts',
      { retry_at: retryAt.toISOString(), scope },
    );
  }
}

export class InvalidTokenError extends UserError {
  constructor() {
    super('this link is invalid, has expired or was already used', 'invalid_token');
  }
}

export class ForbiddenError extends UserError {
  readonly status = 403;
  constructor(message: string, code = 'forbidden') {
    super(message, code);
  }
}
