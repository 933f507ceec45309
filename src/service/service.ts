/**
 * The local Lambda durable-execution service: executions, the checkpoint API, callbacks,
 * chained invokes, history, and a scheduler that re-invokes functions the way the service does.
 */
import type {
  CheckpointDurableExecutionRequest,
  CheckpointDurableExecutionResponse,
  ErrorObject,
  GetDurableExecutionStateRequest,
  GetDurableExecutionStateResponse,
  HistoryEvent,
} from '../protocol.js';
import { Limits } from '../protocol.js';
import type { UpdateEffects } from './apply-updates.js';
import { formatFunctionArn, parseFunctionName } from './arn.js';
import { createClock, VirtualClock, type ServiceClock, type TimeAdvancePolicy } from './clock.js';
import type { ExecutionState, OperationState } from './execution-state.js';
import { reportChildResult } from './chained-invoke-result.js';
import { describeExecution, historyPage, listExecutions } from './service-queries.js';
import type { CapturedLogLine } from './invokers/invoker.js';
import { ExecutionScheduler } from './scheduler.js';
import { functionTimeoutSecondsOf } from './function-timeout.js';
import {
  type GetDurableExecutionHistoryRequest,
  type GetDurableExecutionHistoryResponse,
  type GetDurableExecutionResponse,
  type ListDurableExecutionsByFunctionRequest,
  type ListDurableExecutionsByFunctionResponse,
  type StartExecutionRequest,
} from './service-types.js';
import { invalidParameter, resourceNotFound } from './service-errors.js';
import { restoreExecutions, type RestoreReport } from './store/restore.js';
import { WriteThrough } from './store/write-through.js';
export type { RestoreReport } from './store/restore.js';
import { meterHistory, type ExecutionUsage } from './metering.js';
import { CallbackRegistry } from './callbacks.js';
import { checkpointExecution, executionStatePage, rotateCheckpointToken, type CheckpointHost } from './checkpoint.js';
import { executionToStart, type StartRequest } from './start-execution.js';
import {
  MAX_EXECUTION_TIMEOUT_SECONDS,
  type DurableExecutionServiceOptions,
  type FunctionRegistration,
  type ServiceListener,
} from './service-options.js';
export { MAX_EXECUTION_TIMEOUT_SECONDS } from './service-options.js';
export type { DurableExecutionServiceOptions, FunctionRegistration, ServiceListener } from './service-options.js';


/**
 * In-memory durable-execution service.
 *
 * @example
 * const service = new DurableExecutionService();
 * service.registerFunction({ name: 'orders', invoker: inProcessInvoker(handler) });
 * const arn = service.startExecution({ functionName: 'orders', payload: '{"id":1}' });
 * const done = await service.waitForCompletion(arn);
 */
export class DurableExecutionService {
  readonly clock: ServiceClock;
  readonly region: string;
  readonly account: string;
  readonly eventPageSize: number;
  readonly maxInvocationAttempts: number;
  readonly invocationTimeoutMs: number;
  readonly timeAdvance: TimeAdvancePolicy;
  private timeDemands = 0;
  private readonly enforceLimits: boolean;
  private readonly functions = new Map<string, Required<FunctionRegistration>>();
  private readonly executions = new Map<string, ExecutionState>();
  private readonly callbacks = new CallbackRegistry({
    execution: (arn) => this.executions.get(arn),
    now: () => this.clock.now(),
    operationChangedExternally: (exec, operationId) => this.scheduler.operationChangedExternally(exec, operationId),
    kick: () => this.scheduler.kick(),
    notify: (arn) => this.notify(arn),
  });
  private readonly logs = new Map<string, CapturedLogLine[]>();
  private readonly listeners = new Set<ServiceListener>();
  private readonly scheduler: ExecutionScheduler;
  private readonly writeThrough: WriteThrough | undefined;

