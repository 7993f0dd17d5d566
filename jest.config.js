const swcTypescript = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'es6' },
  },
];

const shared = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swcTypescript },
  moduleNameMapper: {
    '^nestjs-health$': '<rootDir>/src/index.ts',
    '^nestjs-health/testing$': '<rootDir>/src/testing/index.ts',
    '^nestjs-health/grpc$': '<rootDir>/src/grpc/index.ts',
    '^nestjs-health/terminus$': '<rootDir>/src/terminus/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};

/** @type {import('jest').Config} */
export default {
  testTimeout: 20000,
  projects: [
    {
      ...shared,
      displayName: 'default',
      testMatch: ['<rootDir>/test/**/*.spec.ts', '<rootDir>/sample-app/test/**/*.spec.ts'],
      testPathIgnorePatterns: [
        ...shared.testPathIgnorePatterns,
        '\\.services\\.spec\\.ts$',
        '\\.faults\\.spec\\.ts$',
        '\\.monitoring\\.spec\\.ts$',
        '\\.browser\\.spec\\.ts$',
      ],
    },
    {
      ...shared,
      displayName: 'services',
      testMatch: ['<rootDir>/test/**/*.services.spec.ts', '<rootDir>/sample-app/test/**/*.services.spec.ts'],
    },
    {
      ...shared,
      displayName: 'faults',
      testMatch: ['<rootDir>/test/**/*.faults.spec.ts'],
      testTimeout: 120000,
    },
    {
      ...shared,
      displayName: 'monitoring',
      testMatch: ['<rootDir>/test/**/*.monitoring.spec.ts'],
      testTimeout: 120000,
    },
    {
      ...shared,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/**/*.browser.spec.ts'],
      testTimeout: 60000,
    },
  ],
};
