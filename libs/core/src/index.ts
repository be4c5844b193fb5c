export * from './config.schema';
export * from './config.module';
export * from './domain-error';
export * from './clock';
export * from './workspace-time';
export * from './page';
export * from './member-age';
export * from './ids';
