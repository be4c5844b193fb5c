export * from './teams.module';
export * from './entities/team.entity';
