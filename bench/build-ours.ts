/**
 * Builds our package entry the way `npm run build` does (esbuild, ESM, dependencies external) into
 * `.tmp/bench/`, so the bench runs the JavaScript users run, not tsx's on-the-fly transform of the
 * sources (which wraps every function in a naming helper). The official SDK is measured from its
 * published build too.
 */
import { build } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';

const outfile = fileURLToPath(new URL('../.tmp/bench/ours-build/index.mjs', import.meta.url));
const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));

/** Bundles src/index.ts and imports the result. */
export const loadBuiltOurs = async (): Promise<Record<string, unknown>> => {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'error',
  });
  return (await import(pathToFileURL(outfile).href)) as Record<string, unknown>;
};
