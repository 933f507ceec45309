/**
 * durable-lambda/testing: a local Lambda durable-execution service for tests and `sam local`
 * style development, with a virtual clock, an in-process test runner, a loopback HTTP front and
 * the conformance harness.
 *
 * @packageDocumentation
 */
export { DurableTestRunner, DurableTestExecution } from './test-runner.js';
export type { DurableTestRunnerOptions, DurableTestResult, OperationSelector, RunnerFunction } from './test-runner.js';
export { DurableExecutionService } from './service.js';
export type { DurableExecutionServiceOptions, FunctionRegistration, ServiceListener } from './service.js';
export type {
  StartExecutionRequest,
  GetDurableExecutionResponse,
  GetDurableExecutionHistoryRequest,
  GetDurableExecutionHistoryResponse,
  ListDurableExecutionsByFunctionRequest,
  ListDurableExecutionsByFunctionResponse,
  DurableExecutionSummary,
} from './service-types.js';
export { VirtualClock, RealTimeClock, createClock } from './clock.js';
export type { ServiceClock, ClockMode } from './clock.js';
export { DurableServiceError } from './service-errors.js';
export { inProcessInvoker, DurableExecutionInvocationInputWithClient } from './in-process-invoker.js';
export type { LambdaHandler, InProcessInvokerOptions } from './in-process-invoker.js';
export { WorkerPool } from './worker-invoker.js';
export type { WorkerInvokerOptions } from './worker-invoker.js';
export { processInvoker } from './process-invoker.js';
export type { ProcessInvokerOptions } from './process-invoker.js';
export type { FunctionInvoker, InvocationRequest, InvocationOutcome, CapturedLogLine, ServiceDurableClient } from './invoker.js';
export { startHttpFront } from './http-front.js';
export type { HttpFront, HttpFrontOptions } from './http-front.js';
export { formatExecutionArn, parseExecutionArn } from './arn.js';
export { prepareConformance, runConformance } from './harness-run.js';
export type { ConformanceOptions, PreparedConformance, RequirementResult } from './harness-run.js';
export { bundleHandlers } from './harness-bundle.js';
export type { HarnessSdk } from './harness-bundle.js';
export { formatTimeline, formatOperationLine, buildTimeline } from './timeline.js';
export type { TimelineOperation, TimelineOptions, OperationLineOptions } from './timeline.js';
export { durableMatchers, WILDCARD } from './matchers.js';
export type { DurableMatchers, MatchHistoryOptions, MatcherState, MatcherResult } from './matchers.js';
export { assertReplayDeterministic, replayExecution, ReplayMismatchError } from './replay-check.js';
export type { ReplayCheckOptions, ReplayReport } from './replay-check.js';
