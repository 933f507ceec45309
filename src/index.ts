/**
 * durable-lambda: durable AWS Lambda functions in TypeScript.
 *
 * @packageDocumentation
 */
export {
  OperationType,
  OperationStatus,
  OperationAction,
  OperationSubType,
  InvocationStatus,
  ExecutionStatus,
  EventType,
} from './protocol.js';
export type {
  WireTimestamp,
  ErrorObject,
  ExecutionDetails,
  ContextDetails,
  StepDetails,
  WaitDetails,
  CallbackDetails,
  ChainedInvokeDetails,
  Operation,
  OperationUpdate,
  ContextOptions,
  StepOptions,
  WaitOptions,
  CallbackOptions,
  ChainedInvokeOptions,
  CheckpointUpdatedExecutionState,
  CheckpointDurableExecutionRequest,
  CheckpointDurableExecutionResponse,
  GetDurableExecutionStateRequest,
  GetDurableExecutionStateResponse,
  DurableExecutionInvocationInput,
  DurableExecutionInvocationOutput,
  HistoryEvent,
} from './protocol.js';
export { defaultSerdes } from './serdes/serdes.js';
export type { Serdes, SerdesContext } from './serdes/serdes.js';
export {
  DurableOperationError,
  StepError,
  CallbackError,
  CallbackExternalError,
  CallbackTimeoutError,
  CallbackSubmitterError,
  InvokeError,
  ChildContextError,
  WaitForConditionError,
  PromiseCombinatorError,
  BatchCompletionError,
  StepInterruptedError,
  PluginLoadError,
  DurableExecutionClientError,
  DurableExecutionClientErrorScope,
  isDurableExecutionClientError,
} from './errors.js';
export type { DurableExecutionClientErrorOptions } from './errors.js';
export { JitterStrategy } from './retry/jitter.js';
export type { Duration } from './retry/duration.js';
export { createRetryStrategy } from './retry/retry-strategy.js';
export type { RetryStrategyConfig, RetryDecision } from './retry/retry-strategy.js';
export { createLinearRetryStrategy } from './retry/linear-retry-strategy.js';
export type { LinearRetryStrategyConfig } from './retry/linear-retry-strategy.js';
export { retryPresets } from './retry/retry-presets.js';
export { createWaitStrategy } from './retry/wait-strategy.js';
export type { WaitStrategyConfig, WaitForConditionDecision } from './retry/wait-strategy.js';
export { createClassSerdes, createClassSerdesWithDates } from './serdes/class-serdes.js';
export { refreshLogConfig } from './logger/log-config.js';
export type { DurableLogger, DurableContextLogger, DurableLogData, DurableLoggingContext, LoggerConfig } from './logger/types.js';