  constructor(options: DurableExecutionServiceOptions = {}) {
    const clock = options.clock ?? 'virtual';
    this.clock = typeof clock === 'string' ? createClock(clock, options.timeScale) : clock;
    this.region = options.region ?? 'us-east-1';
    this.account = options.account ?? '123456789012';
    this.eventPageSize = options.eventPageSize ?? Limits.STATE_PAGE_SIZE;
    this.maxInvocationAttempts = options.maxInvocationAttempts ?? 6;
    this.invocationTimeoutMs = options.invocationTimeoutMs ?? 900_000;
    this.timeAdvance = options.timeAdvance ?? 'when-no-callback-waits';
    this.enforceLimits = options.enforceLimits !== false;
    this.scheduler = new ExecutionScheduler(this, {
      executions: () => this.executions.values(),
      functionOf: (exec) => this.functions.get(exec.functionName),
      appendLogs: (arn, lines) => this.appendLogs(arn, lines),
      notify: (arn) => this.notify(arn),
      onTerminal: (exec) => this.onTerminal(exec),
      ...(options.store ? { invocationStarted: (exec: ExecutionState) => this.writeThrough?.invocationStarted(exec) } : {}),
    });
    this.writeThrough = options.store && new WriteThrough(options.store, {
      execution: (arn) => this.executions.get(arn),
      logs: (arn) => this.logs.get(arn) ?? [],
      scheduler: this.scheduler,
      now: () => this.clock.now(),
    });
  }

  /**
   * Loads the executions the store kept and resumes them: call once, after registering the
   * functions. Timers and callbacks come back with the operations; an invocation that was
   * running when the service stopped is recorded as failed and retried.
   *
   * @example
   * const service = new DurableExecutionService({ store: await openSqliteStore({ dataDir: '.durable-lambda/serve' }) });
   * service.registerFunction({ name: 'orders', invoker });
   * const report = service.restore();
   */
  restore(): RestoreReport {
    const writeThrough = this.writeThrough;
    if (!writeThrough) return { counts: { finished: 0, interrupted: 0, invoked: 0, waiting: 0 }, unregisteredFunctions: [] };
    return restoreExecutions(writeThrough.store, {
      maxInvocationAttempts: this.maxInvocationAttempts,
      now: () => this.clock.now(),
      add: ({ exec, logs }) => {
        this.executions.set(exec.arn, exec);
        this.logs.set(exec.arn, logs);
      },
      addCallback: (callbackId, arn, operationId) => this.callbacks.add(callbackId, arn, operationId),
      hasFunction: (name) => this.functions.has(name),
      scheduler: this.scheduler,
      persist: (arn) => writeThrough.save(arn),
    });
  }

  /** Registers (or replaces) a function by name. */
  registerFunction(registration: FunctionRegistration): void {
    this.functions.set(registration.name, {
      durable: true,
      qualifier: '$LATEST',
      executionTimeoutSeconds: MAX_EXECUTION_TIMEOUT_SECONDS,
      executionTimeoutSource: 'DurableConfig.ExecutionTimeout',
      ...registration,
      functionTimeoutSeconds: functionTimeoutSecondsOf(registration.functionTimeoutSeconds, this.invocationTimeoutMs),
    });
  }

  /** Whether a function of that name is registered. */
  hasFunction(nameOrArn: string): boolean {
    return this.functions.has(parseFunctionName(nameOrArn).functionName);
  }

  /** The registered functions (ListFunctions of the HTTP front), durable ones with their timeout. */
  listFunctions(): { FunctionName: string; FunctionArn: string; DurableConfig?: { ExecutionTimeout: number } }[] {
    return [...this.functions.values()].map((f) => ({
      FunctionName: f.name,
      FunctionArn: formatFunctionArn({ region: this.region, account: this.account, functionName: f.name }),
      ...(f.durable ? { DurableConfig: { ExecutionTimeout: f.executionTimeoutSeconds } } : {}),
    }));
  }

