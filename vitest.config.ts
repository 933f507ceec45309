import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests and examples import the package by its public name, resolved to the sources.
    alias: [
      { find: /^durable-lambda$/, replacement: source('./src/index.ts') },
      { find: /^durable-lambda\/testing$/, replacement: source('./src/testing/index.ts') },
      { find: /^durable-lambda\/testing\/vitest$/, replacement: source('./src/testing/vitest.ts') },
      { find: /^durable-lambda\/(kms|s3|powertools|otel)$/, replacement: source('./src/$1.ts') },
      { find: /^durable-lambda\/eslint$/, replacement: source('./src/eslint/index.ts') },
      { find: /^durable-lambda\/cdk$/, replacement: source('./src/cdk/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
