/**
 * Jest on Node 20 cannot `require` the ESM-only NestJS 12 packages by itself: @swc/jest compiles our TypeScript
 * and those packages (and file-type with its ESM dependencies) to CommonJS, keeping decorator metadata so
 * Nest's constructor injection works (see ../shared/DESIGN.md, toolchain facts).
 */
const esmPackages = ['@nestjs', 'file-type', 'strtok3', 'token-types', '@tokenizer', 'uint8array-extras', '@borewit'];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  transform: {
    '^.+\\.(t|j|mj)s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  // Generous: e2e files spawn the built app and CLI (each boots Nest and PGlite), slow on a loaded 2-core machine.
  testTimeout: 180_000,
  maxWorkers: 2,
  setupFiles: ['<rootDir>/test/support/jest-setup.ts'],
  // Every file's app log lines are checked for the customers' personal data the fakes seeded (issue #17 §9).
  setupFilesAfterEnv: ['<rootDir>/test/support/log-leak-check.ts'],
};
