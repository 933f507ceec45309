/**
 * durable-lambda/testing: a local Lambda durable-execution service for tests and `sam local`
 * style development, with a virtual clock, an in-process test runner, a loopback HTTP front and
 * the conformance harness.
 *
 * @packageDocumentation
 */
export { DurableTestRunner, DurableTestExecution } from './test-runner.js';
export type { DurableTestRunnerOptions, DurableTestResult, OperationSelector, RunnerFunction } from './test-runner.js';
export type { CallbackAnswer, CallbackInfo, CallbackResponder } from './callback-answers.js';
export { DurableExecutionService, MAX_EXECUTION_TIMEOUT_SECONDS } from '../service/service.js';
export type { DurableExecutionServiceOptions, FunctionRegistration, ServiceListener } from '../service/service.js';
export type {
  StartExecutionRequest,
  GetDurableExecutionResponse,
  GetDurableExecutionHistoryRequest,
  GetDurableExecutionHistoryResponse,
  ListDurableExecutionsByFunctionRequest,
  ListDurableExecutionsByFunctionResponse,
  DurableExecutionSummary,
} from '../service/service-types.js';
export { VirtualClock, RealTimeClock, createClock } from '../service/clock.js';
export { MemoryExecutionStore } from '../service/store/memory-store.js';
export { openSqliteStore, SqliteExecutionStore } from '../service/store/sqlite-store.js';
export type { SqliteStoreOptions } from '../service/store/sqlite-store.js';
export { resumedClock } from '../service/store/resumed-clock.js';
export type { ResumedClockOptions } from '../service/store/resumed-clock.js';
export type { ExecutionStore, StoredExecution, StoredClock, SchedulingState, SaveInput } from '../service/store/execution-store.js';
export type { RestoreReport } from '../service/store/restore.js';
export type { ServiceClock, ClockMode, TimeAdvancePolicy } from '../service/clock.js';
export { DurableServiceError } from '../service/service-errors.js';
export { inProcessInvoker, DurableExecutionInvocationInputWithClient } from '../service/invokers/in-process-invoker.js';
export type { LambdaHandler, InProcessInvokerOptions } from '../service/invokers/in-process-invoker.js';
export { WorkerPool } from '../service/invokers/worker-invoker.js';
export type { WorkerInvokerOptions } from '../service/invokers/worker-invoker.js';
export { processInvoker } from '../service/invokers/process-invoker.js';
export type { ProcessInvokerOptions } from '../service/invokers/process-invoker.js';
export type { FunctionInvoker, InvocationRequest, InvocationOutcome, CapturedLogLine, ServiceDurableClient } from '../service/invokers/invoker.js';
export { startHttpFront } from '../service/http/http-front.js';
export type { HttpFront, HttpFrontOptions } from '../service/http/http-front.js';
export { mountConsole, startConsoleServer } from '../console/console-server.js';
export type { ConsoleOptions, RunningConsole } from '../console/console-server.js';
export { formatExecutionArn, parseExecutionArn } from '../service/arn.js';
export { prepareConformance, runConformance } from '../conformance/harness-run.js';
export type { ConformanceOptions, PreparedConformance, RequirementResult } from '../conformance/harness-run.js';
export { bundleHandlers } from '../conformance/harness-bundle.js';
export type { HarnessSdk } from '../conformance/harness-bundle.js';
export { formatTimeline, formatOperationLine, buildTimeline } from '../service/timeline.js';
export type { TimelineOperation, TimelineOptions, OperationLineOptions } from '../service/timeline.js';
export { durableMatchers, WILDCARD } from './matchers.js';
export type { DurableMatchers, MatchHistoryOptions, MatcherState, MatcherResult } from './matchers.js';
export { assertCrashSafe } from './crash-safety.js';
export type { CrashDivergence, CrashPhase, CrashSafetyOptions, CrashSafetyReport } from './crash-safety.js';
export { assertReplayDeterministic, replayExecution, ReplayMismatchError } from './replay-check.js';
export type { ReplayCheckOptions, ReplayReport } from './replay-check.js';
export {
  LocalDurableTestRunner,
  CloudDurableTestRunner,
  WaitingOperationStatus,
  InvocationType,
  OperationStatus,
  OperationType,
  ExecutionStatus,
} from './official/index.js';
export type {
  LocalDurableTestRunnerParameters,
  LocalDurableTestRunnerSetupParameters,
  CloudDurableTestRunnerConfig,
  CloudDurableTestRunnerParameters,
  LambdaApiClient,
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
  Operation,
  WireOperation,
  DurableHandlerFunction,
  PlainLambdaHandler,
} from './official/index.js';

export { replayHistory } from './replay-history/replay-history.js';
export type { ReplayHistoryOptions, ReplayHistoryReport, ReplayedOperation } from './replay-history/replay-history.js';
export { readRecordedExecution, RecordedExecutionFormatError } from './replay-history/recorded-execution.js';
export type { RecordedExecution } from './replay-history/recorded-execution.js';
export { formatReplayReport } from './replay-history/format-report.js';
