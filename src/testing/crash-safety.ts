/**
 * Crash exploration: re-runs a finished execution once per checkpoint boundary, ending the
 * invocation there as a crash would, and checks that every run ends as the original did.
 *
 * Phases: `before` (the invocation dies before its checkpoint call reaches the service) and
 * `after` (the service committed the checkpoint but the invocation died before hearing back).
 * Both surface to the SDK as a 5xx on that call, which ends the invocation; the service then
 * retries the invocation, which replays. Callbacks are answered as the original run answered
 * them, in the order they started.
 */
import type { CheckpointDurableExecutionRequest, HistoryEvent } from '../protocol.js';
import { formatTimeline } from '../service/timeline.js';
import { inProcessInvoker, type LambdaHandler } from '../service/invokers/in-process-invoker.js';
import { DurableExecutionService } from '../service/service.js';
import { DurableServiceError } from '../service/service-errors.js';
import type { DurableTestExecution } from './test-runner.js';

/** Where a crash run ended its invocation. */
export type CrashPhase = 'before' | 'after';

/** What {@link assertCrashSafe} explored. */
export interface CrashSafetyReport {
  /** Checkpoint calls of a crash-free run (each is one boundary). */
  boundaries: number;
  /** Crash runs made (boundaries × phases). */
  runs: number;
}

/** Options of {@link assertCrashSafe}. */
export interface CrashSafetyOptions {
  /** Phases to explore (default both). */
  phases?: readonly CrashPhase[];
  /** Chained-invoke targets by FunctionName, as given to the runner. */
  functions?: Record<string, LambdaHandler>;
  /**
   * Builds the handler for each crash run (default: the execution's own handler). Use it when the
   * handler closes over demo services whose state the earlier runs would otherwise change.
   */
  handlerFactory?: () => LambdaHandler;
  /** Function name of the handler, as given to the runner (default `handler`). */
  functionName?: string;
}

interface RecordedAnswer {
  kind: 'success' | 'failure';
  result?: string;
  error?: { ErrorType?: string; ErrorMessage?: string };
}

const recordedAnswers = (history: readonly HistoryEvent[]): RecordedAnswer[] =>
  history.flatMap((e): RecordedAnswer[] => {
    if (e.EventType === 'CallbackSucceeded') return [{ kind: 'success', ...(e.CallbackSucceededDetails?.Result?.Payload !== undefined ? { result: e.CallbackSucceededDetails.Result.Payload } : {}) }];
    if (e.EventType === 'CallbackFailed') return [{ kind: 'failure', error: e.CallbackFailedDetails?.Error?.Payload ?? {} }];
    return [];
  });

interface CrashRun {
  status: string;
  result: string | undefined;
  history: HistoryEvent[];
  checkpointCalls: number;
}

const runWithCrash = async (handler: LambdaHandler, input: string | undefined, answers: RecordedAnswer[], crashAt: number | undefined, phase: CrashPhase, options: CrashSafetyOptions): Promise<CrashRun> => {
  const service = new DurableExecutionService({ timeAdvance: 'always' });
  handler = options.handlerFactory?.() ?? handler;
  const functionName = options.functionName ?? 'handler';
  service.registerFunction({ name: functionName, invoker: inProcessInvoker(handler) });
  for (const [name, fn] of Object.entries(options.functions ?? {})) service.registerFunction({ name, invoker: inProcessInvoker(fn) });
  let calls = 0;
  const checkpoint = service.checkpoint.bind(service);
  const crash = (): DurableServiceError => new DurableServiceError('ServiceException', `crash injected at checkpoint call ${crashAt} (${phase})`, 500);
  service.checkpoint = async (request: CheckpointDurableExecutionRequest) => {
    calls += 1;
    if (calls !== crashAt) return checkpoint(request);
    if (phase === 'before') throw crash();
    await checkpoint(request);
    throw crash();
  };
  const answered = new Set<string>();
  let next = 0;
  service.subscribe((arn) => {
    for (const state of service.execution(arn).operations.values()) {
      const id = state.op.CallbackDetails?.CallbackId;
      if (state.op.Type !== 'CALLBACK' || state.op.Status !== 'STARTED' || id === undefined || answered.has(id)) continue;
      answered.add(id);
      const answer = answers[next];
      next += 1;
      if (answer === undefined) continue;
      queueMicrotask(() => {
        if (answer.kind === 'success') service.sendCallbackSuccess(id, answer.result);
        else service.sendCallbackFailure(id, answer.error);
      });
    }
  });
  const arn = service.startExecution({ functionName, ...(input !== undefined ? { payload: input } : {}) });
  const done = await service.waitForCompletion(arn);
  return { status: done.Status, result: done.Result, history: service.history(arn), checkpointCalls: calls };
};

/**
 * Re-runs a finished execution of a `DurableTestRunner` once per checkpoint boundary and crash
 * phase; throws, naming the boundary and printing that run's timeline, when a run ends with
 * another status or result than the original.
 *
 * @example
 * const execution = runner.start(input);
 * await execution.result();
 * const report = await assertCrashSafe(execution); // { boundaries, runs }
 */
export const assertCrashSafe = async (execution: DurableTestExecution, options: CrashSafetyOptions = {}): Promise<CrashSafetyReport> => {
  const handler = execution.handler;
  if (handler === undefined) throw new TypeError('assertCrashSafe needs an execution started by a DurableTestRunner (it re-runs the handler)');
  const original = await execution.result();
  const input = execution.service.execution(execution.arn).inputPayload;
  const answers = recordedAnswers(original.history);
  const clean = await runWithCrash(handler, input, answers, undefined, 'before', options);
  const phases = options.phases ?? ['before', 'after'];
  let runs = 0;
  for (let boundary = 1; boundary <= clean.checkpointCalls; boundary += 1) {
    for (const phase of phases) {
      runs += 1;
      const run = await runWithCrash(handler, input, answers, boundary, phase, options);
      if (run.status !== original.status || run.result !== original.rawResult) {
        throw new Error(
          `Not crash-safe: a crash at checkpoint call ${boundary} of ${clean.checkpointCalls} (${phase === 'before' ? 'before the call reached the service' : 'after the service committed it, before the SDK heard back'}) ` +
            `ended ${run.status} with ${run.result ?? '(no result)'} instead of ${original.status} with ${original.rawResult ?? '(no result)'}.\nTimeline of that run:\n${formatTimeline(run.history)}`,
        );
      }
    }
  }
  return { boundaries: clean.checkpointCalls, runs };
};
