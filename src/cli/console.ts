/** `durable-lambda console`: the durable console for a running `serve` or for AWS. */
import { startConsoleServer } from '../console/console-server.js';
import { isLocalTarget, type LambdaApiTarget } from '../console/lambda-api.js';
import { CliUsageError, integerOption, parseCommandArgs, type CliCommand } from './command.js';
import { PAYLOAD_OPTIONS, PAYLOAD_OPTIONS_HELP, payloadSourceOptions } from './payload-options.js';

const HELP = `Usage: durable-lambda console [--endpoint <url> | --region <r> [--profile <p>]] [options]

A web UI for durable executions, served on loopback: executions per function with filters and
paging, an execution's operation tree, Gantt timeline, events, input, result and errors,
payloads revealed on request (decoded here, never in the page), callbacks, stop, start and
start again, live updates, export as JSON. It is a client of the public Lambda API only, so it
works against "durable-lambda serve" (which also serves it at /) and against AWS.

Target:
  --endpoint <url>        a Lambda API endpoint (a serve: http://127.0.0.1:9014); default
                          AWS_ENDPOINT_URL_LAMBDA, else AWS itself
  --region <region>       AWS region (default: AWS_REGION or the SDK's configuration)
  --profile <name>        shared-config profile (credentials come from the standard chain)
  --function <name>       functions to list (repeatable; default: ListFunctions' durable ones)
  --allow-actions         allow stop, callbacks and start against AWS (on for local endpoints)

Server:
  --port <n>              port (default: 9015; 0 picks a free one)
  --host <addr>           interface (default: 127.0.0.1; loopback only)
  --allow-host <name>     another Host name to accept (repeatable; e.g. with --host)

Payloads:
${PAYLOAD_OPTIONS_HELP}

  -h, --help              show this help

Open the printed URL: it carries this start's token, which actions need. Stops on SIGINT or SIGTERM.`;

export const consoleCommand: CliCommand = {
  name: 'console',
  summary: 'web UI for durable executions on a serve or on AWS',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs('console', args, {
      endpoint: { type: 'string' },
      region: { type: 'string' },
      profile: { type: 'string' },
      function: { type: 'string', multiple: true },
      'allow-actions': { type: 'boolean' },
      port: { type: 'string' },
      host: { type: 'string' },
      'allow-host': { type: 'string', multiple: true },
      ...PAYLOAD_OPTIONS,
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help === true) {
      io.out(HELP);
      return 0;
    }
    if (positionals.length > 0) throw new CliUsageError(`console: unexpected argument ${JSON.stringify(positionals[0])}`);
    const endpoint = typeof values.endpoint === 'string' ? values.endpoint : process.env.AWS_ENDPOINT_URL_LAMBDA;
    if (endpoint !== undefined && !/^https?:\/\/[^/]/.test(endpoint)) throw new CliUsageError(`console: --endpoint must be an http(s) URL, got ${JSON.stringify(endpoint)}`);
    const target: LambdaApiTarget = {
      ...(endpoint !== undefined ? { endpoint } : {}),
      ...(typeof values.region === 'string' ? { region: values.region } : {}),
      ...(typeof values.profile === 'string' ? { profile: values.profile } : {}),
    };
    const local = isLocalTarget(target);
    const running = await startConsoleServer({
      target,
      allowActions: values['allow-actions'] === true || local,
      payloads: payloadSourceOptions('console', values, local),
      ...(Array.isArray(values.function) ? { functions: values.function as string[] } : {}),
      port: integerOption('console', 'port', values.port, 9015),
      ...(typeof values.host === 'string' ? { host: values.host } : {}),
      ...(Array.isArray(values['allow-host']) ? { allowedHosts: values['allow-host'] as string[] } : {}),
    });
    io.out(`durable console for ${endpoint ?? 'AWS'}${local || values['allow-actions'] === true ? '' : ' (read-only; --allow-actions enables stop, callbacks and start)'}`);
    io.out(`open ${running.url}`);
    await new Promise<void>((done) => {
      process.once('SIGINT', () => done());
      process.once('SIGTERM', () => done());
    });
    await running.close();
    return 0;
  },
};
