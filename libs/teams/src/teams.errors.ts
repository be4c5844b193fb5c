import { DomainError } from '@app/core';

export class TeamNotFound extends DomainError {
  constructor() {
    super('TEAM_NOT_FOUND', 'Team not found');
  }
}

export class TeamNameTaken extends DomainError {
  constructor() {
    super('TEAM_NAME_TAKEN', 'A team with that name already exists', [
      { field: 'name', message: 'name is already taken' },
    ]);
  }
}

export class TeamInUse extends DomainError {
  constructor() {
    super('TEAM_IN_USE', 'This team has active bookings that have not ended; cancel them first');
  }
}
