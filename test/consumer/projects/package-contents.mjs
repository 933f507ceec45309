// What the tarball holds: the files a package needs, no internal declarations, source maps
// without embedded sources, a size budget, and README links that work on the registry page.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { reachableDeclarations } from '../../../scripts/declaration-graph.mjs';

// Issue 13's budget. What keeps it: both builds minified without source maps, one shared CJS
// bundle, the ESLint plugin ESM-only, and the console and conformance harness loaded from the ESM
// build by CJS callers (scripts/cjs-esm-on-demand.mjs); docs/architecture.md "The installed package".
export const PACKED_BUDGET_BYTES = 350_000;

const walk = (dir, base = dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path, base) : [path.slice(base.length + 1)];
  });

export async function packageContents({ suite, packageRoot, packedBytes, unpackedBytes }) {
  const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8'));
  const files = walk(packageRoot);
  await suite.check('package: LICENSE, README, the console page and metadata (license, repository, homepage, bugs, keywords)', async () => {
    for (const file of ['LICENSE', 'README.md', 'package.json', 'dist/console/console.js', 'dist/console/console.css']) if (!files.includes(file)) throw new Error(`no ${file}`);
    for (const field of ['license', 'repository', 'homepage', 'bugs', 'keywords']) if (!pkg[field]) throw new Error(`no "${field}"`);
  });
  await suite.check(`package: packed size at most ${PACKED_BUDGET_BYTES / 1000} kB`, async () => {
    if (packedBytes > PACKED_BUDGET_BYTES) throw new Error(`${packedBytes} bytes packed`);
    return `${(packedBytes / 1000).toFixed(1)} kB packed, ${(unpackedBytes / 1000).toFixed(1)} kB unpacked, ${files.length} files`;
  });
  await suite.check('package: one CLI build, no internal declarations', async () => {
    const cli = files.filter((file) => /(^|\/)cli(\.[a-z]+)?\.c?js$/.test(file));
    if (cli.length !== 1) throw new Error(`CLI builds: ${cli.join(', ')}`);
    const reachable = reachableDeclarations(packageRoot, pkg);
    const internal = files.filter((file) => file.endsWith('.d.ts') && !reachable.has(normalize(file)));
    if (internal.length > 0) throw new Error(`declarations no entry reaches: ${internal.join(', ')}`);
  });
  await suite.check('package: source maps without sourcesContent', async () => {
    const maps = files.filter((file) => file.endsWith('.map'));
    for (const map of maps) if (JSON.parse(readFileSync(join(packageRoot, map), 'utf8')).sourcesContent) throw new Error(`${map} embeds its sources`);
    return `${maps.length} maps`;
  });
  await suite.check('package: README links resolve in the package or point to the repository', async () => {
    const readme = readFileSync(join(packageRoot, 'README.md'), 'utf8').replace(/```[\s\S]*?```/g, '');
    const bad = [];
    for (const [, target] of readme.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^(https?:|mailto:|#)/.test(target)) continue;
      if (!files.includes(normalize(target.split('#')[0]))) bad.push(target);
    }
    if (bad.length > 0) throw new Error(`links to files not in the package: ${bad.join(', ')}`);
  });
}
