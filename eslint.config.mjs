// @ts-check
import eslint from '@eslint/js';
import jest from 'eslint-plugin-jest';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const libs = [
  'core',
  'database',
  'embedded-postgres',
  'auth',
  'users',
  'teams',
  'rooms',
  'bookings',
  'idempotency',
  'calendar',
  'waitlist',
  'audit',
  'webhooks',
];

// A devDependency missing from production installs: only resolveDatabaseUrl loads it, lazily.
const embeddedPostgresOnlyLazily = {
  group: ['@app/embedded-postgres'],
  allowTypeImports: true,
  message:
    'Development only: reach it through resolveDatabaseUrl (@app/database), never statically.',
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      '.data/**',
      'bench/**/*.js',
      'scripts/**/*.js',
      'jest*.config.js',
      'test/support/openapi-types.d.ts',
      'clients/typescript/dist/**',
      'clients/typescript/src/openapi.ts',
      // Type-checked against the installed package by test/clients/typescript-package.e2e-spec.ts.
      'test/clients/support/*.cjs',
      'eslint.config.mjs',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // Nest decorators and class-validator DTOs rely on definite-assignment and empty classes.
      '@typescript-eslint/no-extraneous-class': 'off',
      'no-console': 'error',
      // Libraries are imported through their entry (@app/x), never deep or by relative path across packages.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@app/*/*'], message: 'Import a library through its entry point (@app/x).' },
            {
              group: ['../../libs/*', '../../../libs/*', '../../../../libs/*'],
              message: 'Use the @app/x alias.',
            },
            embeddedPostgresOnlyLazily,
          ],
        },
      ],
    },
  },
  {
    // supertest bodies and jest matchers are untyped by nature.
    files: ['test/**/*.ts', '**/*.spec.ts'],
    ...jest.configs['flat/recommended'],
    rules: {
      ...jest.configs['flat/recommended'].rules,
      'jest/no-focused-tests': 'error',
      'jest/no-disabled-tests': 'error',
      'jest/valid-expect': ['error', { alwaysAwait: true }],
      'jest/expect-expect': [
        'error',
        { assertFunctionNames: ['expect', 'request.**.expect', '**.expect', 'isProblem'] },
      ],
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      'no-restricted-imports': 'off',
    },
  },
  ...libs.map((lib) => ({
    files: [`libs/${lib}/src/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@app/*/*'], message: 'Import a library through its entry point (@app/x).' },
            {
              group: ['../../*', '../../../*'],
              message: 'Stay inside the library; use an @app/x alias.',
            },
            {
              group: [`@app/${lib}`],
              message: 'A library does not import itself through its alias.',
            },
            ...(lib === 'embedded-postgres' ? [] : [embeddedPostgresOnlyLazily]),
            ...(lib === 'core'
              ? [
                  {
                    group: ['@app/*', 'typeorm', '@nestjs/typeorm'],
                    message: 'core depends on nothing.',
                  },
                ]
              : []),
            ...(lib === 'embedded-postgres'
              ? [{ group: ['@app/*'], message: 'embedded-postgres depends on nothing.' }]
              : []),
            ...(lib === 'database'
              ? [
                  {
                    group: [
                      '@app/auth',
                      '@app/users',
                      '@app/teams',
                      '@app/rooms',
                      '@app/bookings',
                      '@app/idempotency',
                      '@app/waitlist',
                      '@app/webhooks',
                    ],
                    message: 'database depends only on core.',
                  },
                ]
              : []),
            ...(lib === 'idempotency'
              ? [
                  {
                    group: [
                      '@app/auth',
                      '@app/users',
                      '@app/teams',
                      '@app/rooms',
                      '@app/bookings',
                      '@app/waitlist',
                      '@app/webhooks',
                    ],
                    message: 'idempotency depends only on core and database.',
                  },
                ]
              : []),
            ...(lib === 'webhooks'
              ? [
                  {
                    group: [
                      '@app/auth',
                      '@app/users',
                      '@app/teams',
                      '@app/rooms',
                      '@app/bookings',
                      '@app/idempotency',
                      '@app/waitlist',
                    ],
                    message: 'webhooks depends only on core and database (bookings depend on it).',
                  },
                ]
              : []),
          ],
        },
      ],
    },
  })),
  {
    // The web app: browser code bundled by Vite, typed by apps/web/tsconfig.json.
    files: ['apps/web/**/*.{ts,tsx,mts}'],
    ...reactHooks.configs.flat.recommended,
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@app/*', '../../libs/*', '../../../libs/*'],
              message: 'The web app reaches the API over HTTP only, through src/api/client.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['ormconfig.ts', 'test/global-setup.ts', 'test/global-teardown.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  prettier,
);
