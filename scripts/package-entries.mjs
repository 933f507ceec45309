// The package's entry points, read from package.json "exports" so that the build, the
// declaration build and the consumer suite never keep their own lists.
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';

/**
 * One record per JavaScript sub-path of the exports map: its specifier, its source (from the
 * `types` file: dist/types/x.d.ts <- src/x.ts), the ESM output name and the CJS output name when
 * the map offers `require`.
 */
export function libraryEntries(pkg = JSON.parse(readFileSync('package.json', 'utf8')), { checkSources = true } = {}) {
  const entries = [];
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    if (typeof target !== 'object' || target === null || !target.import) continue;
    const source = target.types.replace(/^\.\/dist\/types\//, 'src/').replace(/\.d\.ts$/, '.ts');
    if (checkSources && !existsSync(source)) throw new Error(`exports["${subpath}"]: no source ${source} for ${target.types}`);
    entries.push({
      specifier: subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`,
      name: basename(target.import, '.js'),
      source,
      cjs: target.require ? basename(target.require, '.cjs') : undefined,
    });
  }
  return entries;
}
