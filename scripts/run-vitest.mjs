// Runs vitest with the default reporter plus a JSON report (path from VITEST_JSON, default
// .tmp/vitest-report.json) so CI can print its closing line without parsing vitest's output.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

const out = process.env.VITEST_JSON ?? '.tmp/vitest-report.json';
mkdirSync(dirname(out), { recursive: true });
const result = spawnSync(
  process.execPath,
  ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile=${out}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
