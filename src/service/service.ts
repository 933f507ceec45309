/**
 * The local Lambda durable-execution service: executions, the checkpoint API, callbacks,
 * chained invokes, history, and a scheduler that re-invokes functions the way the service does.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type {
  CheckpointDurableExecutionRequest,
  CheckpointDurableExecutionResponse,
  ErrorObject,
  GetDurableExecutionStateRequest,
  GetDurableExecutionStateResponse,
  HistoryEvent,
  OperationUpdate,
} from '../protocol.js';
import { Limits } from '../protocol.js';
import { applyUpdates, type UpdateEffects } from './apply-updates.js';
import { formatFunctionArn, parseFunctionName } from './arn.js';
import { createClock, VirtualClock, type ClockMode, type ServiceClock, type TimeAdvancePolicy } from './clock.js';
import {
  asWireOperations,
  copyOperation,
  newExecutionState,
  type ExecutionState,
  type OperationState,
  visibleOperations,
} from './execution-state.js';
import { errorPayload, recordEvent, textPayload } from './history.js';
import { reportChildResult } from './chained-invoke-result.js';
import { clampMaxItems, describeExecution, historyPage, listExecutions, pageOrThrow } from './service-queries.js';
import type { CapturedLogLine, FunctionInvoker } from './invokers/invoker.js';
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
import { callbackClosed, DurableServiceError, invalidParameter, resourceNotFound, staleCheckpointToken } from './service-errors.js';
import { validateUpdates } from './validate-updates.js';
import type { ExecutionStore } from './store/execution-store.js';
import { restoreExecutions, type RestoreReport } from './store/restore.js';
import { WriteThrough } from './store/write-through.js';
export type { RestoreReport } from './store/restore.js';
import { enforceServiceLimits, meterHistory, meterWrite, type ExecutionUsage } from './metering.js';

/** A function the service can run. */
export interface FunctionRegistration {
  name: string;
  invoker: FunctionInvoker;
  /** Durable functions get the durable envelope; plain ones get the input payload (default true). */
  durable?: boolean;
  /** Version reported in ARNs and `ExecutedVersion` (default `$LATEST`). */
  qualifier?: string;
  /** `DurableConfig.ExecutionTimeout` in seconds (default 31,622,400: 366 days, the service's maximum). */
  executionTimeoutSeconds?: number;
  /**
   * Lambda's function timeout in seconds (default: the service's `invocationTimeoutMs`, 900 s).
   * An invocation running longer is ended as Lambda ends it (`Sandbox.Timedout`) and retried.
   */
  functionTimeoutSeconds?: number;
  /** Names what set `executionTimeoutSeconds`, for the TIMED_OUT error (default `DurableConfig.ExecutionTimeout`). */
  executionTimeoutSource?: string;
}

/** The service's maximum `DurableConfig.ExecutionTimeout`: 366 days, in seconds. */
export const MAX_EXECUTION_TIMEOUT_SECONDS = 31_622_400;

/** Options of {@link DurableExecutionService}. */
export interface DurableExecutionServiceOptions {
  /** `virtual` (default): durations elapse instantly between invocations. `real`: wall clock. */
  clock?: ClockMode | ServiceClock;
  /** Speed-up of real-time mode; defaults to `DURABLE_EXECUTIONS_TIME_SCALE` or 1. */
  timeScale?: number;
  region?: string;
  account?: string;
  /** Operations per page in the invocation event (the rest is paged through GetDurableExecutionState). */
  eventPageSize?: number;
  /** Invocation attempts (first + retries) after consecutive invocation failures, before the execution fails (default 6). */
  maxInvocationAttempts?: number;
  /** Default function timeout in milliseconds, for functions registered without one (default 900000). */
  invocationTimeoutMs?: number;
  /**
   * Keeps executions across restarts: each change is written through, and {@link DurableExecutionService.restore}
   * reads them back. Default: none (in memory only, no extra work).
   */
  store?: ExecutionStore;
  /** When a virtual clock may move (default `when-no-callback-waits`); see {@link TimeAdvancePolicy}. */
  timeAdvance?: TimeAdvancePolicy;
  /** Enforce the service's per-execution limits (3,000 operations, 100 MB, 256 KiB per operation); default true. */
  enforceLimits?: boolean;
}

