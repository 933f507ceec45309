/**
 * durable-lambda/testing: a local Lambda durable-execution service for tests and `sam local`
 * style development, with a virtual clock, an in-process test runner, a loopback HTTP front and
 * the conformance harness.
 *
 * @packageDocumentation
 */
export { DurableTestRunner, DurableTestExecution } from './test-runner.js';
export type { DurableTestRunnerOptions, DurableTestResult, OperationSelector, RunnerFunction } from './test-runner.js';
export { DurableExecutionService } from '../service/service.js';
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
export type { ServiceClock, ClockMode } from '../service/clock.js';
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
export { formatExecutionArn, parseExecutionArn } from '../service/arn.js';
export { prepareConformance, runConformance } from '../conformance/harness-run.js';
export type { ConformanceOptions, PreparedConformance, RequirementResult } from '../conformance/harness-run.js';
export { bundleHandlers } from '../conformance/harness-bundle.js';
export type { HarnessSdk } from '../conformance/harness-bundle.js';
export { formatTimeline, formatOperationLine, buildTimeline } from '../service/timeline.js';
export type { TimelineOperation, TimelineOptions, OperationLineOptions } from '../service/timeline.js';
export { durableMatchers, WILDCARD } from './matchers.js';
export type { DurableMatchers, MatchHistoryOptions, MatcherState, MatcherResult } from './matchers.js';
export { assertReplayDeterministic, replayExecution, ReplayMismatchError } from './replay-check.js';
export type { ReplayCheckOptions, ReplayReport } from './replay-check.js';
export { replayHistory } from './replay-history/replay-history.js';
export type { ReplayHistoryOptions, ReplayHistoryReport, ReplayedOperation } from './replay-history/replay-history.js';
export { readRecordedExecution, RecordedExecutionFormatError } from './replay-history/recorded-execution.js';
export type { RecordedExecution } from './replay-history/recorded-execution.js';
export { formatReplayReport } from './replay-history/format-report.js';
