/**
 * Logger contracts of the durable context, identical in shape to the official SDK's so a
 * custom logger (Powertools, pino adapters...) written for one works with the other.
 */

/**
 * Log levels a {@link DurableLogger} understands.
 *
 * @example
 * ```ts
 * logger.log?.(DurableLogLevel.WARN, 'slow downstream');
 * ```
 */
export enum DurableLogLevel {
  INFO = 'INFO',
  WARN = 'WARN',
  ERROR = 'ERROR',
  DEBUG = 'DEBUG',
}

/**
 * Fields the SDK attaches to every log line of a durable execution.
 *
 * @example
 * ```ts
 * const data: DurableLogData = { requestId: 'r-1', executionArn: arn, operationId: 'c4ca4238a0b92382', attempt: 2 };
 * ```
 */
export interface DurableLogData {
  requestId: string;
  executionArn: string;
  tenantId?: string;
  /** Hashed id of the operation running when the line was logged. */
  operationId?: string;
  operationName?: string;
  /** Attempt number inside a step or waitForCondition. */
  attempt?: number;
  [key: string]: unknown;
}

/**
 * Handed by the SDK to a logger so it can read the current {@link DurableLogData} on each call.
 *
 * @example
 * ```ts
 * myLogger.configureDurableLoggingContext?.({ getDurableLogData: () => ({ requestId, executionArn }) });
 * ```
 */
export interface DurableLoggingContext {
  getDurableLogData: () => DurableLogData;
}

/**
 * What `context.configureLogger({ customLogger })` accepts.
 *
 * @example
 * ```ts
 * const logger: DurableLogger = {
 *   error: (...p) => console.error(...p), warn: (...p) => console.warn(...p),
 *   info: (...p) => console.info(...p), debug: (...p) => console.debug(...p),
 * };
 * ```
 */
export interface DurableLogger {
  log?(level: `${DurableLogLevel}`, ...params: any): void;
  error(...params: any): void;
  warn(...params: any): void;
  info(...params: any): void;
  debug(...params: any): void;
  /** Called by the SDK with a source of execution fields, if the logger wants them. */
  configureDurableLoggingContext?(durableLoggingContext: DurableLoggingContext): void;
}

/**
 * The logger as exposed on contexts: only the logging methods.
 *
 * @example
 * ```ts
 * const log: DurableContextLogger<DurableLogger> = context.logger;
 * log.info('started');
 * ```
 */
export type DurableContextLogger<Logger extends DurableLogger> = Pick<Logger, 'log' | 'warn' | 'info' | 'error' | 'debug'>;

/**
 * Options of `context.configureLogger`; each part is updated independently.
 *
 * @example
 * ```ts
 * context.configureLogger({ customLogger: powertoolsLogger, modeAware: false });
 * ```
 */
export interface LoggerConfig<Logger extends DurableLogger> {
  customLogger?: Logger;
  /** Suppress lines while replaying. Default true. */
  modeAware?: boolean;
}
