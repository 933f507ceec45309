// Builds each example function into a Lambda bundle (used by `npm run build:examples` through
// esbuild.config.mjs, and by test/infra/example-bundles.test.ts).
import { build } from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * Function entry files of the examples: every examples/<name>/*.ts that exports `handler`
 * (tests and the main job excluded), e.g. examples/chained-invoke/payment.ts next to handler.ts.
 */
export function exampleFunctions(root = 'examples') {
  const found = [];
  for (const name of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    for (const file of readdirSync(join(root, name)).sort()) {
      if (!file.endsWith('.ts') || file.endsWith('.test.ts') || file === 'main.ts') continue;
      if (!/^export const handler\b/m.test(readFileSync(join(root, name, file), 'utf8'))) continue;
      found.push({ example: name, file, entry: `${name}/${file.slice(0, -'.ts'.length)}` });
    }
  }
  return found;
}

// The same settings template.yaml gives `sam build` (Metadata.BuildProperties): Node 22 ESM,
// minified, source maps, the runtime's AWS SDK v3 left external. `durable-lambda` resolves to
// this checkout's sources through tsconfig.json paths.
export async function buildExamples({ outdir = 'dist/examples' } = {}) {
  const functions = exampleFunctions();
  const result = await build({
    entryPoints: Object.fromEntries(functions.map((f) => [f.entry, join('examples', f.example, f.file)])),
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    minify: true,
    sourcemap: true,
    external: ['@aws-sdk/*'],
    // ESM bundles still meet CommonJS dependencies that call require().
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    metafile: true,
    logLevel: 'warning',
  });
  return Object.entries(result.metafile.outputs)
    .filter(([path]) => path.endsWith('.mjs'))
    .map(([path, output]) => ({ path, bytes: output.bytes, gzip: gzipSync(readFileSync(path)).length }));
}

/** Prints the table of bundle sizes. */
export function printBundleSizes(rows) {
  const width = Math.max(...rows.map((r) => r.path.length));
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`.padStart(10);
  console.log(`${'bundle'.padEnd(width)}  ${'size'.padStart(10)}  ${'gzip'.padStart(10)}`);
  for (const row of rows) console.log(`${row.path.padEnd(width)}  ${kib(row.bytes)}  ${kib(row.gzip)}`);
  console.log(`built ${rows.length} Lambda bundles (nodejs22.x, ESM, minified, source maps, @aws-sdk/* external)`);
}
