/**
 * The page's script and style: built by esbuild with the package (`dist/console/`), so the page
 * needs no network. Running from the sources (tests, tsx), the same build is made in memory
 * once, with esbuild (a development dependency).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The page's assets. */
export interface ConsoleAssets {
  script: string;
  style: string;
}

/**
 * The folder of this module, in the ESM and the CJS build alike (the CJS build defines
 * `import.meta.url` as undefined). ESM goes first: `node -e` puts a global `__dirname` of '.'.
 */
const here = (): string => {
  const url = import.meta.url as string | undefined;
  return url !== undefined ? dirname(fileURLToPath(url)) : __dirname;
};

/** Entry of the page's bundle (relative to this folder in the sources). */
export const CONSOLE_UI_ENTRY = 'ui/main.ts';
export const CONSOLE_UI_STYLE = 'ui/console.css';

let cached: Promise<ConsoleAssets> | undefined;

const buildFromSources = async (folder: string): Promise<ConsoleAssets> => {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    throw new Error('the console page is not built: run "npm run build" (or install esbuild to build it on the fly)');
  }
  const out = await esbuild.build({
    entryPoints: [join(folder, CONSOLE_UI_ENTRY)],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  return { script: out.outputFiles[0]?.text ?? '', style: readFileSync(join(folder, CONSOLE_UI_STYLE), 'utf8') };
};

/**
 * The assets, from the package build or built from the sources on first use.
 *
 * @example
 * const { script, style } = await loadConsoleAssets();
 */
export const loadConsoleAssets = (): Promise<ConsoleAssets> => {
  cached ??= (async () => {
    const folder = here();
    // This module is bundled into dist/cjs, dist/esm or a shared chunk under dist/esm/chunks.
    const candidates = [join(folder, '..', 'console'), join(folder, '..', '..', 'console')];
    const built = candidates.find((dir) => existsSync(join(dir, 'console.js')));
    if (built !== undefined) {
      return { script: readFileSync(join(built, 'console.js'), 'utf8'), style: readFileSync(join(built, 'console.css'), 'utf8') };
    }
    if (existsSync(join(folder, CONSOLE_UI_ENTRY))) return buildFromSources(folder);
    throw new Error(`the console page is missing (looked in ${candidates.join(' and ')})`);
  })();
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
};
