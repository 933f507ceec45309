/** `durable-lambda run`: runs a handler module to completion on a private local service. */
import { escapeControl } from './terminal-text.js';
import { existsSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HistoryEvent } from '../protocol.js';
import { bundleHandlers, type HarnessSdk } from '../conformance/harness-bundle.js';
import { startHttpFront } from '../service/http/http-front.js';
import { DurableExecutionService } from '../service/service.js';
import { formatOperationLine, formatTimeline } from '../service/timeline.js';
import { WorkerPool } from '../service/invokers/worker-invoker.js';
import { readJsonArg } from './cli-input.js';
import { formatUsage } from '../service/metering.js';
import { PRICE_HELP, PRICE_OPTIONS, pricesOption } from './price-options.js';
import { CliUsageError, executionTimeoutOption, functionTimeoutOption, integerOption, parseCommandArgs, type CliCommand, type CliIo } from './command.js';

const HELP = `Usage: durable-lambda run <handler-module>[#<export>] [options]

Runs one execution of a durable handler (a module exporting "handler", .ts/.mts/.js/.mjs) to
completion on a local durable-execution service: prints one line per operation as it
completes, then the timeline and the result. Exits 0 when the execution SUCCEEDED, 1 otherwise.

While a callback waits, prints its id and how to answer it from another terminal, and virtual
time stands still until the answer arrives (the callback cannot time out meanwhile); the service
is reachable at the printed URL for "durable-lambda callback" and "durable-lambda history".

Options:
  --input <json|@file>            the execution input (default: none)
  --callback-result <json|@file>  answer every callback with this result after --callback-delay
  --callback-delay <seconds>      simulated delay before auto-answering (default: 1)
  --real-time                     durations take wall-clock time (default: virtual time)
  --execution-timeout <seconds>   DurableConfig.ExecutionTimeout of the function (default: 31622400, 366 days)
  --function-timeout <seconds>    Lambda's function timeout: a longer invocation is ended and retried (default: 900)
  --sdk <ours|official>           what the module's "durable-lambda" import resolves to (default: ours)
  --port <n>                      port of the service for callback/history (default: 0, a free one)
  --hide-logs                     do not print the handler's output
  --json                          print only {DurableExecutionArn, Status, Result, Error, Usage, Events} as JSON
${PRICE_HELP}
  -h, --help                      show this help

Example:
  durable-lambda run src/order.ts --input '{"orderId":1}' --callback-result '{"approved":true}'`;

interface RunModule {
  file: string;
  exportName: string;
  functionName: string;
}

const parseModule = (spec: string): RunModule => {
  const [path = '', exportName = 'handler'] = spec.split('#');
  const file = resolve(path);
  if (!existsSync(file)) throw new CliUsageError(`run: handler module not found: ${path}`);
  const functionName = basename(file, extname(file)).replace(/[^A-Za-z0-9_-]/g, '-') || 'handler';
  return { file, exportName, functionName };
};

/** Imports the bundle once to fail early, with one line, when the export is missing. */
const checkExport = async (modulePath: string, module: RunModule): Promise<void> => {
  const loaded = (await import(pathToFileURL(modulePath).href)) as Record<string, unknown>;
  if (typeof loaded[module.exportName] !== 'function') {
    const names = Object.keys(loaded).join(', ') || 'none';
    throw new CliUsageError(`run: ${basename(module.file)} has no function export "${module.exportName}" (exports: ${names})`);
  }
};

