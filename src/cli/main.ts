/** Entry of the `durable-lambda` CLI: dispatches to one command per file. */
import { escapeControl } from './terminal-text.js';
import { CliUsageError, type CliCommand, type CliIo } from './command.js';
import { callbackCommand } from './callback.js';
import { conformanceCommand } from './conformance.js';
import { consoleCommand } from './console.js';
import { decodeCommand } from './decode.js';
import { historyCommand } from './history.js';
import { initCommand } from './init/init-command.js';
import { replayCommand } from './replay.js';
import { runCommand } from './run.js';
import { serveCommand } from './serve.js';

/** Registered commands; other commands are added here. */
export const commands: CliCommand[] = [initCommand, runCommand, serveCommand, historyCommand, callbackCommand, decodeCommand, replayCommand, conformanceCommand, consoleCommand];

const usage = (): string =>
  [
    'Usage: durable-lambda <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(14)}${c.summary}`),
    '',
    'Run "durable-lambda <command> --help" for the options of a command.',
  ].join('\n');

const defaultIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/**
 * Runs the CLI with `argv` (without node and script); resolves to the exit code.
 *
 * @example
 * process.exitCode = await runCli(process.argv.slice(2));
 */
export const runCli = async (argv: string[], io: CliIo = defaultIo): Promise<number> => {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`durable-lambda: unknown command "${name}" (commands: ${commands.map((c) => c.name).join(', ')})`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.err(escapeControl(`durable-lambda ${error instanceof CliUsageError ? '' : `${name}: `}${message}`.replace(/\s+/g, ' ')));
    return error instanceof CliUsageError ? 2 : 1;
  }
};
