/** `durable-lambda serve`: the local durable-execution service on loopback HTTP. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { bundleHandlers, type HarnessSdk } from '../conformance/harness-bundle.js';
import { mountConsole } from '../console/console-server.js';
import { startHttpFront } from '../service/http/http-front.js';
import { processInvoker } from '../service/invokers/process-invoker.js';
import { DurableExecutionService } from '../service/service.js';
import { WorkerPool } from '../service/invokers/worker-invoker.js';
import { openServeData } from './serve-data.js';
import { CliUsageError, executionTimeoutOption, functionTimeoutOption, integerOption, parseCommandArgs, type CliCommand } from './command.js';
import { PAYLOAD_OPTIONS, PAYLOAD_OPTIONS_HELP, payloadSourceOptions } from './payload-options.js';

const HELP = `Usage: durable-lambda serve [options] --function <name>=<file>[#<export>]...

Serves the Lambda durable-execution API (checkpoint, state, get, history, list, stop,
callback succeed/fail/heartbeat) and Invoke for the registered functions on loopback HTTP.
Point clients at it with AWS_ENDPOINT_URL_LAMBDA=<url>.

Options:
  --port <n>              port (default: 9014; 0 picks a free one)
  --host <addr>           interface (default: 127.0.0.1)
  --function <spec>       register <name> from a handler module (repeatable); <export>
                          defaults to "handler"
  --isolation <mode>      worker (default; injected client) or process (a fresh Node process
                          per invocation that only has AWS_ENDPOINT_URL_LAMBDA, like sam local)
  --sdk <ours|official>   what the modules' "durable-lambda" import resolves to (default: ours)
  --real-time             durations take wall-clock time (default: virtual time, which moves
                          only while no callback awaits an answer)
  --advance               virtual time moves even while callbacks await answers (they can
                          time out at once)
  --time-scale <n>        speed-up in real-time mode (default: DURABLE_EXECUTIONS_TIME_SCALE or 1)
  --execution-timeout <s> DurableConfig.ExecutionTimeout of every function, seconds (default:
                          31622400, 366 days)
  --function-timeout <s>  Lambda's function timeout of every function: a longer invocation is ended and retried (default: 900)
  --data-dir <dir>        keep executions, histories, timers and callbacks in an SQLite file
                          there, so a restart (even after kill -9) loses nothing
                          (default: .durable-lambda/serve)
  --in-memory             keep nothing: every execution is gone when serve stops
  --allow-host <name>     another Host name to accept (repeatable; e.g. with --host)
  --no-console            do not serve the durable console at /

The durable console (web UI) is served at / ; open the printed URL (it carries this start's
token). Its payload reveals use:
${PAYLOAD_OPTIONS_HELP}
  -h, --help              show this help

Stops on SIGINT or SIGTERM.`;

interface FunctionSpec {
  name: string;
  file: string;
  exportName: string;
}

const parseSpec = (spec: string): FunctionSpec => {
  const m = /^([A-Za-z0-9_-]+)=([^#]+)(?:#(.+))?$/.exec(spec);
  if (!m?.[1] || !m[2]) throw new CliUsageError(`serve: --function must look like name=path/to/handler.ts[#export], got ${JSON.stringify(spec)}`);
  const file = resolve(m[2]);
  if (!existsSync(file)) throw new CliUsageError(`serve: handler file not found: ${m[2]}`);
  return { name: m[1], file, exportName: m[3] ?? 'handler' };
};

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'serve the durable-execution API and Invoke on loopback HTTP',
  help: HELP,
  async run(args, io) {
    const { values } = parseCommandArgs('serve', args, {
      port: { type: 'string' },
      host: { type: 'string' },
      function: { type: 'string', multiple: true },
      isolation: { type: 'string' },
      sdk: { type: 'string' },
      'real-time': { type: 'boolean' },
      advance: { type: 'boolean' },
      'time-scale': { type: 'string' },
      'execution-timeout': { type: 'string' },
      'function-timeout': { type: 'string' },
      'data-dir': { type: 'string' },
      'in-memory': { type: 'boolean' },
      'allow-host': { type: 'string', multiple: true },
      'no-console': { type: 'boolean' },
      ...PAYLOAD_OPTIONS,
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help === true) {
      io.out(HELP);
      return 0;
    }
    const port = integerOption('serve', 'port', values.port, 9014);
    const isolation = values.isolation ?? 'worker';
    if (isolation !== 'worker' && isolation !== 'process') throw new CliUsageError(`serve: --isolation must be "worker" or "process"`);
    const sdk = (values.sdk ?? 'ours') as HarnessSdk;
    if (sdk !== 'ours' && sdk !== 'official') throw new CliUsageError(`serve: --sdk must be "ours" or "official"`);
    const scaleText = values['time-scale'];
    const timeScale = scaleText === undefined ? undefined : Number(scaleText);
    if (timeScale !== undefined && !(timeScale > 0)) throw new CliUsageError(`serve: --time-scale must be a positive number`);
    const executionTimeoutSeconds = executionTimeoutOption('serve', values['execution-timeout']);
    const functionTimeoutSeconds = functionTimeoutOption('serve', values['function-timeout']);
    const specs = ((values.function as string[] | undefined) ?? []).map(parseSpec);

    const data = await openServeData({
      dataDir: values['data-dir'] as string | undefined,
      inMemory: values['in-memory'] === true,
      mode: values['real-time'] === true || timeScale !== undefined ? 'real' : 'virtual',
      ...(timeScale !== undefined ? { timeScale } : {}),
    });
    const service = new DurableExecutionService({
      clock: data.clock,
      timeAdvance: values.advance === true ? 'always' : 'when-no-callback-waits',
      ...(data.store ? { store: data.store } : {}),
    });
    const mounted = values['no-console'] === true ? undefined : mountConsole({ payloads: payloadSourceOptions('serve', values, true) });
    const front = await startHttpFront({
      service,
      port,
      ...(typeof values.host === 'string' ? { host: values.host } : {}),
      ...(Array.isArray(values['allow-host']) ? { allowedHosts: values['allow-host'] as string[] } : {}),
      ...(mounted ? { fallback: mounted.fallback } : {}),
    });
    const consoleUrl = mounted ? (await mounted.attach(front.url)).url : undefined;
    const { bundles } = await bundleHandlers({ files: Object.fromEntries(specs.map((s) => [s.name, s.file])), sdk });
    const pools: WorkerPool[] = [];
    for (const spec of specs) {
      const modulePath = bundles[spec.name] ?? spec.file;
      if (isolation === 'process') {
        service.registerFunction({ name: spec.name, invoker: processInvoker({ modulePath, exportPath: [spec.exportName], endpointUrl: front.url }), executionTimeoutSeconds, executionTimeoutSource: '--execution-timeout', functionTimeoutSeconds });
      } else {
        const pool = new WorkerPool({ modulePath, exportPath: [spec.exportName] });
        pools.push(pool);
        service.registerFunction({ name: spec.name, invoker: pool.invoker, executionTimeoutSeconds, executionTimeoutSource: '--execution-timeout', functionTimeoutSeconds });
      }
    }
    const report = service.restore();
    io.out(`durable-lambda service listening on ${front.url} (functions: ${specs.map((s) => s.name).join(', ') || 'none'})`);
    io.out(data.describe(report));
    io.out(`export AWS_ENDPOINT_URL_LAMBDA=${front.url}`);
    if (consoleUrl !== undefined) io.out(`durable console: ${consoleUrl}`);
    io.out(`answer callbacks with: durable-lambda callback succeed <callback-id> --result '<json>' --url ${front.url}`);
    await new Promise<void>((done) => {
      process.once('SIGINT', () => done());
      process.once('SIGTERM', () => done());
    });
    await front.close();
    await Promise.all(pools.map((p) => p.close()));
    data.store?.close();
    return 0;
  },
};
