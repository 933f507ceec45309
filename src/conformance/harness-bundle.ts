/**
 * Bundles conformance handler files with esbuild so the same file runs on either SDK:
 * `durable-lambda` resolves to our sources, or with `sdk: 'official'` to
 * `@aws/durable-execution-sdk-js`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { importPeer } from '../peers/optional-peer.js';

/** Which SDK the handlers' `durable-lambda` import means. */
export type HarnessSdk = 'ours' | 'official';

const HANDLER_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'];

/** Finds `<dir>/<id>.{ts,mts,js,mjs}`, or undefined. */
export const findHandlerFile = (handlersDir: string, id: string): string | undefined => {
  for (const ext of HANDLER_EXTENSIONS) {
    const file = resolve(handlersDir, `${id}${ext}`);
    if (existsSync(file)) return file;
  }
  return undefined;
};

/**
 * Where `durable-lambda` points for our SDK: the TypeScript sources when running inside this
 * project's checkout (tests), otherwise nowhere special: the import stays external and resolves
 * to the installed package.
 */
const ourSdkAlias = (): Record<string, string> => {
  const source = resolve('src', 'index.ts');
  try {
    const pkg = JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as { name?: string };
    if (pkg.name === 'durable-lambda' && existsSync(source)) {
      // Sub-paths need their own entries: esbuild would otherwise map `durable-lambda/kms` to `src/index.ts/kms`.
      const subpaths = { testing: ['testing', 'index.ts'], kms: ['kms.ts'], s3: ['s3.ts'], powertools: ['powertools.ts'] };
      const alias: Record<string, string> = { 'durable-lambda': source };
      for (const [name, path] of Object.entries(subpaths)) {
        const file = resolve('src', ...path);
        if (existsSync(file)) alias[`durable-lambda/${name}`] = file;
      }
      return alias;
    }
  } catch {
    // No readable package.json here: use the installed package.
  }
  return {};
};

/**
 * Bundles each handler file into `<outDir>/<id>.mjs` (one esbuild run). Third-party packages
 * stay external and resolve from `outDir`'s node_modules ancestry, so `outDir` must live inside
 * the project (default: a fresh `node_modules/.cache/durable-lambda/conformance-<sdk>-<random>`, so
 * parallel runs never overwrite each other's bundles).
 *
 * @example
 * const { outDir, bundles } = await bundleHandlers({ files: { '1-1': 'handlers/1-1.ts' }, sdk: 'official' });
 */
export const bundleHandlers = async (options: {
  files: Record<string, string>;
  sdk: HarnessSdk;
  outDir?: string;
}): Promise<{ outDir: string; bundles: Record<string, string> }> => {
  const unique = `conformance-${options.sdk}-${process.pid}-${randomBytes(4).toString('hex')}`;
  const outDir = resolve(options.outDir ?? join('node_modules', '.cache', 'durable-lambda', unique));
  await mkdir(outDir, { recursive: true });
  const ids = Object.keys(options.files);
  if (ids.length === 0) return { outDir, bundles: {} };
  const alias = options.sdk === 'official' ? { 'durable-lambda': '@aws/durable-execution-sdk-js' } : ourSdkAlias();
  // An optional peer: only the conformance harness bundles code.
  const { build } = await importPeer(() => import('esbuild'), 'esbuild', 'bundling handlers (durable-lambda run of a .ts module, the conformance harness)');
  await build({
    entryPoints: Object.fromEntries(ids.map((id) => [id, options.files[id] ?? ''])),
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    alias,
    logLevel: 'silent',
    sourcemap: 'inline',
  });
  return { outDir, bundles: Object.fromEntries(ids.map((id) => [id, join(outDir, `${id}.mjs`)])) };
};
