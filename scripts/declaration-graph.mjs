// The declaration files reachable from the exports map's `types` files through relative
// imports: what a consumer's TypeScript can ever read. tsc also emits declarations for modules
// the entries import only at run time; those are internal and are not shipped.
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

/** Paths (relative to `root`, normalized) of the reachable .d.ts files. */
export function reachableDeclarations(root, pkg) {
  const seen = new Set();
  const queue = Object.values(pkg.exports).filter((target) => typeof target === 'object' && target?.types).map((target) => normalize(target.types));
  while (queue.length > 0) {
    const file = queue.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(join(root, file), 'utf8');
    for (const match of text.matchAll(/(?:from|import\()\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      queue.push(normalize(join(dirname(file), match[1].replace(/\.js$/, '.d.ts'))));
    }
  }
  return seen;
}
