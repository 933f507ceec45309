#!/usr/bin/env node
// In a source checkout (src/ present, tsx installed) runs the TypeScript sources, so a stale
// build never shadows them; an installed package ships only dist/ and runs the built CLI.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const source = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const built = fileURLToPath(new URL('../dist/esm/cli.js', import.meta.url));
let runCli;
const tsx = existsSync(source) ? await import('tsx/esm/api').catch(() => undefined) : undefined;
if (tsx) {
  tsx.register();
  ({ runCli } = await import(pathToFileURL(source).href));
} else {
  ({ runCli } = await import(pathToFileURL(built).href));
}
process.exit(await runCli(process.argv.slice(2)));
