export * from './users.module';
export * from './users.service';
export * from './users.errors';
export * from './password.policy';
export * from './entities/member.entity';
export * from './entities/account.entity';
export * from './admin-accounts.service';
