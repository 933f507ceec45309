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
