/**
 * The official testing API (`@aws/durable-execution-sdk-js-testing` 1.1.4) on our local service:
 * same names, signatures and behaviour, so a test suite switches by its import line.
 */
export { LocalDurableTestRunner } from './local-runner.js';
export type { LocalDurableTestRunnerParameters, LocalDurableTestRunnerSetupParameters } from './local-runner.js';
export { CloudDurableTestRunner } from './cloud-runner.js';
export type { CloudDurableTestRunnerConfig, CloudDurableTestRunnerParameters, LambdaApiClient } from './cloud-runner.js';
export { WaitingOperationStatus, InvocationType, OperationStatus, OperationType, ExecutionStatus } from './enums.js';
export type {
  InvokeRequest,
  Invocation,
  OfficialDurableTestRunner,
  TestResultError,
  TestResult,
  DurableOperation,
  ContextDetails,
  StepDetails,
  CallbackDetails,
  ChainedInvokeDetails,
  WaitResultDetails,
  CallbackResponse,
  PrintColumns,
} from './types.js';
export type { Operation, WireOperation } from '../../protocol.js';
export type { DurableHandlerFunction, PlainLambdaHandler } from './registered-functions.js';
