export * from './users.module';
export * from './entities/member.entity';
export * from './entities/account.entity';