/** Change notifications for runners. */
export type ServiceListener = (arn: string) => void;

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
  private readonly callbacks = new Map<string, { arn: string; operationId: string }>();
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
      addCallback: (callbackId, arn, operationId) => this.callbacks.set(callbackId, { arn, operationId }),
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

  private createExecution(request: StartExecutionRequest & { parent?: ExecutionState['parent'] }): ExecutionState {
    const { functionName, qualifier } = parseFunctionName(request.functionName);
    const fn = this.functions.get(functionName);
    if (!fn) throw resourceNotFound(`Function not found: ${request.functionName}`);
    if (request.payload !== undefined) assertJson(request.payload);
    const name = request.executionName ?? randomUUID();
    if (request.executionName !== undefined) {
      const existing = [...this.executions.values()].find((e) => e.functionName === functionName && e.name === name);
      if (existing) {
        if (existing.inputPayload === request.payload) return existing;
        throw new DurableServiceError(
          'DurableExecutionAlreadyStartedException',
          `Durable execution ${name} already started with a different payload`,
          409,
        );
      }
    }
    const q = qualifier ?? fn.qualifier;
    const exec = newExecutionState({
      name, functionName, qualifier: q, region: this.region, account: this.account,
      payload: request.payload, executionTimeoutSeconds: fn.executionTimeoutSeconds, now: this.clock.now(),
      ...(request.parent ? { parent: request.parent } : {}),
      ...(request.tenantId !== undefined ? { tenantId: request.tenantId } : {}),
    });
    const arn = exec.arn;
    this.executions.set(arn, exec);
    this.logs.set(arn, []);
    this.scheduler.requestInvocation(exec);
    this.notify(arn);
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
    const exec = this.execution(request.DurableExecutionArn);
    if (typeof request.CheckpointToken !== 'string' || request.CheckpointToken === '') {
      throw invalidParameter('Checkpoint token is required');
    }
    if (request.ClientToken !== undefined) {
      const previous = exec.clientTokens.get(request.ClientToken);
      if (previous && previous.token === request.CheckpointToken) return structuredClone(previous.response);
    }
    if (exec.status !== 'RUNNING' || exec.currentToken !== request.CheckpointToken) throw staleCheckpointToken();
    const updates: OperationUpdate[] = request.Updates ?? [];
    if (!Array.isArray(updates)) throw invalidParameter('Updates must be a list.');
    if (updates.length > Limits.CHECKPOINT_BATCH_UPDATES) {
      throw invalidParameter(`A checkpoint may carry at most ${Limits.CHECKPOINT_BATCH_UPDATES} updates.`);
    }
    validateUpdates(exec, updates);
    if (this.enforceLimits) enforceServiceLimits(exec, updates);
    for (const u of updates) {
      if (u.Type === 'CHAINED_INVOKE' && u.Action === 'START' && !this.hasFunction(u.ChainedInvokeOptions?.FunctionName ?? '')) {
        throw resourceNotFound(`Function not found: ${u.ChainedInvokeOptions?.FunctionName}`);
      }
    }
    const now = this.clock.now();
    const { changed, completion } = applyUpdates(exec, updates, now, this.effects);
    for (const id of changed) exec.undelivered.add(id);
    exec.tokenSeq += 1;
    const token = this.newToken(exec);
    exec.currentToken = token;
    if (completion) {
      this.scheduler.setPendingCompletion(exec, completion);
      // After an EXECUTION completion no further checkpoint is accepted.
      delete exec.currentToken;
    }
    const operations = [...exec.undelivered]
      .map((id) => exec.operations.get(id)?.op)
      .filter((op) => op !== undefined)
      .map(copyOperation);
    exec.undelivered.clear();
    const response: CheckpointDurableExecutionResponse = {
      CheckpointToken: token,
      NewExecutionState: { Operations: asWireOperations(operations) },
    };
    if (request.ClientToken !== undefined) {
      exec.clientTokens.set(request.ClientToken, { token: request.CheckpointToken, response: structuredClone(response) });
    }
    this.notify(exec.arn);
    return response;
  }

  /** `GetDurableExecutionState`: pages of the operations the invocation may see. */
  async getExecutionState(request: GetDurableExecutionStateRequest): Promise<GetDurableExecutionStateResponse> {
    const exec = this.execution(request.DurableExecutionArn);
    if (exec.currentToken === undefined || exec.currentToken !== request.CheckpointToken) throw staleCheckpointToken();
    const max = clampMaxItems(request.MaxItems, Limits.STATE_PAGE_SIZE);
    const { items, next } = pageOrThrow(visibleOperations(exec), request.Marker, max);
    return next === undefined ? { Operations: asWireOperations(items) } : { Operations: asWireOperations(items), NextMarker: next };
  }

  private newToken(exec: ExecutionState): string {
    const body = JSON.stringify({ e: exec.id, s: exec.tokenSeq, n: randomBytes(6).toString('hex') });
    return Buffer.from(body).toString('base64url');
  }

  /** Issues the token for a new invocation; the previous one stops working. */
  issueInvocationToken(exec: ExecutionState): string {
    exec.tokenSeq += 1;
    const token = this.newToken(exec);
    exec.currentToken = token;
    return token;
  }

  private readonly effects: UpdateEffects = {
    newCallbackId: (exec, operationId) => {
      const callbackId = Buffer.from(JSON.stringify({ e: exec.id, o: operationId, n: randomBytes(8).toString('hex') })).toString('base64url');
      this.callbacks.set(callbackId, { arn: exec.arn, operationId });
      return callbackId;
    },
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

  // ---- callbacks ----

  private openCallback(callbackId: string): { exec: ExecutionState; state: OperationState } {
    if (typeof callbackId !== 'string' || callbackId === '') throw invalidParameter('Missing callback Id');
    const ref = this.callbacks.get(callbackId);
    const exec = ref ? this.executions.get(ref.arn) : undefined;
    const state = ref ? exec?.operations.get(ref.operationId) : undefined;
    if (!ref || !exec || !state) throw resourceNotFound(`Callback not found: ${callbackId}`);
    if (exec.status !== 'RUNNING' || state.op.Status !== 'STARTED') throw callbackClosed(callbackId);
    return { exec, state };
  }

  /** `SendDurableExecutionCallbackSuccess`: `result` is the raw body (bytes or text). */
  sendCallbackSuccess(callbackId: string, result?: Uint8Array | string): void {
    const { exec, state } = this.openCallback(callbackId);
    const now = this.clock.now();
    const text = result === undefined ? undefined : typeof result === 'string' ? result : Buffer.from(result).toString('utf8');
    meterWrite(exec, text);
    state.op.Status = 'SUCCEEDED';
    state.op.EndTimestamp = new Date(now);
    state.op.CallbackDetails = { ...state.op.CallbackDetails, ...(text !== undefined ? { Result: text } : {}) };
    recordEvent(exec, 'CallbackSucceeded', now, { CallbackSucceededDetails: { Result: textPayload(text) } }, state.op);
    this.scheduler.operationChangedExternally(exec, state.op.Id);
  }

  /** `SendDurableExecutionCallbackFailure`. */
  sendCallbackFailure(callbackId: string, error: ErrorObject = {}): void {
    const { exec, state } = this.openCallback(callbackId);
    const now = this.clock.now();
    state.op.Status = 'FAILED';
    state.op.EndTimestamp = new Date(now);
    state.op.CallbackDetails = { ...state.op.CallbackDetails, Error: error };
    recordEvent(exec, 'CallbackFailed', now, { CallbackFailedDetails: { Error: errorPayload(error) } }, state.op);
    this.scheduler.operationChangedExternally(exec, state.op.Id);
  }

  /** `SendDurableExecutionCallbackHeartbeat`: restarts the heartbeat timeout. */
  sendCallbackHeartbeat(callbackId: string): void {
    const { exec, state } = this.openCallback(callbackId);
    if (state.heartbeatTimeoutSeconds !== undefined) {
      state.heartbeatDeadline = this.clock.now() + state.heartbeatTimeoutSeconds * 1000;
      this.scheduler.kick();
    }
    this.notify(exec.arn);
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

const assertJson = (payload: string): void => {
  try {
    JSON.parse(payload);
  } catch {
    throw invalidParameter('Could not parse request body into json: the payload is not valid JSON.');
  }
};
