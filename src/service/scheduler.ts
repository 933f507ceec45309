/**
 * Drives executions: starts invocations, fires timers, advances the clock when everything is
 * idle, interprets invocation outcomes and applies the invocation retry policy.
 *
 * Clock rules: service time never jumps while any invocation runs, so waits, retry delays and
 * timeouts elapse between invocations and invocation boundaries match the real service. A
 * virtual clock moves (jumps, fires timers) only while `mayMoveTime()` allows it: for the test
 * runner, only while the test awaits an execution.
 */
import { randomUUID } from 'node:crypto';
import type { ExecutionCompletion } from './apply-updates.js';
import type { ExecutionState } from './execution-state.js';
import { errorPayload, recordEvent, textPayload } from './history.js';
import type { CapturedLogLine, FunctionInvoker, InvocationOutcome } from './invokers/invoker.js';
import { buildInvocationEvent, decideAfterInvocation, invocationFailure, type ExecutionEnd } from './invocation.js';
export type { ExecutionEnd } from './invocation.js';
import { fireDueTimers, nextDueTime } from './timers.js';
import { withFunctionTimeout } from './function-timeout.js';
import type { ServiceClock } from './clock.js';
import type {
  CheckpointDurableExecutionRequest, CheckpointDurableExecutionResponse, GetDurableExecutionStateRequest, GetDurableExecutionStateResponse } from '../protocol.js';

/** The parts of the owning service the scheduler reads and calls (kept narrow, so no import cycle). */
export interface SchedulerService {
  readonly clock: ServiceClock;
  readonly eventPageSize: number;
  readonly maxInvocationAttempts: number;
  issueInvocationToken(exec: ExecutionState): string;
  mayMoveTime(): boolean;
  checkpoint(request: CheckpointDurableExecutionRequest): Promise<CheckpointDurableExecutionResponse>;
  getExecutionState(request: GetDurableExecutionStateRequest): Promise<GetDurableExecutionStateResponse>;
}

/** What the scheduler needs from the service that owns it. */
export interface SchedulerHost {
  executions(): Iterable<ExecutionState>;
  functionOf(exec: ExecutionState): { invoker: FunctionInvoker; durable: boolean; functionTimeoutSeconds: number; executionTimeoutSource?: string } | undefined;
  appendLogs(arn: string, lines: readonly CapturedLogLine[]): void;
  notify(arn: string): void;
  onTerminal(exec: ExecutionState): void;
  /** An invocation has just started (set only by a service that keeps its data). */
  invocationStarted?(exec: ExecutionState): void;
}

interface ScheduledAction {
  arn: string;
  at: number;
  action: () => void;
}


/** Delay before re-invoking after the n-th consecutive failed invocation: 1 s, 2 s, 4 s … (virtual). */
export const invocationRetryDelayMs = (failures: number): number => 1000 * 2 ** Math.max(0, failures - 1);

export class ExecutionScheduler {
  private readonly needsInvocation = new Set<string>();
  private readonly pendingCompletion = new Map<string, ExecutionCompletion>();
  private readonly actions: ScheduledAction[] = [];
  private running = 0;
  private looping = false;
  private wake: (() => void) | undefined;
  private kicked = false;

  constructor(
    private readonly service: SchedulerService,
    private readonly host: SchedulerHost,
  ) {}

  requestInvocation(exec: ExecutionState): void {
    this.needsInvocation.add(exec.arn);
    this.kick();
  }

  setPendingCompletion(exec: ExecutionState, completion: ExecutionCompletion): void {
    this.pendingCompletion.set(exec.arn, completion);
  }

  /** Whether an invocation of the execution is due (read by the store's write-through). */
  invocationRequested(arn: string): boolean {
    return this.needsInvocation.has(arn);
  }

  /** The EXECUTION outcome the running invocation checkpointed, if any. */
  pendingCompletionOf(arn: string): ExecutionCompletion | undefined {
    return this.pendingCompletion.get(arn);
  }

  scheduleAction(arn: string, at: number, action: () => void): void {
    this.actions.push({ arn, at, action });
    this.kick();
  }

  /** An operation changed outside an invocation's own checkpoints (callback, child result). */
  operationChangedExternally(exec: ExecutionState, operationId: string): void {
    if (exec.invocationRunning) {
      exec.undelivered.add(operationId);
      exec.wakeRequested = true;
    } else {
      exec.changedWhileSuspended.add(operationId);
      if (exec.status === 'RUNNING') this.needsInvocation.add(exec.arn);
    }
    this.host.notify(exec.arn);
    this.kick();
  }

  /** Wakes the loop (new work may exist). */
  kick(): void {
    this.kicked = true;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
    if (!this.looping) {
      this.looping = true;
      void this.loop().finally(() => {
        this.looping = false;
      });
    }
  }

