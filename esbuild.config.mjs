// Builds the library (ESM + CJS per public entry point); type declarations come from tsc.
// Entry points map 1:1 to package.json "exports"; optional ones are built once their source exists.
// With --examples it builds the example functions into Lambda bundles instead (npm run build:examples).
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { buildExamples, printBundleSizes } from './scripts/build-examples.mjs';

if (process.argv.includes('--examples')) {
  printBundleSizes(await buildExamples());
  process.exit(0);
}

const entries = [
  { name: 'index', source: 'src/index.ts' },
  { name: 'testing', source: 'src/testing/index.ts' },
  { name: 'testing-vitest', source: 'src/testing/vitest.ts' },
  { name: 'kms', source: 'src/kms.ts' },
  { name: 's3', source: 'src/s3.ts' },
  { name: 'powertools', source: 'src/powertools.ts' },
  { name: 'eslint', source: 'src/eslint/index.ts' },
  { name: 'cli', source: 'src/cli/main.ts' },
].filter((entry) => existsSync(entry.source));

// Dependencies stay external: the AWS SDK clients are loaded lazily and only where used.
const shared = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, packages: 'external', logLevel: 'warning' };

await Promise.all(
  entries.flatMap((entry) => [
    build({ ...shared, entryPoints: { [entry.name]: entry.source }, format: 'esm', outdir: 'dist/esm', outExtension: { '.js': '.js' } }),
    build({ ...shared, entryPoints: { [entry.name]: entry.source }, format: 'cjs', outdir: 'dist/cjs', outExtension: { '.js': '.cjs' } }),
  ]),
);
console.log(`built ${entries.map((entry) => entry.name).join(', ')}`);
