// Generates the three variants of the official-API suite from test/official-suite/suite.source.ts.
// Only the module specifiers of the two import lines differ between variants.
// `node scripts/gen-official-suite.mjs` writes them; `--check` exits 1 if a written file is stale.
import { readFileSync, writeFileSync } from 'node:fs';

const dir = new URL('../test/official-suite/', import.meta.url);
const OFFICIAL_SDK = "'@aws/durable-execution-sdk-js'";
const OFFICIAL_RUNNER = "'@aws/durable-execution-sdk-js-testing'";

export const variants = [
  { file: 'official-sdk.official-runner.test.ts', sdk: OFFICIAL_SDK, runner: OFFICIAL_RUNNER },
  { file: 'our-sdk.official-runner.test.ts', sdk: "'durable-lambda'", runner: OFFICIAL_RUNNER },
  { file: 'durable-lambda.test.ts', sdk: "'durable-lambda'", runner: "'durable-lambda/testing'" },
];

export const render = (source, variant) => {
  const lines = source.split('\n');
  const sdkLine = lines.findIndex((l) => l.startsWith('import ') && l.endsWith(`from ${OFFICIAL_SDK};`));
  const runnerLine = lines.findIndex((l) => l.startsWith('import ') && l.endsWith(`from ${OFFICIAL_RUNNER};`));
  if (sdkLine < 0 || runnerLine < 0) throw new Error('suite.source.ts must import from the official SDK and the official runner on one line each');
  lines[sdkLine] = lines[sdkLine].replace(OFFICIAL_SDK, variant.sdk);
  lines[runnerLine] = lines[runnerLine].replace(OFFICIAL_RUNNER, variant.runner);
  return `// GENERATED from suite.source.ts by scripts/gen-official-suite.mjs: edit the source, then run it.\n${lines.join('\n')}`;
};

const source = readFileSync(new URL('suite.source.ts', dir), 'utf8');
const check = process.argv.includes('--check');
let stale = 0;
for (const variant of variants) {
  const path = new URL(variant.file, dir);
  const text = render(source, variant);
  if (check) {
    let current = '';
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      current = '';
    }
    if (current !== text) {
      console.error(`stale: test/official-suite/${variant.file} (run node scripts/gen-official-suite.mjs)`);
      stale += 1;
    }
  } else {
    writeFileSync(path, text);
  }
}
process.exit(stale === 0 ? 0 : 1);