  private async loop(): Promise<void> {
    for (;;) {
      this.kicked = false;
      const progressed = this.step();
      if (progressed) continue;
      const next = this.service.mayMoveTime() ? this.earliestDue() : undefined;
      if (next === undefined && this.running === 0 && !this.hasRunningExecutions()) return;
      const wakeUp = new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      if (this.kicked) continue;
      if (next === undefined) {
        await wakeUp;
        continue;
      }
      const abort = new AbortController();
      void wakeUp.then(() => abort.abort());
      if (this.running > 0) {
        // Invocations are running: time only passes for real; never jump.
        await realSleep(next - this.service.clock.now(), abort.signal);
      } else {
        await this.service.clock.waitUntil(next, abort.signal);
      }
    }
  }

  private hasRunningExecutions(): boolean {
    for (const exec of this.host.executions()) if (exec.status === 'RUNNING') return true;
    return false;
  }

  private earliestDue(): number | undefined {
    let next: number | undefined;
    for (const exec of this.host.executions()) {
      if (exec.invocationRunning || exec.status !== 'RUNNING') continue;
      const t = nextDueTime(exec);
      if (t !== undefined && (next === undefined || t < next)) next = t;
    }
    for (const a of this.actions) {
      const exec = this.findExecution(a.arn);
      if (exec?.invocationRunning === true) continue;
      if (next === undefined || a.at < next) next = a.at;
    }
    return next;
  }

  private findExecution(arn: string): ExecutionState | undefined {
    for (const exec of this.host.executions()) if (exec.arn === arn) return exec;
    return undefined;
  }

  /** Fires due actions and timers and starts due invocations. Returns whether anything happened. */
  private step(): boolean {
    const now = this.service.clock.now();
    const timeMoves = this.service.mayMoveTime();
    let progressed = false;
    const dueActions = timeMoves ? this.actions.filter((a) => a.at <= now && this.findExecution(a.arn)?.invocationRunning !== true) : [];
    for (const a of dueActions) {
      this.actions.splice(this.actions.indexOf(a), 1);
      try {
        a.action();
      } catch {
        // An action against a closed callback is simply dropped, as the service would refuse it.
      }
      progressed = true;
    }
    for (const exec of [...this.host.executions()]) {
      if (exec.status !== 'RUNNING' || exec.invocationRunning) continue;
      const fired = timeMoves ? fireDueTimers(exec, now) : { changed: [], executionTimedOut: false, invocationRetryDue: false };
      if (fired.executionTimedOut) {
        this.finishExecution(exec, { status: 'TIMED_OUT', error: executionTimedOutError(exec, this.host.functionOf(exec)?.executionTimeoutSource) }, now);
        progressed = true;
        continue;
      }
      if (fired.changed.length > 0 || fired.invocationRetryDue) {
        for (const id of fired.changed) exec.changedWhileSuspended.add(id);
        this.needsInvocation.add(exec.arn);
        this.host.notify(exec.arn);
        progressed = true;
      }
      // A chained invoke's target starts once the invoking invocation has ended: the caller
      // suspends within milliseconds of the START, long before a real Lambda invocation could
      // finish, so this keeps the caller's invocation boundaries (and EventIds) deterministic.
      const callerBusy = exec.invocationCount === 0 && exec.parent !== undefined && this.findExecution(exec.parent.executionArn)?.invocationRunning === true;
      if (this.needsInvocation.has(exec.arn) && exec.retryInvocationAt === undefined && !callerBusy) {
        this.needsInvocation.delete(exec.arn);
        this.startInvocation(exec);
        progressed = true;
      }
    }
    return progressed;
  }

  private startInvocation(exec: ExecutionState): void {
    const fn = this.host.functionOf(exec);
    if (!fn) return;
    exec.invocationRunning = true;
    this.running += 1;
    void this.invoke(exec, fn).finally(() => {
      exec.invocationRunning = false;
      this.running -= 1;
      this.host.notify(exec.arn);
      this.kick();
    });
    this.host.invocationStarted?.(exec);
  }

