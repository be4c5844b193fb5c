import { DomainError, FieldError } from '@app/core';

export class UsernameTaken extends DomainError {
  constructor() {
    super('USERNAME_TAKEN', 'A user with that username already exists', [
      { field: 'username', message: 'username is already taken' },
    ]);
  }
}

export class EmailTaken extends DomainError {
  constructor() {
    super('EMAIL_TAKEN', 'A user with that email already exists', [
      { field: 'email', message: 'email is already registered' },
    ]);
  }
}

export class WeakPassword extends DomainError {
  constructor(problems: FieldError[]) {
    super('WEAK_PASSWORD', problems.map((p) => p.message).join('; '), problems);
  }
}

export class InvalidCredentials extends DomainError {
  constructor() {
    super('INVALID_CREDENTIALS', 'No active account found with the given credentials');
  }
}

export class MemberNotFound extends DomainError {
  constructor() {
    super('MEMBER_NOT_FOUND', 'Member not found');
  }
}

export class MemberInUse extends DomainError {
  constructor() {
    super(
      'MEMBER_IN_USE',
      'This member takes part in active bookings that have not ended; cancel them first',
    );
  }
}

export class LastAdmin extends DomainError {
  constructor() {
    super('LAST_ADMIN', 'This is the last active admin account; make another admin first');
  }
}

/**
 * Member ids that name no live member. Only admins are told which: anyone else learns no more
 * than the members list already shows them.
 */
export class UnknownMembers extends DomainError {
  constructor(memberIds: number[], field: string, revealIds: boolean) {
    const message = revealIds
      ? `Unknown member id(s): ${memberIds.join(', ')}`
      : 'One or more of the given members do not exist';
    super('UNKNOWN_MEMBERS', message, [{ field, message }]);
  }
}

export class MemberEditForbidden extends DomainError {
  constructor() {
    super('FORBIDDEN', 'You do not have permission to perform this action');
  }
}
