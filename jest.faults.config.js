/**
 * `npm run test:faults`: the API as a built child process against a PostgreSQL each spec owns
 * (so it can stop and restart it). Kept out of `npm test`: specs are *.faults-spec.ts.
 * The global setup builds the API into dist (skip with API_DIST=<an existing build>).
 */
const base = require('./jest.config.js');

const e2e = base.projects.find((project) => project.displayName === 'e2e');

module.exports = {
  transform: e2e.transform,
  transformIgnorePatterns: e2e.transformIgnorePatterns,
  moduleNameMapper: e2e.moduleNameMapper,
  testEnvironment: 'node',
  rootDir: __dirname,
  displayName: 'faults',
  testMatch: ['<rootDir>/test/faults/**/*.faults-spec.ts'],
  globalSetup: '<rootDir>/test/faults/global-setup.ts',
  testTimeout: 90000,
  // Each spec starts its own server and API: one at a time keeps their timings meaningful.
  maxWorkers: 1,
};
