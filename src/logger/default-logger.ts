/**
 * The default durable logger: one JSON object per line, like the Lambda runtime's JSON log
 * format, with the execution fields added.
 */
import { Console } from 'node:console';
import { formatWithOptions } from 'node:util';
import { DurableLogLevel, type DurableLogData, type DurableLogger, type DurableLoggingContext } from './types.js';

/**
 * Execution fields known when the logger is created (before any context is configured).
 *
 * @example
 * ```ts
 * const ctx: LoggingExecutionContext = { requestId: 'r-1', durableExecutionArn: arn, tenantId: undefined };
 * ```
 */
export interface LoggingExecutionContext {
  requestId: string;
  durableExecutionArn: string;
  tenantId?: string;
}

/**
 * Options of {@link createDefaultLogger}.
 *
 * @example
 * ```ts
 * const options: DefaultLoggerOptions = { stdout: process.stdout, level: 'WARN' };
 * ```
 */
export interface DefaultLoggerOptions {
  /** Fields used until `configureDurableLoggingContext` is called. */
  executionContext?: LoggingExecutionContext;
  /** Extra fields merged into every line (plugins); a throwing enricher is ignored. */
  enrichLogContext?: () => Record<string, string | number | boolean> | undefined;
  /** Where DEBUG and INFO lines go. Default `process.stdout`. */
  stdout?: NodeJS.WritableStream;
  /** Where WARN and ERROR lines go. Default `process.stderr`. */
  stderr?: NodeJS.WritableStream;
  /** Minimum level; default `AWS_LAMBDA_LOG_LEVEL`, else DEBUG. Unknown names mean DEBUG. */
  level?: string;
}

const PRIORITY: Readonly<Record<DurableLogLevel, number>> = {
  [DurableLogLevel.DEBUG]: 2,
  [DurableLogLevel.INFO]: 3,
  [DurableLogLevel.WARN]: 4,
  [DurableLogLevel.ERROR]: 5,
};

// Keep inspected objects on one line inside the message.
const FORMAT_OPTIONS = { breakLength: Infinity };

/**
 * Parses a level name (case-insensitive); anything unknown is DEBUG, as in the Lambda runtime.
 *
 * @example
 * ```ts
 * resolveLogLevel('warn'); // DurableLogLevel.WARN
 * resolveLogLevel('TRACE'); // DurableLogLevel.DEBUG
 * ```
 */
export function resolveLogLevel(name: string | undefined): DurableLogLevel {
  const upper = name?.toUpperCase();
  return upper !== undefined && Object.hasOwn(PRIORITY, upper) ? (upper as DurableLogLevel) : DurableLogLevel.DEBUG;
}

function errorTypeOf(error: Error): string {
  return error.constructor?.name || error.name || 'UnknownError';
}

/** Renders Errors inside a single-value message as structured fields. */
function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    return {
      errorType: errorTypeOf(value),
      errorMessage: value.message,
      stackTrace: typeof value.stack === 'string' ? value.stack.split('\n') : value.stack,
      ...value,
    };
  }
  return value;
}

/**
 * Builds one log line.
 *
 * @example
 * ```ts
 * formatLogLine(DurableLogLevel.INFO, { requestId: 'r', executionArn: 'a' }, undefined, ['hello']);
 * ```
 */
