/** `durable-lambda history`: the timeline of an execution on a running `serve`. */
import { escapeControl } from './terminal-text.js';
import { formatUsage, meterHistory } from '../service/metering.js';
import { formatTimeline } from '../service/timeline.js';
import { PRICE_HELP, PRICE_OPTIONS, pricesOption } from './price-options.js';
import { serviceUrl } from './cli-input.js';
import { CliUsageError, parseCommandArgs, type CliCommand } from './command.js';
import { fetchHistory } from './fetch-history.js';

const HELP = `Usage: durable-lambda history <execution-arn> [--url <url>] [--json]

Prints the timeline of a durable execution (operation tree, statuses, attempts, durations,
payload sizes, result) read from a running "durable-lambda serve" through the Lambda API
(GetDurableExecution, GetDurableExecutionHistory).

Options:
  --url <url>   service endpoint (default: AWS_ENDPOINT_URL_LAMBDA or http://127.0.0.1:9014)
  --json        print {DurableExecutionArn, Status, Events} as JSON instead (input of
                "durable-lambda decode --history @file")
${PRICE_HELP}
  -h, --help    show this help`;

export const historyCommand: CliCommand = {
  name: 'history',
  summary: 'print the timeline (or JSON history) of an execution on a running serve',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs('history', args, {
      url: { type: 'string' },
      json: { type: 'boolean' },
      ...PRICE_OPTIONS,
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help === true) {
      io.out(HELP);
      return 0;
    }
    const [arn, ...extra] = positionals;
    if (arn === undefined) throw new CliUsageError('history: give the execution ARN (durable-lambda history <execution-arn>)');
    if (extra.length > 0) throw new CliUsageError(`history: unexpected argument ${JSON.stringify(extra[0])}`);
    const prices = pricesOption('history', values);
    const url = serviceUrl('history', values.url);
    const document = await fetchHistory(url, arn);
    if (values.json === true) {
      io.out(JSON.stringify(document, null, 2));
    } else {
      io.out(escapeControl(formatTimeline(document.Events)));
      io.out(formatUsage(meterHistory(document.Events), prices));
    }
    return 0;
  },
};
