/**
 * `context.logger` (§5.8): forwards to the configured logger (default: JSON lines) and, when
 * mode-aware logging is on, drops calls made by replayed code.
 */
import { activeScope } from '../engine/context-tracker.js';
import { hashOperationId } from '../engine/ids.js';
import { DurableExecutionMode } from '../engine/modes.js';
import type { DurableLogData, DurableLogger } from '../logger/types.js';
import type { DurableContextLogger } from '../types.js';

/** Logger settings of a context (inherited by child contexts created afterwards). */
export interface LoggerSettings {
  logger: DurableLogger;
  modeAware: boolean;
}

type Level = 'error' | 'warn' | 'info' | 'debug';

/** Builds the durable log data of the code running now (requestId, ARN, active operation). */
export function durableLogDataProvider(options: {
  requestId: string;
  executionArn: string;
  tenantId?: string;
}): () => DurableLogData {
  return () => {
    const scope = activeScope();
    const data: DurableLogData = { requestId: options.requestId, executionArn: options.executionArn };
    if (options.tenantId !== undefined) data.tenantId = options.tenantId;
    const operationRawId = scope?.operationRawId ?? (scope && scope.contextId !== 'root' ? scope.contextId : undefined);
    if (operationRawId !== undefined) data.operationId = hashOperationId(operationRawId);
    if (scope?.operationName !== undefined) data.operationName = scope.operationName;
    if (scope?.attempt !== undefined) data.attempt = scope.attempt;
    return data;
  };
}

/**
 * The logger a context exposes. `settings()` is read on every call so `configureLogger` takes
 * effect immediately; `ownMode()` is the fallback when no scope is active.
 */
export function createContextLogger<L extends DurableLogger>(options: {
  settings: () => LoggerSettings;
  ownMode: () => DurableExecutionMode;
  filtered: boolean;
}): DurableContextLogger<L> {
  const shouldLog = (): boolean => {
    const { modeAware } = options.settings();
    if (!options.filtered || !modeAware) return true;
    const mode = activeScope()?.mode() ?? options.ownMode();
    return mode === DurableExecutionMode.ExecutionMode;
  };
  const emit = (level: Level, params: unknown[]): void => {
    if (!shouldLog()) return;
    const { logger } = options.settings();
    logger[level](...params);
  };
  const contextLogger = {
    error: (...params: unknown[]) => emit('error', params),
    warn: (...params: unknown[]) => emit('warn', params),
    info: (...params: unknown[]) => emit('info', params),
    debug: (...params: unknown[]) => emit('debug', params),
    log: (level: string, ...params: unknown[]) => {
      if (!shouldLog()) return;
      const { logger } = options.settings();
      if (logger.log) logger.log(level as Parameters<NonNullable<DurableLogger['log']>>[0], ...params);
      else {
        const method = level.toLowerCase() as Level;
        (logger[method] ?? logger.info).call(logger, ...params);
      }
    },
  };
  return contextLogger;
}
