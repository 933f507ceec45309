// A small Jest project proving the in-process runner and the matchers work under Jest.
// TypeScript goes through esbuild (already a devDependency), so no ts-jest/babel setup.
const { resolve } = require('node:path');

const root = resolve(__dirname, '../..');

module.exports = {
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.jest.ts'],
  testEnvironment: 'node',
  setupFilesAfterEnv: ['<rootDir>/setup-matchers.ts'],
  transform: { '\\.[cm]?tsx?$': '<rootDir>/esbuild-transform.cjs' },
  moduleFileExtensions: ['ts', 'mts', 'js', 'mjs', 'cjs', 'json'],
  moduleNameMapper: {
    '^durable-lambda$': `${root}/src/index.ts`,
    '^durable-lambda/testing$': `${root}/src/testing/index.ts`,
    '^durable-lambda/cdk$': `${root}/src/cdk/index.ts`,
    // Sources import siblings as `./x.js` (NodeNext); Jest resolves the `.ts` file.
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  cache: false,
};
