// Type-checks every ```ts / ```typescript block of README.md and docs/*.md with --strict, under
// (The doc-block prelude files are compiled only by this script's own tsconfig, so ESLint skips them: they declare globals.)
// NodeNext and bundler module resolution. Each block becomes its own module in .tmp/doc-blocks,
// named after its file and line, and shares one prelude (scripts/doc-blocks-prelude.d.ts) that
// declares the free names snippets lean on (`context`, `loadOrder`, ...). Errors are reported as
// `README.md:57 (block 1): ...`, so whoever adds a section sees which block fails and where.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const outDir = join(root, '.tmp', 'doc-blocks');
const sources = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/**
 * Fenced ts blocks of one markdown file, with the line of their opening fence. A block right after
 * `<!-- doc-block: write <path> -->` is also written to that path (under test/docs/generated/),
 * where the vitest run that follows this check runs it as it stands in the README.
 */
function blocksOf(file) {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const blocks = [];
  let current;
  lines.forEach((line, index) => {
    if (current === undefined && /^```(ts|typescript)\s*$/.test(line.trim())) {
      const marker = /^<!-- doc-block: write (test\/docs\/generated\/[\w./-]+\.ts) -->$/.exec((lines[index - 1] ?? '').trim());
      current = { file, line: index + 1, body: [], ...(marker ? { writeTo: marker[1] } : {}) };
    }
    else if (current !== undefined && line.trim().startsWith('```')) {
      blocks.push(current);
      current = undefined;
    } else if (current !== undefined) current.body.push(line);
  });
  if (current !== undefined) throw new Error(`${file}:${current.line}: a \`\`\`ts block is never closed.`);
  return blocks;
}

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const blocks = sources.flatMap(blocksOf);
const byName = new Map();
blocks.forEach((block, i) => {
  // A runnable block is checked where it is written, so its relative imports resolve as they run.
  const name = block.writeTo !== undefined ? relative(outDir, join(root, block.writeTo)) : `${block.file.replace(/[^A-Za-z0-9]/g, '_')}_L${block.line}.ts`;
  byName.set(name, { ...block, index: i + 1 });
  if (block.writeTo === undefined) writeFileSync(join(outDir, name), `${block.body.join('\n')}\nexport {};\n`);
});

// Runnable blocks: written where their marker says, for the vitest run that follows.
const generated = join(root, 'test', 'docs', 'generated');
rmSync(generated, { recursive: true, force: true });
const runnable = blocks.filter((block) => block.writeTo !== undefined);
for (const block of runnable) {
  mkdirSync(join(root, block.writeTo, '..'), { recursive: true });
  writeFileSync(join(root, block.writeTo), `// Generated from ${block.file}:${block.line} by scripts/check-doc-blocks.mjs; edit the README.\n${block.body.join('\n')}\n`);
}

// `./handler.js`, which the testing snippets import, is the handler of the first snippet.
writeFileSync(join(outDir, 'handler.ts'), "import type { DurableLambdaHandler } from 'durable-lambda';\nexport declare const handler: DurableLambdaHandler;\n");

const rel = (p) => relative(outDir, join(root, p));
const paths = {
  'durable-lambda': [rel('src/index.ts')],
  'durable-lambda/testing': [rel('src/testing/index.ts')],
  'durable-lambda/testing/vitest': [rel('src/testing/vitest.ts')],
  'durable-lambda/kms': [rel('src/kms.ts')],
  'durable-lambda/s3': [rel('src/s3.ts')],
  'durable-lambda/powertools': [rel('src/powertools.ts')],
  'durable-lambda/otel': [rel('src/otel.ts')],
  'durable-lambda/cdk': [rel('src/cdk/index.ts')],
};
let failed = 0;
for (const [label, module, moduleResolution] of [['NodeNext', 'NodeNext', 'NodeNext'], ['bundler', 'ESNext', 'Bundler']]) {
  const config = {
    compilerOptions: {
      strict: true, target: 'ES2022', module, moduleResolution, lib: ['ES2023'], types: ['node', 'vitest/globals'],
      noEmit: true, skipLibCheck: true, esModuleInterop: true, allowImportingTsExtensions: true, paths,
    },
    files: [rel('scripts/doc-blocks-prelude.d.ts'), rel('scripts/doc-blocks-ambient.d.ts'), ...byName.keys()],
  };
  writeFileSync(join(outDir, `tsconfig.${label}.json`), JSON.stringify(config, null, 2));
  const run = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(outDir, `tsconfig.${label}.json`)], { encoding: 'utf8', cwd: outDir });
  const errors = run.stdout.split('\n').filter((l) => /error TS\d+/.test(l) && !/^\s/.test(l));
  for (const error of errors) {
    const match = /^([^(]+)\((\d+),(\d+)\): (.*)$/.exec(error);
    const block = match && byName.get(match[1]);
    if (block && match) console.error(`${block.file}:${block.line + Number(match[2])} (block ${block.index}, ${label}): ${match[4]}`);
    else console.error(`${label}: ${error}`);
  }
  if (run.status !== 0) failed += 1;
}
console.log(`doc blocks: ${blocks.length} extracted from ${sources.join(', ')}; type-checked under NodeNext and bundler: ${failed === 0 ? 'all pass' : `${failed} configuration(s) failed`}; ${runnable.length} written to test/docs/generated to run`);
process.exit(failed === 0 ? 0 : 1);
