/**
 * The small command framework of the `durable-lambda` CLI: each command lives in its own file
 * and registers a {@link CliCommand}; `main.ts` dispatches and prints errors as one line.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Where a command writes; injectable for tests. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** One CLI command. */
export interface CliCommand {
  name: string;
  /** One-line description for the command list. */
  summary: string;
  /** Full `--help` text. */
  help: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** A usage or input error: printed as one line, exit code 2. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

/** `parseArgs` with strict checking, turning its errors into {@link CliUsageError}. */
export const parseCommandArgs = <T extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  args: string[],
  options: T,
): { values: Record<string, unknown>; positionals: string[] } => {
  try {
    const parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: parsed.values, positionals: parsed.positionals };
  } catch (error) {
    throw new CliUsageError(`${command}: ${error instanceof Error ? error.message : String(error)}`);
  }
};

/** Parses a non-negative integer option or throws a usage error naming it. */
export const integerOption = (command: string, name: string, value: unknown, fallback: number): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || !Number.isSafeInteger(n)) {
    throw new CliUsageError(`${command}: --${name} must be a non-negative integer, got ${JSON.stringify(value)}`);
  }
  return n;
};

/** Longest `DurableConfig.ExecutionTimeout` the service accepts, in seconds (366 days). */
const MAX_EXECUTION_TIMEOUT_SECONDS = 31_622_400; // 366 days, the service's maximum

/** Parses `--function-timeout` (1 to 900 seconds, like Lambda's function timeout); the default is 900. */
export const functionTimeoutOption = (command: string, value: unknown): number => {
  const seconds = integerOption(command, 'function-timeout', value, 900);
  if (seconds < 1 || seconds > 900) {
    throw new CliUsageError(`${command}: --function-timeout must be 1 to 900 seconds (Lambda's function timeout), got ${String(value)}`);
  }
  return seconds;
};

/** Parses `--execution-timeout` (1 to 31622400 seconds, like DurableConfig); the default is one day. */
export const executionTimeoutOption = (command: string, value: unknown): number => {
  const seconds = integerOption(command, 'execution-timeout', value, MAX_EXECUTION_TIMEOUT_SECONDS);
  if (seconds < 1 || seconds > MAX_EXECUTION_TIMEOUT_SECONDS) {
    throw new CliUsageError(`${command}: --execution-timeout must be 1 to ${MAX_EXECUTION_TIMEOUT_SECONDS} seconds (DurableConfig.ExecutionTimeout), got ${String(value)}`);
  }
  return seconds;
};
