/**
 * One run of crash exploration: a fresh service runs the handler and, at one checkpoint call,
 * ends the invocation the way a crash would. It records every checkpoint call, which updates
 * the service committed, and every step attempt the handler began (through the attempt probe:
 * handlers wrapped by durable-lambda report them; others report none).
 */
import type { CheckpointDurableExecutionRequest, CheckpointDurableExecutionResponse, HistoryEvent } from '../protocol.js';
import { registerAttemptProbe } from '../plugins/attempt-probe.js';
import type { AttemptInfo } from '../plugins/types.js';
import { timedOutError } from '../service/function-timeout.js';
import { inProcessInvoker, type LambdaHandler } from '../service/invokers/in-process-invoker.js';
import type { FunctionInvoker, InvocationOutcome } from '../service/invokers/invoker.js';
import { DurableServiceError } from '../service/service-errors.js';
import { DurableExecutionService } from '../service/service.js';

/**
 * Where a crash run ends its invocation: `before` its checkpoint call reaches the service,
 * `after` the service committed it but before the SDK heard back, or at the invocation's
 * `timeout` (the call never returns; Lambda ends the invocation as `Sandbox.Timedout`).
 */
export type CrashPhase = 'before' | 'after' | 'timeout';

/** A step attempt (or waitForCondition check) that began running in an invocation. */
export interface AttemptRun {
  /** Invocation number in the run (1-based). */
  invocation: number;
  operationId: string;
  name: string | undefined;
  attempt: number;
  semantics: AttemptInfo['semantics'];
  /** Order among the run's recorded facts (attempt starts and commits). */
  seq: number;
}

/** A step outcome (SUCCEED, FAIL or RETRY) the service committed. */
export interface CommittedOutcome {
  invocation: number;
  operationId: string;
  seq: number;
}

/** What one crash run observed. */
export interface CrashRun {
  status: string;
  result: string | undefined;
  history: HistoryEvent[];
  checkpointCalls: number;
  attempts: AttemptRun[];
  outcomes: CommittedOutcome[];
  /** The invocation that hit the crash (undefined for a clean run or when the boundary was never reached). */
  crashedInvocation: number | undefined;
  /** What the crashed checkpoint call carried, e.g. `'charge' STEP SUCCEED` (empty: a bare token refresh). */
  crashedCall: string[];
}

/** A callback answer as the original run gave it. */
export interface RecordedAnswer {
  kind: 'success' | 'failure';
  result?: string;
  error?: { ErrorType?: string; ErrorMessage?: string };
}

/** Settings shared by every run of one exploration. */
export interface CrashRunSetup {
  handler: LambdaHandler;
  input: string | undefined;
  answers: readonly RecordedAnswer[];
  functionName: string;
  functions: Record<string, LambdaHandler>;
}

const STEP_OUTCOMES = new Set(['SUCCEED', 'FAIL', 'RETRY']);
/** Real time a hung call waits before the invocation is ended, so concurrent branches run on as they would. */
const TIMEOUT_SETTLE_MS = 5;

/** The callback answers of a history, in the order they were given. */
export const recordedAnswers = (history: readonly HistoryEvent[]): RecordedAnswer[] =>
  history.flatMap((e): RecordedAnswer[] => {
    if (e.EventType === 'CallbackSucceeded') {
      const payload = e.CallbackSucceededDetails?.Result?.Payload;
      return [{ kind: 'success', ...(payload !== undefined ? { result: payload } : {}) }];
    }
    if (e.EventType === 'CallbackFailed') return [{ kind: 'failure', error: e.CallbackFailedDetails?.Error?.Payload ?? {} }];
    return [];
  });

/** Answers each callback as the original run answered the callback that started in the same place. */
const answerCallbacks = (service: DurableExecutionService, answers: readonly RecordedAnswer[]): void => {
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
};

/**
 * Runs the handler to its end, crashing at checkpoint call `crashAt` in `phase` (no crash when
 * `crashAt` is undefined).
 */
export const runWithCrash = async (setup: CrashRunSetup, crashAt: number | undefined, phase: CrashPhase): Promise<CrashRun> => {
  const service = new DurableExecutionService({ timeAdvance: 'always' });
  const run: Omit<CrashRun, 'status' | 'result' | 'history'> = { checkpointCalls: 0, attempts: [], outcomes: [], crashedInvocation: undefined, crashedCall: [] };
  let seq = 0;
  let invocations = 0;
  const dead = new Set<number>();
  const crash = (): DurableServiceError =>
    new DurableServiceError('ServiceException', `crash injected at checkpoint call ${crashAt} (${phase})`, 500);
  const inner = inProcessInvoker(setup.handler);

  const invoker: FunctionInvoker = async (request) => {
    invocations += 1;
    const invocation = invocations;
    const startedAt = Date.now();
    const client = request.client;
    const unregister = registerAttemptProbe(request.executionArn, () => ({
      onOperationAttemptStart: async (info) => {
        if (dead.has(invocation)) return; // Lambda froze that sandbox: nothing it does runs on
        seq += 1;
        run.attempts.push({ invocation, operationId: info.id, name: info.name, attempt: info.attempt, semantics: info.semantics, seq });
      },
    }));
    const ended = (): void => {
      dead.add(invocation);
      unregister();
    };
    if (!client) return inner(request).finally(ended);
    let kill: ((outcome: InvocationOutcome) => void) | undefined;
    const killed = new Promise<InvocationOutcome>((resolve) => (kill = resolve));
    const checkpoint = async (req: CheckpointDurableExecutionRequest): Promise<CheckpointDurableExecutionResponse> => {
      run.checkpointCalls += 1;
      if (run.checkpointCalls === crashAt) {
        run.crashedInvocation = invocation;
        const operations = service.execution(request.executionArn).operations;
        run.crashedCall = (req.Updates ?? []).map((u) => `'${u.Name ?? operations.get(u.Id)?.op.Name ?? u.Id}' ${u.Type} ${u.Action}`);
        if (phase === 'before') throw crash();
        if (phase === 'timeout') {
          // The call hangs; the invocation runs on until Lambda ends it at its timeout.
          await new Promise((resolve) => setTimeout(resolve, TIMEOUT_SETTLE_MS));
          dead.add(invocation);
          kill?.(timedOutError(request.requestId, request.deadline - startedAt));
          throw crash();
        }
      }
      const response = await client.checkpoint(req);
      for (const u of req.Updates ?? []) {
        if (u.Type === 'STEP' && STEP_OUTCOMES.has(u.Action)) run.outcomes.push({ invocation, operationId: u.Id, seq: (seq += 1) });
      }
      if (run.checkpointCalls === crashAt) throw crash();
      return response;
    };
    const running = inner({ ...request, client: { checkpoint, getExecutionState: (req) => client.getExecutionState(req) } });
    return Promise.race([running, killed]).finally(ended);
  };

  service.registerFunction({ name: setup.functionName, invoker });
  for (const [name, fn] of Object.entries(setup.functions)) service.registerFunction({ name, invoker: inProcessInvoker(fn) });
  answerCallbacks(service, setup.answers);
  const arn = service.startExecution({ functionName: setup.functionName, ...(setup.input !== undefined ? { payload: setup.input } : {}) });
  const done = await service.waitForCompletion(arn);
  return { ...run, status: done.Status, result: done.Result, history: service.history(arn) };
};