  private async invoke(exec: ExecutionState, fn: { invoker: FunctionInvoker; durable: boolean; functionTimeoutSeconds: number }): Promise<void> {
    const requestId = randomUUID();
    const start = this.service.clock.now();
    exec.invocationCount += 1;
    exec.wakeRequested = false;
    exec.undelivered.clear();
    // Lambda's function timeout runs in real time, like the invocation itself.
    const timeoutMs = fn.functionTimeoutSeconds * 1000;
    const deadline = Date.now() + timeoutMs;
    const limit = { deadline, timeoutMs, requestId };
    if (!fn.durable) {
      const outcome = await withFunctionTimeout(fn.invoker({
        event: exec.inputPayload === undefined ? {} : JSON.parse(exec.inputPayload),
        requestId, functionName: exec.functionName, executionArn: exec.arn, deadline,
      }), { ...limit, onTimeout: () => undefined });
      if (outcome.logs) this.host.appendLogs(exec.arn, outcome.logs);
      const end = this.service.clock.now();
      if (outcome.kind === 'returned') {
        const result = outcome.value === undefined ? undefined : JSON.stringify(outcome.value);
        this.finishExecution(exec, { status: 'SUCCEEDED', ...(result !== undefined ? { result } : {}) }, end);
      } else {
        this.finishExecution(exec, { status: 'FAILED', error: outcome.error }, end);
      }
      return;
    }
    const token = this.service.issueInvocationToken(exec);
    const updatedIds = [...exec.changedWhileSuspended];
    exec.changedWhileSuspended.clear();
    const event = buildInvocationEvent(exec, token, this.service.eventPageSize, updatedIds);
    const service = this.service;
    const outcome: InvocationOutcome = await withFunctionTimeout(fn.invoker({
      event,
      client: {
        checkpoint: (req) => service.checkpoint(req),
        getExecutionState: (req) => service.getExecutionState(req),
      },
      requestId, functionName: exec.functionName, executionArn: exec.arn, deadline,
    }), {
      ...limit,
      // What a timed-out invocation still sends (in-process it keeps running) is refused.
      onTimeout: () => {
        delete exec.currentToken;
      },
    });
    if (outcome.logs) this.host.appendLogs(exec.arn, outcome.logs);
    delete exec.currentToken;
    if (exec.status !== 'RUNNING') return; // stopped or timed out meanwhile
    const end = this.service.clock.now();
    const failure = invocationFailure(outcome);
    recordEvent(exec, 'InvocationCompleted', end, {
      InvocationCompletedDetails: {
        StartTimestamp: new Date(start),
        EndTimestamp: new Date(end),
        RequestId: requestId,
        ...(failure ? { Error: errorPayload(failure) } : {}),
      },
    });
    const completion = this.pendingCompletion.get(exec.arn);
    this.pendingCompletion.delete(exec.arn);
    const decision = decideAfterInvocation({ exec, outcome, failure, ...(completion ? { completion } : {}), maxAttempts: this.service.maxInvocationAttempts });
    if (decision.kind === 'finish') {
      this.finishExecution(exec, decision.end, end);
    } else if (decision.kind === 'retry') {
      exec.retryInvocationAt = end + invocationRetryDelayMs(exec.consecutiveInvocationFailures);
      this.needsInvocation.add(exec.arn);
    } else if (decision.kind === 'reinvoke') {
      for (const id of exec.undelivered) exec.changedWhileSuspended.add(id);
      this.needsInvocation.add(exec.arn);
    }
  }

  /** Moves the execution to a terminal status and records the closing event. */
  finishExecution(exec: ExecutionState, end: ExecutionEnd, at: number): void {
    if (exec.status !== 'RUNNING') return;
    exec.status = end.status;
    exec.endTime = at;
    delete exec.currentToken;
    delete exec.retryInvocationAt;
    this.needsInvocation.delete(exec.arn);
    const execOp = { Id: exec.executionOperationId, Name: exec.name };
    const opRecord = exec.operations.get(exec.executionOperationId)?.op;
    if (opRecord) {
      opRecord.Status = end.status === 'SUCCEEDED' ? 'SUCCEEDED' : end.status;
      opRecord.EndTimestamp = new Date(at);
    }
    if (end.status === 'SUCCEEDED') {
      if (end.result !== undefined) exec.result = end.result;
      recordEvent(exec, 'ExecutionSucceeded', at, { ExecutionSucceededDetails: { Result: textPayload(end.result) } }, execOp);
    } else {
      const error = end.error ?? {};
      exec.error = error;
      const details = { Error: errorPayload(error) };
      if (end.status === 'FAILED') recordEvent(exec, 'ExecutionFailed', at, { ExecutionFailedDetails: details }, execOp);
      else if (end.status === 'TIMED_OUT') recordEvent(exec, 'ExecutionTimedOut', at, { ExecutionTimedOutDetails: details }, execOp);
      else recordEvent(exec, 'ExecutionStopped', at, { ExecutionStoppedDetails: details }, execOp);
    }
    this.host.onTerminal(exec);
    this.host.notify(exec.arn);
    this.kick();
  }
}

/** The TIMED_OUT error, naming the limit and what set it (a runner option, a CLI flag, the function's config). */
const executionTimedOutError = (exec: ExecutionState, source = 'DurableConfig.ExecutionTimeout'): { ErrorType: string; ErrorMessage: string } => ({
  ErrorType: 'Execution.TimedOut',
  ErrorMessage: `Execution timed out: it ran longer than its execution timeout of ${formatSeconds(exec.executionTimeoutSeconds)}, set by ${source}`,
});

const formatSeconds = (seconds: number): string => {
  const units: [number, string][] = [[86_400, 'day'], [3_600, 'hour'], [60, 'minute'], [1, 'second']];
  const parts: string[] = [];
  let rest = seconds;
  for (const [size, name] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n} ${name}${n === 1 ? '' : 's'}`);
    rest -= n * size;
  }
  return parts.length > 0 ? parts.join(' ') : '0 seconds';
};

const realSleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(resolve, Math.max(0, Math.min(ms, 2 ** 31 - 1)));
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
