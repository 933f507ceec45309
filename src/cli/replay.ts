/** `durable-lambda replay`: the deploy gate that replays recorded executions against new code. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleHandlers, type HarnessSdk } from '../conformance/harness-bundle.js';
import type { LambdaHandler } from '../service/invokers/in-process-invoker.js';
import { replayHistory, type ReplayHistoryReport } from '../testing/replay-history/replay-history.js';
import { formatReplayReport } from '../testing/replay-history/format-report.js';
import { CliUsageError, integerOption, parseCommandArgs, type CliCommand } from './command.js';

const HELP = `Usage: durable-lambda replay <handler-module>[#<export>] --history <file|dir> [options]

Replays recorded executions against the handler's current code without running any step,
wait or callback. Every operation must match the recording by position, type, subtype and
name; the first mismatch is printed with the recorded and the new operation side by side and
the source location of the new call. Code that replays the whole recording and would then run
more (an operation added at the end, an execution still in flight) passes unless --strict.
Exits 1 when any history mismatches (or, with --strict, reaches past its recording).

Reads: "durable-lambda history --json" and the console's export, and AWS CLI JSON of
"aws lambda get-durable-execution-history --include-execution-data" and
"aws lambda get-durable-execution-state". Payloads are decoded by the handler's own serdes:
run the gate with the environment (keys, credentials, blob stores) the function has.

Options:
  --history <file|dir>    a history file, or a directory of *.json histories (replayed in parallel)
  --function <export>     the module's export to replay (default: handler; same as #<export>)
  --arn <arn>             the execution ARN, for histories that do not name it (AWS CLI history
                          JSON) and whose payloads are encrypted (bound to the ARN)
  --strict                also fail when the new code reaches past a recording
  --concurrency <n>       histories replayed at once (default: 8)
  --sdk <ours|official>   what the module's "durable-lambda" import resolves to (default: ours)
  --json                  print one JSON report per history
  -h, --help              show this help

Example:
  durable-lambda replay src/order.ts --history recorded/ --strict`;

/** Every history file named by --history: the file itself, or a directory's *.json files. */
async function historyFiles(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new CliUsageError(`replay: --history ${path} does not exist`);
  if (!info.isDirectory()) return [path];
  const names = (await readdir(path)).filter((name) => name.endsWith('.json')).sort();
  if (names.length === 0) throw new CliUsageError(`replay: ${path} has no *.json histories`);
  return names.map((name) => join(path, name));
}

/** Runs `work` over `items`, at most `limit` at a time, keeping the order of results. */
async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

export const replayCommand: CliCommand = {
  name: 'replay',
  summary: 'replay recorded executions against new code (a deploy gate)',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs('replay', args, {
      history: { type: 'string' },
      function: { type: 'string' },
      arn: { type: 'string' },
      strict: { type: 'boolean' },
      concurrency: { type: 'string' },
      sdk: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help === true) {
      io.out(HELP);
      return 0;
    }
    const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
    const historyPath = text(values.history);
    const arn = text(values.arn);
    const [spec, ...extra] = positionals;
    if (spec === undefined) throw new CliUsageError('replay: give the handler module (durable-lambda replay <handler-module> --history <file|dir>)');
    if (extra.length > 0) throw new CliUsageError(`replay: unexpected argument ${JSON.stringify(extra[0])}`);
    if (historyPath === undefined) throw new CliUsageError('replay: --history <file|dir> is required');
    const sdk = (values.sdk ?? 'ours') as HarnessSdk;
    if (sdk !== 'ours' && sdk !== 'official') throw new CliUsageError('replay: --sdk must be "ours" or "official"');
    const concurrency = integerOption('replay', 'concurrency', values.concurrency, 8);
    const [path = '', hashExport] = spec.split('#');
    const exportName = text(values.function) ?? hashExport ?? 'handler';
    const file = resolve(path);
    if (!(await stat(file).catch(() => undefined))) throw new CliUsageError(`replay: handler module not found: ${path}`);
    const files = await historyFiles(historyPath);

    // Source maps let the report name the new call's line in the user's file, not the bundle's.
    process.setSourceMapsEnabled(true);
    const id = basename(file, extname(file)).replace(/[^A-Za-z0-9_-]/g, '-') || 'handler';
    const { bundles } = await bundleHandlers({ files: { [id]: file }, sdk });
    const loaded = (await import(pathToFileURL(bundles[id] ?? file).href)) as Record<string, unknown>;
    const handler = loaded[exportName];
    if (typeof handler !== 'function') {
      throw new CliUsageError(`replay: ${basename(file)} has no function export "${exportName}" (exports: ${Object.keys(loaded).join(', ') || 'none'})`);
    }
    const reports = await mapLimited(files, concurrency, async (historyFile): Promise<{ file: string; report?: ReplayHistoryReport; error?: string }> => {
      try {
        const document: unknown = JSON.parse(await readFile(historyFile, 'utf8'));
        const report = await replayHistory({
          handler: handler as LambdaHandler,
          history: document,
          ...(values.strict === true ? { strict: true } : {}),
          ...(arn !== undefined ? { arn } : {}),
        });
        return { file: historyFile, report };
      } catch (error) {
        return { file: historyFile, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
      }
    });
    let failed = 0;
    for (const { file: historyFile, report, error } of reports) {
      if (!report?.ok) failed += 1;
      if (values.json === true) io.out(JSON.stringify({ history: historyFile, ...(report ?? { ok: false, error }) }));
      else io.out(report ? formatReplayReport(historyFile, report) : `✗ ${historyFile}: cannot replay: ${error ?? ''}`);
    }
    const summary = `replay: ${reports.length - failed} of ${reports.length} histories replay on the new code${failed > 0 ? `, ${failed} do not` : ''}`;
    if (values.json !== true) io.out(summary);
    else io.err(summary);
    return failed > 0 ? 1 : 0;
  },
};