  /** Subscribes to "something changed in execution <arn>" notifications; returns the unsubscribe. */
  subscribe(listener: ServiceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts an execution (Invoke of a durable function) and returns its ARN. */
  startExecution(request: StartExecutionRequest): string {
    return this.createExecution(request).arn;
  }

  private createExecution(request: StartRequest): ExecutionState {
    const { exec, created } = executionToStart(request, {
      region: this.region,
      account: this.account,
      now: () => this.clock.now(),
      registration: (name) => this.functions.get(name),
      executions: () => this.executions.values(),
    });
    if (!created) return exec;
    this.executions.set(exec.arn, exec);
    this.logs.set(exec.arn, []);
    this.scheduler.requestInvocation(exec);
    this.notify(exec.arn);
    return exec;
  }

  /** The execution record (live object; treat as read-only). */
  execution(arn: string): ExecutionState {
    const exec = this.executions.get(arn);
    if (!exec) throw resourceNotFound(`Durable execution not found: ${arn}`);
    return exec;
  }

  // ---- data plane: CheckpointDurableExecution / GetDurableExecutionState ----

  /** `CheckpointDurableExecution`. */
  async checkpoint(request: CheckpointDurableExecutionRequest): Promise<CheckpointDurableExecutionResponse> {
    return checkpointExecution(this.execution(request.DurableExecutionArn), request, this.checkpointHost);
  }

  /** `GetDurableExecutionState`: pages of the operations the invocation may see. */
  async getExecutionState(request: GetDurableExecutionStateRequest): Promise<GetDurableExecutionStateResponse> {
    return executionStatePage(this.execution(request.DurableExecutionArn), request);
  }

  /** Issues the token for a new invocation; the previous one stops working. */
  issueInvocationToken(exec: ExecutionState): string {
    return rotateCheckpointToken(exec);
  }

  private readonly effects: UpdateEffects = {
    newCallbackId: (exec, operationId) => this.callbacks.issue(exec, operationId),
    startChainedInvoke: (exec, op: OperationState, update) => {
      const opts = update.ChainedInvokeOptions;
      const child = this.createExecution({
        functionName: opts?.FunctionName ?? '',
        ...(update.Payload !== undefined ? { payload: update.Payload } : {}),
        ...(opts?.TenantId !== undefined ? { tenantId: opts.TenantId } : {}),
        parent: { executionArn: exec.arn, operationId: op.op.Id },
      });
      return { childExecutionArn: child.arn, executedVersion: child.qualifier };
    },
    stopChainedInvoke: (childArn) => {
      const child = this.executions.get(childArn);
      if (child?.status === 'RUNNING') {
        this.scheduler.finishExecution(child, { status: 'STOPPED', error: { ErrorType: 'ChainedInvoke.Cancelled', ErrorMessage: 'The invoking operation was cancelled' } }, this.clock.now());
      }
    },
  };

  private readonly checkpointHost: CheckpointHost = {
    enforceLimits: () => this.enforceLimits,
    hasFunction: (nameOrArn) => this.hasFunction(nameOrArn),
    now: () => this.clock.now(),
    effects: this.effects,
    setPendingCompletion: (exec, completion) => this.scheduler.setPendingCompletion(exec, completion),
    notify: (arn) => this.notify(arn),
  };

  // ---- callbacks ----

  /** `SendDurableExecutionCallbackSuccess`: `result` is the raw body (bytes or text). */
  sendCallbackSuccess(callbackId: string, result?: Uint8Array | string): void {
    this.callbacks.succeed(callbackId, result);
  }

  /** `SendDurableExecutionCallbackFailure`. */
  sendCallbackFailure(callbackId: string, error: ErrorObject = {}): void {
    this.callbacks.fail(callbackId, error);
  }

  /** `SendDurableExecutionCallbackHeartbeat`: restarts the heartbeat timeout. */
  sendCallbackHeartbeat(callbackId: string): void {
    this.callbacks.heartbeat(callbackId);
  }

  // ---- control plane ----

  /** `StopDurableExecution`. */
  stopExecution(arn: string, error?: ErrorObject): { StopTimestamp: Date } {
    const exec = this.execution(arn);
    if (exec.status !== 'RUNNING') throw invalidParameter(`Durable execution ${arn} is not running.`);
    const now = this.clock.now();
    this.scheduler.finishExecution(exec, { status: 'STOPPED', ...(error ? { error } : {}) }, now);
    return { StopTimestamp: new Date(now) };
  }

  /** `GetDurableExecution`. */
  getExecution(arn: string, includeExecutionData = true): GetDurableExecutionResponse {
    return describeExecution(this.execution(arn), includeExecutionData);
  }

  /** `GetDurableExecutionHistory` (IncludeExecutionData defaults to true). */
  getExecutionHistory(request: GetDurableExecutionHistoryRequest): GetDurableExecutionHistoryResponse {
    return historyPage(this.execution(request.DurableExecutionArn), request);
  }

  /** Usage of the execution as the service meters it (see `metering.ts`). */
  usage(arn: string): ExecutionUsage {
    return meterHistory(this.execution(arn).events);
  }

  /** Every history event, oldest first. */
  history(arn: string): HistoryEvent[] {
    return structuredClone(this.execution(arn).events);
  }

  /** `ListDurableExecutionsByFunction` (oldest first unless ReverseOrder). */
  listExecutionsByFunction(request: ListDurableExecutionsByFunctionRequest): ListDurableExecutionsByFunctionResponse {
    const { functionName } = parseFunctionName(request.FunctionName);
    if (!this.functions.has(functionName)) throw resourceNotFound(`Function not found: ${request.FunctionName}`);
    return listExecutions(this.executions.values(), request);
  }

  /** Lines the execution's invocations wrote to stdout/stderr, in order. */
  logLines(arn: string): CapturedLogLine[] {
    this.execution(arn);
    return [...(this.logs.get(arn) ?? [])];
  }

  /**
   * Resolves when the execution reaches a terminal status. Virtual time moves while this is
   * awaited unless `moveTime` is false (a caller that waits for an answer it asked a person for).
   */
  waitForCompletion(arn: string, options: { moveTime?: boolean } = {}): Promise<GetDurableExecutionResponse> {
    return new Promise((resolve) => {
      let settled = false;
      let release: (() => void) | undefined = undefined;
      const check = (): boolean => {
        if (this.execution(arn).status === 'RUNNING') return false;
        settled = true;
        release?.();
        resolve(this.getExecution(arn));
        return true;
      };
      if (check()) return;
      const unsubscribe = this.subscribe((changed) => {
        if (changed === arn && check()) unsubscribe();
      });
      if (options.moveTime === false) return;
      release = this.demandTime();
      if (settled) release();
    });
  }

  /**
   * Lets virtual time move until the returned release is called (someone awaits an execution).
   * Releasing twice is harmless.
   *
   * @example
   * const release = service.demandTime();
   * try { await somethingThatNeedsTime(); } finally { release(); }
   */
  demandTime(): () => void {
    this.timeDemands += 1;
    this.scheduler.kick();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.timeDemands -= 1;
    };
  }

