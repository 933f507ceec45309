// Emits the public type declarations: tsc starts from the entry points of package.json
// "exports" (tsconfig.build.json's options), so files no entry reaches (the CLI) ship no .d.ts.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { libraryEntries } from './package-entries.mjs';

rmSync('dist/types', { recursive: true, force: true });
mkdirSync('.tmp', { recursive: true });
const config = { extends: '../tsconfig.build.json', compilerOptions: { rootDir: '../src', outDir: '../dist/types' }, include: [], files: libraryEntries().map((entry) => `../${entry.source}`) };
writeFileSync('.tmp/tsconfig.types.json', `${JSON.stringify(config, null, 2)}\n`);
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.tmp/tsconfig.types.json'], { stdio: 'inherit' });
