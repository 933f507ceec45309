// Builds the library from package.json "exports": each sub-path's `types` file names its source
// (dist/types/x.d.ts <- src/x.ts), its `import` file the ESM output and its `require` file, when
// the exports map offers one, the CJS output. The CLI (bin/durable-lambda.mjs) is ESM only.
// Type declarations come from tsc (tsconfig.build.json).
// With --examples it builds the example functions into Lambda bundles instead (npm run build:examples).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { buildExamples, printBundleSizes } from './scripts/build-examples.mjs';
import { libraryEntries } from './scripts/package-entries.mjs';

if (process.argv.includes('--examples')) {
  printBundleSizes(await buildExamples());
  process.exit(0);
}

const entries = [...libraryEntries(), { name: 'cli', source: 'src/cli/main.ts' }];

rmSync('dist/esm', { recursive: true, force: true });
rmSync('dist/cjs', { recursive: true, force: true });

// Dependencies and peers stay external; optional peers are imported where a feature uses them.
// The ESM build (what bundlers and Node's `import` take) is not minified, so its frames read as
// they are, and has source maps to src/ without embedding it (sourcesContent would double the
// package). The CJS build (require, Jest) is whitespace-minified without maps, names kept: it
// keeps the packed package under its 350 KB budget (checked by the consumer suite).
const shared = { bundle: true, platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning' };

await Promise.all([
  // One ESM build with shared chunks: the entries (and the CLI) load one copy of the core.
  build({
    ...shared,
    entryPoints: Object.fromEntries(entries.map((entry) => [entry.name, entry.source])),
    format: 'esm',
    sourcemap: true,
    sourcesContent: false,
    splitting: true,
    outdir: 'dist/esm',
    chunkNames: 'chunks/[name]-[hash]',
  }),
  ...entries
    .filter((entry) => entry.cjs)
    .map((entry) =>
      // CJS has no import.meta; the one reader (console assets) uses __dirname there.
      build({ ...shared, entryPoints: { [entry.cjs]: entry.source }, format: 'cjs', minifyWhitespace: true, outdir: 'dist/cjs', outExtension: { '.js': '.cjs' }, define: { 'import.meta.url': 'undefined' } }),
    ),
]);
// The console's page: one self-contained script and style under dist/console (no CDN, no network).
mkdirSync('dist/console', { recursive: true });
await build({ entryPoints: ['src/console/ui/main.ts'], bundle: true, format: 'iife', target: 'es2022', minify: true, legalComments: 'none', outfile: 'dist/console/console.js', logLevel: 'warning' });
copyFileSync('src/console/ui/console.css', 'dist/console/console.css');
console.log(`built ${entries.map((entry) => `${entry.name}${entry.cjs ? '' : ' (ESM only)'}`).join(', ')}, console page`);