  /** Whether service time may move now (always for a real clock; see {@link TimeAdvancePolicy}). */
  mayMoveTime(): boolean {
    if (!(this.clock instanceof VirtualClock) || this.timeAdvance === 'always' || this.timeDemands > 0) return true;
    if (this.timeAdvance === 'when-awaited') return false;
    for (const exec of this.executions.values()) {
      if (exec.status !== 'RUNNING') continue;
      for (const state of exec.operations.values()) if (state.op.Type === 'CALLBACK' && state.op.Status === 'STARTED') return false;
    }
    return true;
  }

  /** Schedules `action` at service time `at` (virtual time counts; used for delayed callback actions). */
  scheduleAction(arn: string, at: number, action: () => void): void {
    this.scheduler.scheduleAction(arn, at, action);
  }

  private appendLogs(arn: string, lines: readonly CapturedLogLine[]): void {
    const list = this.logs.get(arn);
    if (list) list.push(...lines);
  }

  private notify(arn: string): void {
    this.writeThrough?.save(arn);
    for (const listener of [...this.listeners]) listener(arn);
  }

  private onTerminal(exec: ExecutionState): void {
    const parent = exec.parent ? this.executions.get(exec.parent.executionArn) : undefined;
    if (!parent || !exec.parent) return;
    const changed = reportChildResult(parent, exec.parent.operationId, exec, this.clock.now());
    if (changed) this.scheduler.operationChangedExternally(parent, exec.parent.operationId);
  }
}