export function formatLogLine(
  level: DurableLogLevel,
  data: DurableLogData,
  enrich: DefaultLoggerOptions['enrichLogContext'],
  params: unknown[],
): string {
  const line: Record<string, unknown> = {
    requestId: data.requestId,
    timestamp: new Date().toISOString(),
    level,
    executionArn: data.executionArn,
  };
  if (data.tenantId != null) line.tenantId = data.tenantId;
  if (data.operationId !== undefined) line.operationId = data.operationId;
  if (data.operationName !== undefined) line.operationName = data.operationName;
  if (data.attempt !== undefined) line.attempt = data.attempt;
  try {
    const extra = enrich?.();
    if (extra) Object.assign(line, extra);
  } catch {
    // An enricher must never break logging.
  }
  if (params.length === 1) {
    line.message = params[0];
    try {
      return JSON.stringify(line, errorReplacer);
    } catch {
      line.message = formatWithOptions(FORMAT_OPTIONS, params[0]); // circular, BigInt...
      return JSON.stringify(line);
    }
  }
  line.message = formatWithOptions(FORMAT_OPTIONS, ...params);
  const error = params.find((p): p is Error => p instanceof Error);
  if (error) {
    line.errorType = errorTypeOf(error);
    line.errorMessage = error.message;
    line.stackTrace = typeof error.stack === 'string' ? error.stack.split('\n') : [];
  }
  return JSON.stringify(line);
}

/**
 * Creates the default logger: structured JSON lines (`requestId`, `timestamp`, `level`,
 * `executionArn`, optional `tenantId`/`operationId`/`operationName`/`attempt`, enricher fields,
 * `message`, and `errorType`/`errorMessage`/`stackTrace` for an Error among several params).
 * DEBUG/INFO go to stdout, WARN/ERROR to stderr; levels below `AWS_LAMBDA_LOG_LEVEL` are dropped.
 * Replay suppression is not done here: the durable context wraps this logger.
 *
 * @example
 * ```ts
 * const logger = createDefaultLogger({ executionContext: { requestId, durableExecutionArn } });
 * logger.info('order placed', { orderId: 'o-1' });
 * // {"requestId":"...","timestamp":"...","level":"INFO","executionArn":"...","message":"order placed { orderId: 'o-1' }"}
 * ```
 */
export function createDefaultLogger(options: DefaultLoggerOptions = {}): DurableLogger {
  // Created on the first line written: most invocations of a replaying handler log nothing, and
  // a Console is costly to build on every invocation.
  let lineConsole: Console | undefined;
  const output = (): Console =>
    (lineConsole ??= new Console({ stdout: options.stdout ?? process.stdout, stderr: options.stderr ?? process.stderr }));
  const minimum = PRIORITY[resolveLogLevel(options.level ?? process.env.AWS_LAMBDA_LOG_LEVEL)];
  let loggingContext: DurableLoggingContext | undefined;

  const currentData = (): DurableLogData => {
    if (loggingContext) return loggingContext.getDurableLogData();
    const ctx = options.executionContext;
    if (!ctx) {
      throw new Error('DurableLoggingContext is not configured: call configureDurableLoggingContext before logging.');
    }
    return { requestId: ctx.requestId, executionArn: ctx.durableExecutionArn, tenantId: ctx.tenantId };
  };

  const writer = (level: DurableLogLevel, write: (line: string) => void) => {
    if (PRIORITY[level] < minimum) return () => {};
    // A leading `undefined` is dropped, as the Lambda runtime's console does.
    return (...params: unknown[]) =>
      write(formatLogLine(level, currentData(), options.enrichLogContext, params[0] === undefined ? params.slice(1) : params));
  };

  const logger = {
    debug: writer(DurableLogLevel.DEBUG, (line) => output().debug(line)),
    info: writer(DurableLogLevel.INFO, (line) => output().info(line)),
    warn: writer(DurableLogLevel.WARN, (line) => output().warn(line)),
    error: writer(DurableLogLevel.ERROR, (line) => output().error(line)),
    log(level: `${DurableLogLevel}`, ...params: unknown[]) {
      const method = resolveLogLevel(level).toLowerCase() as 'debug' | 'info' | 'warn' | 'error';
      // Unknown level names log at INFO (official behaviour), not DEBUG.
      (Object.hasOwn(PRIORITY, level) ? logger[method] : logger.info)(...params);
    },
    configureDurableLoggingContext(context: DurableLoggingContext) {
      loggingContext = context;
    },
  };
  return logger;
}
