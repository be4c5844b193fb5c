export * from './database.module';
export * from './data-source-options';
export * from './embedded-postgres';
export * from './postgres-binaries';
export * from './embedded-database';
export * from './migrate';
export * from './pg-errors';
export * from './transaction';
export { migrations } from './migrations';
