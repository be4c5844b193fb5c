import { DomainError } from '@app/core';

export class InvalidRefreshToken extends DomainError {
  constructor() {
    super('INVALID_TOKEN', 'Token is invalid or expired');
  }
}

/** A used or revoked refresh token came back: its whole family is revoked (theft detection). */
export class RefreshTokenReused extends DomainError {
  constructor() {
    super(
      'REFRESH_TOKEN_REUSED',
      'Refresh token has already been used; every token of its session is now revoked',
    );
  }
}

/** The username's failed-login backoff is running (see LoginBackoffService). */
export class TooManyLoginAttempts extends DomainError {
  constructor(override readonly retryAfterSeconds: number) {
    super(
      'TOO_MANY_ATTEMPTS',
      `Too many failed logins for this username; retry in ${retryAfterSeconds} s`,
    );
  }
}

export class RefreshTokenNotOwned extends DomainError {
  constructor() {
    super('FORBIDDEN', 'This refresh token belongs to another account');
  }
}
