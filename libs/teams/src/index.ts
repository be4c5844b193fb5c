export * from './teams.module';
export * from './teams.service';
export * from './teams.errors';
export * from './team';
export * from './entities/team.entity';
export * from './entities/team-member.entity';
export type { LockedTeam } from './teams.repository';
