/** `durable-lambda callback succeed|fail|heartbeat`: answers a callback on a running service. */
import { readJsonArg, readTextArg, serviceUrl } from './cli-input.js';
import { CliUsageError, parseCommandArgs, type CliCommand } from './command.js';
import { describeCallError, lambdaClientFor } from './lambda-client.js';

const HELP = `Usage: durable-lambda callback <succeed|fail|heartbeat> <callback-id> [options]

Sends SendDurableExecutionCallbackSuccess, ...Failure or ...Heartbeat to a running
"durable-lambda serve" (or "durable-lambda run", which prints its URL).

Options:
  --result <json|@file>     succeed: the result, as JSON (a string must be quoted: '"yes"')
  --error-type <type>       fail: ErrorType
  --error-message <text>    fail: ErrorMessage
  --error-data <text>       fail: ErrorData
  --url <url>               service endpoint (default: AWS_ENDPOINT_URL_LAMBDA or
                            http://127.0.0.1:9014)
  -h, --help                show this help

Example:
  durable-lambda callback succeed eyJlIjoi... --result '{"approved":true}'`;

const ACTIONS = ['succeed', 'fail', 'heartbeat'] as const;

export const callbackCommand: CliCommand = {
  name: 'callback',
  summary: 'answer a callback (succeed, fail, heartbeat) on a running serve',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs('callback', args, {
      result: { type: 'string' },
      'error-type': { type: 'string' },
      'error-message': { type: 'string' },
      'error-data': { type: 'string' },
      url: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help === true) {
      io.out(HELP);
      return 0;
    }
    const [action, callbackId, ...extra] = positionals;
    if (action === undefined) throw new CliUsageError('callback: give an action: succeed, fail or heartbeat');
    if (!(ACTIONS as readonly string[]).includes(action)) throw new CliUsageError(`callback: unknown action ${JSON.stringify(action)} (succeed, fail or heartbeat)`);
    if (callbackId === undefined || callbackId === '') throw new CliUsageError(`callback: give the callback id (durable-lambda callback ${action} <callback-id>)`);
    if (extra.length > 0) throw new CliUsageError(`callback: unexpected argument ${JSON.stringify(extra[0])}`);
    if (action !== 'succeed' && values.result !== undefined) throw new CliUsageError(`callback: --result only goes with succeed`);
    const errorOptions = ['error-type', 'error-message', 'error-data'].filter((k) => values[k] !== undefined);
    if (action !== 'fail' && errorOptions.length > 0) throw new CliUsageError(`callback: --${errorOptions[0]} only goes with fail`);
    const result = typeof values.result === 'string' ? readJsonArg('callback', '--result', values.result) : undefined;
    const url = serviceUrl('callback', values.url);
    const { client, sdk } = await lambdaClientFor(url);
    try {
      if (action === 'succeed') {
        await client.send(new sdk.SendDurableExecutionCallbackSuccessCommand({
          CallbackId: callbackId, ...(result !== undefined ? { Result: Buffer.from(result) } : {}),
        }));
      } else if (action === 'fail') {
        const text = (k: string): string | undefined => (typeof values[k] === 'string' ? readTextArg('callback', `--${k}`, values[k]) : undefined);
        const error = { ErrorType: text('error-type'), ErrorMessage: text('error-message'), ErrorData: text('error-data') };
        await client.send(new sdk.SendDurableExecutionCallbackFailureCommand({
          CallbackId: callbackId,
          Error: Object.fromEntries(Object.entries(error).filter(([, v]) => v !== undefined)),
        }));
      } else {
        await client.send(new sdk.SendDurableExecutionCallbackHeartbeatCommand({ CallbackId: callbackId }));
      }
    } catch (error) {
      throw new Error(describeCallError(url, error));
    } finally {
      client.destroy();
    }
    io.out(`callback ${callbackId.length > 24 ? `${callbackId.slice(0, 24)}…` : callbackId}: ${action === 'heartbeat' ? 'heartbeat sent' : `${action === 'succeed' ? 'succeeded' : 'failed'}`}`);
    return 0;
  },
};
