/** `durable-lambda conformance`: runs conformance requirements on the local service. */
import { existsSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { runConformance, type RequirementResult } from '../conformance/harness-run.js';
import { CliUsageError, functionTimeoutOption, integerOption, parseCommandArgs, type CliCommand } from './command.js';

const HELP = `Usage: durable-lambda conformance <requirements-dir>... --handlers <dir> [options]

Runs every *.yaml requirement under the given directories on the local durable-execution
service (virtual clock) and checks result, history and logs.

For requirement <id> the handler module is <handlers>/<id>.{ts,mts,js,mjs}, exporting
\`handler\` (a wrapped durable handler) and optionally \`functions\` (chained-invoke targets).

Options:
  --handlers <dir>      directory of handler modules (required)
  --sdk <ours|official> what the handlers' "durable-lambda" import resolves to (default: ours)
  --only <ids>          comma-separated requirement ids to run
  --concurrency <n>     requirements run at once (default: 4)
  --timeout <ms>        real-time limit per requirement (default: 60000)
  --function-timeout <s> Lambda's function timeout of the handlers, seconds (default: 900)
  --json <file>         write per-requirement results as JSON
  -h, --help            show this help

Prints one line per requirement and a closing "N passed, N failed" line; exits 1 when a
non-optional requirement fails.`;

const line = (r: RequirementResult): string => {
  const label = r.passed ? 'PASSED' : r.optional ? 'FAILED (optional)' : 'FAILED';
  const detail = r.passed ? r.description : r.failure ?? 'failed';
  return `${label} ${r.id} [${r.suite}] ${detail}`;
};

export const conformanceCommand: CliCommand = {
  name: 'conformance',
  summary: 'run conformance requirements against the local service',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs('conformance', args, {
      handlers: { type: 'string' },
      sdk: { type: 'string' },
      only: { type: 'string' },
      concurrency: { type: 'string' },
      timeout: { type: 'string' },
      'function-timeout': { type: 'string' },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help === true) {
      io.out(HELP);
      return 0;
    }
    if (positionals.length === 0) throw new CliUsageError('conformance: give at least one requirements directory');
    for (const dir of positionals) {
      if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CliUsageError(`conformance: not a directory: ${dir}`);
    }
    const handlers = values.handlers;
    if (typeof handlers !== 'string') throw new CliUsageError('conformance: --handlers <dir> is required');
    if (!existsSync(handlers) || !statSync(handlers).isDirectory()) throw new CliUsageError(`conformance: not a directory: ${handlers}`);
    const sdk = values.sdk ?? 'ours';
    if (sdk !== 'ours' && sdk !== 'official') throw new CliUsageError(`conformance: --sdk must be "ours" or "official", got ${JSON.stringify(sdk)}`);
    const only = typeof values.only === 'string' ? values.only.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
    const concurrency = Math.max(1, integerOption('conformance', 'concurrency', values.concurrency, 4));
    const timeoutMs = integerOption('conformance', 'timeout', values.timeout, 60_000);
    const functionTimeoutSeconds = functionTimeoutOption('conformance', values['function-timeout']);

    const { results, wallTimeMs } = await runConformance({
      requirementDirs: positionals,
      handlersDir: handlers,
      sdk,
      concurrency,
      timeoutMs,
      functionTimeoutSeconds,
      ...(only ? { only } : {}),
    });
    for (const r of results) io.out(line(r));
    const passed = results.filter((r) => r.passed).length;
    const failed = results.length - passed;
    const blocking = results.filter((r) => !r.passed && !r.optional).length;
    if (typeof values.json === 'string') {
      await mkdir(dirname(values.json), { recursive: true });
      await writeFile(values.json, `${JSON.stringify({ sdk, wallTimeMs, passed, failed, results }, null, 2)}\n`);
    }
    io.out(`wall time ${(wallTimeMs / 1000).toFixed(2)} s (sdk: ${sdk})`);
    io.out(`${passed} passed, ${failed} failed`);
    return blocking > 0 ? 1 : 0;
  },
};
