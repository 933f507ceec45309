// Emits the public type declarations: tsc starts from the entry points of package.json
// "exports" (tsconfig.build.json's options), then declarations that no entry's types reach (the
// CLI, modules imported only at run time) are removed: they are internal.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { reachableDeclarations } from './declaration-graph.mjs';
import { libraryEntries } from './package-entries.mjs';

rmSync('dist/types', { recursive: true, force: true });
mkdirSync('.tmp', { recursive: true });
const config = { extends: '../tsconfig.build.json', compilerOptions: { rootDir: '../src', outDir: '../dist/types' }, include: [], files: libraryEntries().map((entry) => `../${entry.source}`) };
writeFileSync('.tmp/tsconfig.types.json', `${JSON.stringify(config, null, 2)}\n`);
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.tmp/tsconfig.types.json'], { stdio: 'inherit' });

const walk = (dir) => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
const reachable = reachableDeclarations('.', JSON.parse(readFileSync('package.json', 'utf8')));
let removed = 0;
for (const file of walk('dist/types')) {
  if (!reachable.has(normalize(file))) {
    rmSync(file);
    removed += 1;
  }
}
for (const dir of readdirSync('dist/types')) {
  const path = join('dist/types', dir);
  if (statSync(path).isDirectory() && walk(path).length === 0) rmSync(path, { recursive: true });
}
console.log(`declarations: ${reachable.size} public, ${removed} internal removed`);
