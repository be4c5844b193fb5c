export * from './auth.module';
export * from './auth.service';
export * from './auth.errors';
export * from './auth-user';
export * from './decorators';
export * from './guards';
export * from './tokens.service';
export * from './rate-limit/redis-throttler.storage';