/** Watches the execution: progress lines, handler logs, callback hints or automatic answers. */
const watch = (options: {
  service: DurableExecutionService;
  arn: string;
  io: CliIo;
  quiet: boolean;
  showLogs: boolean;
  url: string;
  callbackResult: string | undefined;
  callbackDelayMs: number;
}): (() => void) => {
  const { service, arn, io } = options;
  let printedEvents = 0;
  let printedLogs = 0;
  const contextNames = new Map<string, string>();
  const progress = (): void => {
    const events: HistoryEvent[] = service.execution(arn).events;
    if (options.showLogs && !options.quiet) {
      const logs = service.logLines(arn);
      for (const line of logs.slice(printedLogs)) io.out(`  | ${line.text}`);
      printedLogs = logs.length;
    }
    for (const event of events.slice(printedEvents)) {
      if (event.EventType === 'ContextStarted' && event.Id !== undefined && event.Name !== undefined) contextNames.set(event.Id, event.Name);
      const line = options.quiet ? undefined : formatOperationLine(event, { history: events });
      if (line !== undefined) io.out(escapeControl(line));
      const callbackId = event.CallbackStartedDetails?.CallbackId;
      if (event.EventType !== 'CallbackStarted' || callbackId === undefined) continue;
      const name = event.Name ?? (event.ParentId !== undefined ? contextNames.get(event.ParentId) : undefined) ?? callbackId;
      if (options.callbackResult !== undefined) {
        const result = options.callbackResult;
        service.scheduleAction(arn, service.clock.now() + options.callbackDelayMs, () => {
          if (service.execution(arn).status === 'RUNNING') service.sendCallbackSuccess(callbackId, result);
        });
        if (!options.quiet) io.out(`callback ${name}: answering with ${result} in ${options.callbackDelayMs / 1000}s (simulated)`);
      } else {
        io.err(`callback ${name} is waiting; answer it from another terminal:`);
        io.err(`  durable-lambda callback succeed ${callbackId} --result '<json>' --url ${options.url}`);
      }
    }
    printedEvents = events.length;
  };
  const unsubscribe = service.subscribe((changed) => {
    if (changed === arn) progress();
  });
  return () => {
    unsubscribe();
    progress();
  };
};

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'run a handler module to completion locally and print its timeline',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs('run', args, {
      input: { type: 'string' },
      'callback-result': { type: 'string' },
      'callback-delay': { type: 'string' },
      'real-time': { type: 'boolean' },
      'execution-timeout': { type: 'string' },
      'function-timeout': { type: 'string' },
      sdk: { type: 'string' },
      port: { type: 'string' },
      'hide-logs': { type: 'boolean' },
      json: { type: 'boolean' },
      ...PRICE_OPTIONS,
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help === true) {
      io.out(HELP);
      return 0;
    }
    const [spec, ...extra] = positionals;
    if (spec === undefined) throw new CliUsageError('run: give the handler module (durable-lambda run <handler-module>)');
    if (extra.length > 0) throw new CliUsageError(`run: unexpected argument ${JSON.stringify(extra[0])}`);
    const module = parseModule(spec);
    const input = typeof values.input === 'string' ? readJsonArg('run', '--input', values.input) : undefined;
    const callbackResult = typeof values['callback-result'] === 'string' ? readJsonArg('run', '--callback-result', values['callback-result']) : undefined;
    const delayText = values['callback-delay'];
    const callbackDelaySeconds = delayText === undefined ? 1 : Number(delayText);
    if (typeof delayText === 'string' && !(delayText.trim() !== '' && callbackDelaySeconds >= 0)) throw new CliUsageError('run: --callback-delay must be a non-negative number of seconds');
    const sdk = (values.sdk ?? 'ours') as HarnessSdk;
    if (sdk !== 'ours' && sdk !== 'official') throw new CliUsageError('run: --sdk must be "ours" or "official"');
    const port = integerOption('run', 'port', values.port, 0);
    const executionTimeoutSeconds = executionTimeoutOption('run', values['execution-timeout']);
    const functionTimeoutSeconds = functionTimeoutOption('run', values['function-timeout']);
    const json = values.json === true;
    const prices = pricesOption('run', values);

    const { bundles } = await bundleHandlers({ files: { [module.functionName]: module.file }, sdk });
    const modulePath = bundles[module.functionName] ?? module.file;
    await checkExport(modulePath, module);
    // Without automatic answers, time waits for the answer run asked the user for.
    const service = new DurableExecutionService({
      clock: values['real-time'] === true ? 'real' : 'virtual',
      timeAdvance: callbackResult === undefined ? 'when-no-callback-waits' : 'always',
    });
    const pool = new WorkerPool({ modulePath, exportPath: [module.exportName] });
    service.registerFunction({ name: module.functionName, invoker: pool.invoker, executionTimeoutSeconds, executionTimeoutSource: '--execution-timeout', functionTimeoutSeconds });
    const front = await startHttpFront({ service, port });
    try {
      const arn = service.startExecution({ functionName: module.functionName, ...(input !== undefined ? { payload: input } : {}) });
      if (!json) io.out(`running ${basename(module.file)} as execution ${arn}\nservice: ${front.url}`);
      const stop = watch({
        service, arn, io, quiet: json, showLogs: values['hide-logs'] !== true, url: front.url,
        callbackResult, callbackDelayMs: callbackDelaySeconds * 1000,
      });
      const done = await service.waitForCompletion(arn, { moveTime: false });
      stop();
      const events = service.history(arn);
      if (json) {
        io.out(JSON.stringify({ DurableExecutionArn: arn, Status: done.Status, Result: done.Result, Error: done.Error, Usage: service.usage(arn), Events: events }, null, 2));
      } else {
        io.out(formatUsage(service.usage(arn), prices));
        io.out('');
        io.out(escapeControl(formatTimeline(events)));
      }
      return done.Status === 'SUCCEEDED' ? 0 : 1;
    } finally {
      await front.close();
      await pool.close();
    }
  },
};
