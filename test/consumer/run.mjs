// The consumer suite: packs the package and, outside the repository (a folder under the
// system's temp dir, reused between runs), installs the tarball as users would and checks
// every entry point, CLI command, type setup, test framework and the `init` starter.
// Prints "consumer: N passed, N failed" and writes a vitest-shaped JSON report for
// scripts/test-summary.mjs. Usage: node test/consumer/run.mjs [--tarball file.tgz] [--only name,...]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createSuite, mustRun } from './harness.mjs';
import { bareProject } from './projects/bare.mjs';
import { eslintProject } from './projects/eslint.mjs';
import { officialProject } from './projects/official.mjs';
import { packageContents } from './projects/package-contents.mjs';
import { starterProject } from './projects/starter.mjs';
import { testFrameworkProjects } from './projects/test-frameworks.mjs';
import { typesProject } from './projects/types.mjs';

const { values } = parseArgs({ options: { tarball: { type: 'string' }, only: { type: 'string' }, report: { type: 'string', default: '.tmp/consumer-report.json' } } });
const only = values.only?.split(',');
const wanted = (name) => !only || only.includes(name);
const started = Date.now();
const suite = createSuite();
const root = join(tmpdir(), 'durable-lambda-consumer');
mkdirSync(root, { recursive: true });

let tarball = values.tarball && resolve(values.tarball);
const packDir = join(root, 'pack');
rmSync(packDir, { recursive: true, force: true });
mkdirSync(packDir, { recursive: true });
let packedBytes = 0;
let unpackedBytes = 0;
await suite.check('pack: npm run build && npm pack', async () => {
  if (!tarball) await mustRun('npm', ['run', 'build'], { timeoutMs: 300_000 });
  const source = tarball ?? '.';
  const { stdout } = await mustRun('npm', ['pack', '--json', '--pack-destination', packDir, source], { timeoutMs: 120_000 });
  const [info] = JSON.parse(stdout);
  tarball = join(packDir, info.filename);
  packedBytes = info.size;
  unpackedBytes = info.unpackedSize;
  await mustRun('tar', ['-xzf', tarball, '-C', packDir]);
  return `${info.filename}: ${info.size} bytes packed, ${info.unpackedSize} unpacked`;
});

const loads = [];
if (tarball) {
  console.log(`consumer projects in ${root}`);
  if (wanted('package')) await packageContents({ suite, packageRoot: join(packDir, 'package'), packedBytes, unpackedBytes });
  const bare = await bareProject({ suite, root, tarball, loads });
  if (wanted('types')) await typesProject({ suite, root, tarball, entries: bare.entries });
  if (wanted('frameworks')) await testFrameworkProjects({ suite, root, tarball });
  if (wanted('official')) await officialProject({ suite, root, tarball });
  if (wanted('eslint')) await eslintProject({ suite, root, tarball });
  if (wanted('starter')) await starterProject({ suite, root, tarball, bareDir: bare.dir });
}

console.log('\npackages a bare install loads, per entry point:');
for (const load of loads) console.log(`  ${load.mode === 'esm' ? 'import ' : 'require'} ${load.entry}: ${load.packages.join(', ')} (+ ${load.builtins} Node built-ins)`);
const passed = suite.results.filter((r) => r.ok).length;
const failed = suite.results.length - passed;
for (const r of suite.results.filter((r) => !r.ok)) console.log(`failed: ${r.name}`);
console.log(`consumer suite: ${passed} checks passed, ${failed} failed in ${Math.round((Date.now() - started) / 1000)} s`);
mkdirSync(join(values.report, '..'), { recursive: true });
writeFileSync(values.report, JSON.stringify({ numPassedTests: passed, numFailedTests: failed, packedBytes, unpackedBytes, loads, results: suite.results }, null, 2));
process.exit(failed > 0 ? 1 : 0);
