export * from './database.module';
export * from './data-source-options';
export * from './embedded-database';
export * from './migrate';
export * from './notifications';
export * from './pg-errors';
export * from './transaction';
export { migrations } from './migrations';
export * from './connect-error';
