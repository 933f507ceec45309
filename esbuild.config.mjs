// Builds the library from package.json "exports": each sub-path's `types` file names its source
// (dist/types/x.d.ts <- src/x.ts), its `import` file the ESM output and its `require` file, when
// the exports map offers one, the CJS output. The CLI (bin/durable-lambda.mjs) is ESM only.
// Type declarations come from tsc (tsconfig.build.json).
// With --examples it builds the example functions into Lambda bundles instead (npm run build:examples).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildExamples, printBundleSizes } from './scripts/build-examples.mjs';
import { esmOnDemand } from './scripts/cjs-esm-on-demand.mjs';
import { libraryEntries } from './scripts/package-entries.mjs';

if (process.argv.includes('--examples')) {
  printBundleSizes(await buildExamples());
  process.exit(0);
}

const entries = [...libraryEntries(), { name: 'cli', source: 'src/cli/main.ts' }];

rmSync('dist/esm', { recursive: true, force: true });
rmSync('dist/cjs', { recursive: true, force: true });

// Dependencies and peers stay external; optional peers are imported where a feature uses them.
// Both builds are minified with names kept (stack frames name the functions) and ship no source
// maps: maps to src/ would point at files the package does not install, and maps with sources
// would double the package. That keeps it under its 350 KB packed budget (consumer suite).
const shared = { bundle: true, platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning', charset: 'utf8', legalComments: 'none' };

// Entries whose modules import an optional peer at load (the CDK construct imports aws-cdk-lib)
// get CJS bundles of their own, so requiring any other entry never loads that peer.
const STANDALONE_CJS = new Set(['cdk']);
const cjsEntries = entries.filter((entry) => entry.cjs && !STANDALONE_CJS.has(entry.cjs));
const standaloneCjs = entries.filter((entry) => entry.cjs && STANDALONE_CJS.has(entry.cjs));
await Promise.all([
  // One ESM build with shared chunks: the entries (and the CLI) load one copy of the core.
  build({
    ...shared,
    entryPoints: Object.fromEntries(entries.map((entry) => [entry.name, entry.source])),
    format: 'esm',
    minify: true,
    keepNames: true,
    splitting: true,
    outdir: 'dist/esm',
    chunkNames: 'chunks/[name]-[hash]',
  }),
  ...standaloneCjs.map((entry) =>
    build({ ...shared, entryPoints: { [entry.cjs]: entry.source }, format: 'cjs', minify: true, keepNames: true, outdir: 'dist/cjs', outExtension: { '.js': '.cjs' } }),
  ),
  // CJS (require, Jest): esbuild cannot split CJS, so one shared bundle holds every entry's
  // module namespace and each entry file re-exports its own; the core then ships once. The
  // ESLint plugin has no CJS build: ESLint loads configs with import(), and require() of it
  // gets the ESM build (Node >= 20.19 and 22.12 load ESM from require).
  build({
    ...shared,
    stdin: {
      contents: cjsEntries.map((entry) => `export * as ${JSON.stringify(entry.cjs)} from ${JSON.stringify(resolve(entry.source))};`).join('\n'),
      resolveDir: process.cwd(),
      sourcefile: 'cjs-entries.ts',
      loader: 'ts',
    },
    format: 'cjs',
    minify: true,
    keepNames: true,
    outfile: 'dist/cjs/shared.cjs',
    // The console and the conformance harness load from the ESM build when first used.
    plugins: [esmOnDemand],
    // CJS has no import.meta; the one reader (console assets) uses __dirname there.
    define: { 'import.meta.url': 'undefined' },
  }),
]);
for (const entry of cjsEntries) {
  writeFileSync(`dist/cjs/${entry.cjs}.cjs`, `'use strict';\nmodule.exports = require('./shared.cjs')[${JSON.stringify(entry.cjs)}];\n`);
}
// The console's page: one self-contained script and style under dist/console (no CDN, no network).
mkdirSync('dist/console', { recursive: true });
await build({ entryPoints: ['src/console/ui/main.ts'], bundle: true, format: 'iife', target: 'es2022', minify: true, legalComments: 'none', outfile: 'dist/console/console.js', logLevel: 'warning' });
copyFileSync('src/console/ui/console.css', 'dist/console/console.css');
console.log(`built ${entries.map((entry) => `${entry.name}${entry.cjs ? '' : ' (ESM only)'}`).join(', ')}, console page`);
