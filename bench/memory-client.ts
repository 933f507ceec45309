/**
 * In-memory stand-in for the durable-execution service, shared by both SDKs in a bench run.
 *
 * It implements the two calls an SDK makes (`getExecutionState`, `checkpoint`) with the service's
 * observable behaviour that matters for timing and call counts: token rotation (a stale token is
 * rejected), status transitions per operation type (protocol §3.6), `CallbackId` on CALLBACK
 * START, `ScheduledEndTimestamp` on WAIT START, `NextAttemptTimestamp` on RETRY, child pruning of
 * completed contexts, paging of the state, and an optional simulated latency per call.
 * It counts calls and updates so a scenario can report them. Not a conformance emulator: it does
 * not validate every rule the real service enforces.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type {
  CheckpointDurableExecutionRequest,
  CheckpointDurableExecutionResponse,
  DurableExecutionInvocationInput,
  ErrorObject,
  GetDurableExecutionStateRequest,
  GetDurableExecutionStateResponse,
  Operation,
  OperationUpdate,
  WireOperation,
} from '../src/protocol.js';

/** Options of a {@link MemoryCheckpointService}. */
export interface MemoryServiceOptions {
  /** Simulated round-trip time of every call, in milliseconds (0 = answer on the next microtask). */
  latencyMs?: number;
  /** Operations per page of the initial state and of GetDurableExecutionState (service: 1000). */
  pageSize?: number;
  /** The execution's input payload (serialised into the EXECUTION record). */
  input?: unknown;
}

/** Records as the wire types name them; this fake may carry any timestamp form (the engine accepts all). */
const wire = (ops: Operation[]): WireOperation[] => ops as unknown as WireOperation[];

/** Calls and updates the service received, for the scenario tables. */
export interface ServiceCounts {
  checkpointCalls: number;
  /** Checkpoint calls with an empty update list (state refreshes, polls). */
  emptyCheckpointCalls: number;
  updates: number;
  getStateCalls: number;
  invocations: number;
}

/** The service's answer to a stale or unknown checkpoint token. */
export class InvalidCheckpointTokenError extends Error {
  override readonly name = 'InvalidParameterValueException';
  readonly $metadata = { httpStatusCode: 400 };
  constructor(token: string) {
    super(`Invalid Checkpoint Token: ${token} is not the execution's current token`);
  }
}

/** A durable-execution client (the shape both SDKs accept) backed by one in-memory execution. */
export class MemoryCheckpointService {
  readonly arn: string;
  readonly counts: ServiceCounts = {
    checkpointCalls: 0,
    emptyCheckpointCalls: 0,
    updates: 0,
    getStateCalls: 0,
    invocations: 0,
  };
  private readonly operations = new Map<string, Operation<Date>>();
  private latencyMs: number;
  private readonly pageSize: number;
  private tokenSequence = 0;
  private currentToken: string;
  /** Simulated clock offset: {@link advanceClock} moves time forward without sleeping. */
  private clockOffsetMs = 0;
  /** Ids changed by the service itself (timers, callbacks) since the last checkpoint answer. */
  private readonly externallyChanged = new Set<string>();
  private callbackSequence = 0;
  /** Service-assigned id of the EXECUTION record (an SDK never derives it). */
  private readonly executionId = 'execution-0';

  constructor(options: MemoryServiceOptions = {}) {
    this.latencyMs = options.latencyMs ?? 0;
    this.pageSize = options.pageSize ?? 1000;
    this.arn = 'arn:aws:lambda:us-east-1:123456789012:function:bench:1/durable-execution/bench/run-1';
    this.currentToken = this.nextToken();
    const now = this.now();
    this.operations.set(this.executionId, {
      Id: this.executionId,
      Type: 'EXECUTION',
      Status: 'STARTED',
      StartTimestamp: now,
      ExecutionDetails: { InputPayload: JSON.stringify(options.input ?? {}) },
    });
  }

  /** Changes the simulated latency for the following calls (e.g. 0 for setup, then 5 ms). */
  setLatency(latencyMs: number): void {
    this.latencyMs = latencyMs;
  }

  /** Resets the counters (e.g. after an untimed setup run). */
  resetCounts(): void {
    for (const key of Object.keys(this.counts) as (keyof ServiceCounts)[]) this.counts[key] = 0;
  }

  /**
   * The event Lambda would pass for the next invocation: first page of the (pruned) state, as JSON
   * would deliver it (timestamps as ISO strings), with the current token.
   */
  invocationEvent(): DurableExecutionInvocationInput {
    this.counts.invocations += 1;
    const visible = this.visibleOperations();
    const firstPage = visible.slice(0, this.pageSize);
    const operations = JSON.parse(JSON.stringify(firstPage)) as Operation[];
    return {
      DurableExecutionArn: this.arn,
      CheckpointToken: this.currentToken,
      InitialExecutionState: {
        Operations: wire(operations),
        ...(visible.length > this.pageSize ? { NextMarker: String(this.pageSize) } : {}),
      },
    };
  }

  /** GetDurableExecutionState: further pages of the state (token checked, not rotated). */
  getExecutionState = async (request: GetDurableExecutionStateRequest): Promise<GetDurableExecutionStateResponse> => {
    this.counts.getStateCalls += 1;
    await this.delay();
    this.checkToken(request.CheckpointToken);
    const start = Number(request.Marker ?? '0');
    const size = Math.min(request.MaxItems ?? this.pageSize, this.pageSize);
    const visible = this.visibleOperations();
    const page = visible.slice(start, start + size).map(copyOperation);
    const end = start + size;
    return { Operations: wire(page), ...(end < visible.length ? { NextMarker: String(end) } : {}) };
  };

  /** CheckpointDurableExecution: applies the updates in order and rotates the token. */
  checkpoint = async (request: CheckpointDurableExecutionRequest): Promise<CheckpointDurableExecutionResponse> => {
    this.counts.checkpointCalls += 1;
    const updates = request.Updates ?? [];
    if (updates.length === 0) this.counts.emptyCheckpointCalls += 1;
    this.counts.updates += updates.length;
    await this.delay();
    this.checkToken(request.CheckpointToken);
    this.fireDueTimers();
    const touched = new Set<string>(this.externallyChanged);
    this.externallyChanged.clear();
    for (const update of updates) {
      this.apply(update);
      touched.add(update.Id);
    }
    this.currentToken = this.nextToken();
    const changed = [...touched].flatMap((id) => {
      const operation = this.operations.get(id);
      return operation ? [copyOperation(operation)] : [];
    });
    return { CheckpointToken: this.currentToken, NewExecutionState: { Operations: wire(changed) } };
  };

  /**
   * Moves the simulated clock forward and lets the service do what it does meanwhile: waits end,
   * retries become READY. Call between invocations.
   */
  advanceClock(milliseconds: number): void {
    this.clockOffsetMs += milliseconds;
    this.fireDueTimers();
  }

  /** The operation with this (hashed) id, as the service stores it. */
  operation(id: string): Operation<Date> | undefined {
    return this.operations.get(id);
  }

  /** Every stored operation, in creation order. */
  allOperations(): Operation<Date>[] {
    return [...this.operations.values()];
  }

  private apply(update: OperationUpdate): void {
    const now = this.now();
    const existing = this.operations.get(update.Id);
    const operation: Operation<Date> = existing ?? {
      Id: update.Id,
      ...(update.ParentId === undefined ? {} : { ParentId: update.ParentId }),
      ...(update.Name === undefined ? {} : { Name: update.Name }),
      Type: update.Type,
      ...(update.SubType === undefined ? {} : { SubType: update.SubType }),
      StartTimestamp: now,
      Status: 'STARTED',
    };
    if (update.Type === 'EXECUTION') {
      this.finish(this.operations.get(this.executionId), update, now);
      return;
    }
    this.operations.set(update.Id, operation);
    switch (update.Action) {
      case 'START':
        this.start(operation, update, now);
        return;
      case 'SUCCEED':
      case 'FAIL':
        this.finish(operation, update, now);
        return;
      case 'RETRY': {
        const attempt = (operation.StepDetails?.Attempt ?? 0) + 1;
        const delaySeconds = update.StepOptions?.NextAttemptDelaySeconds ?? 1;
        operation.Status = 'PENDING';
        operation.StepDetails = {
          Attempt: attempt,
          NextAttemptTimestamp: new Date(now.getTime() + delaySeconds * 1000),
          ...(update.Payload === undefined ? {} : { Result: update.Payload }),
          ...(update.Error === undefined ? {} : { Error: update.Error }),
        };
        return;
      }
      case 'CANCEL':
        operation.Status = 'CANCELLED';
        operation.EndTimestamp = now;
        return;
    }
  }

  private start(operation: Operation<Date>, update: OperationUpdate, now: Date): void {
    operation.Status = 'STARTED';
    switch (update.Type) {
      case 'WAIT':
        operation.WaitDetails = {
          ScheduledEndTimestamp: new Date(now.getTime() + (update.WaitOptions?.WaitSeconds ?? 0) * 1000),
        };
        return;
      case 'CALLBACK':
        this.callbackSequence += 1;
        operation.CallbackDetails = {
          CallbackId: Buffer.from(JSON.stringify({ op: update.Id, n: this.callbackSequence })).toString('base64'),
        };
        return;
      case 'CONTEXT':
        operation.ContextDetails = { ...(update.ContextOptions ?? {}) };
        return;
      case 'STEP':
        operation.StepDetails = { ...operation.StepDetails };
        return;
      default:
        return;
    }
  }

  private finish(operation: Operation<Date> | undefined, update: OperationUpdate, now: Date): void {
    if (!operation) return;
    operation.Status = update.Action === 'SUCCEED' ? 'SUCCEEDED' : 'FAILED';
    operation.EndTimestamp = now;
    const outcome = {
      ...(update.Payload === undefined ? {} : { Result: update.Payload }),
      ...(update.Error === undefined ? {} : { Error: update.Error }),
    };
    switch (operation.Type) {
      case 'STEP':
        operation.StepDetails = { Attempt: (operation.StepDetails?.Attempt ?? 0) + 1, ...outcome };
        return;
      case 'CONTEXT':
        operation.ContextDetails = { ...operation.ContextDetails, ...(update.ContextOptions ?? {}), ...outcome };
        return;
      case 'CALLBACK':
        operation.CallbackDetails = { ...operation.CallbackDetails, ...outcome };
        return;
      case 'CHAINED_INVOKE':
        operation.ChainedInvokeDetails = outcome;
        return;
      default:
        return;
    }
  }

  /** Ends waits whose time has come and readies retries whose delay has passed. */
  private fireDueTimers(): void {
    const now = this.now();
    for (const operation of this.operations.values()) {
      if (operation.Type === 'WAIT' && operation.Status === 'STARTED') {
        const end = operation.WaitDetails?.ScheduledEndTimestamp;
        if (end && end.getTime() <= now.getTime()) {
          operation.Status = 'SUCCEEDED';
          operation.EndTimestamp = now;
          this.externallyChanged.add(operation.Id);
        }
      } else if (operation.Type === 'STEP' && operation.Status === 'PENDING') {
        const next = operation.StepDetails?.NextAttemptTimestamp;
        if (!next || next.getTime() <= now.getTime()) {
          operation.Status = 'READY';
          this.externallyChanged.add(operation.Id);
        }
      }
    }
  }

  /** The state handed to an invocation: descendants of completed non-ReplayChildren contexts pruned. */
  private visibleOperations(): Operation<Date>[] {
    const pruned = new Set<string>();
    const visible: Operation<Date>[] = [];
    for (const operation of this.operations.values()) {
      const parent = operation.ParentId === undefined ? undefined : this.operations.get(operation.ParentId);
      if (operation.ParentId !== undefined && pruned.has(operation.ParentId)) {
        pruned.add(operation.Id);
        continue;
      }
      if (parent && parent.Type === 'CONTEXT' && isClosed(parent) && parent.ContextDetails?.ReplayChildren !== true) {
        pruned.add(operation.Id);
        continue;
      }
      visible.push(operation);
    }
    return visible;
  }

  private checkToken(token: string): void {
    if (token !== this.currentToken) throw new InvalidCheckpointTokenError(token);
  }

  private nextToken(): string {
    this.tokenSequence += 1;
    return `token-${this.tokenSequence}`;
  }

  private now(): Date {
    return new Date(Date.now() + this.clockOffsetMs);
  }

  private async delay(): Promise<void> {
    if (this.latencyMs > 0) await sleep(this.latencyMs);
    else await Promise.resolve();
  }
}

const isClosed = (operation: Operation<Date>): boolean =>
  operation.Status === 'SUCCEEDED' || operation.Status === 'FAILED';

/** A copy the SDK may mutate without touching the service's record (the AWS SDK returns fresh objects). */
const copyOperation = (operation: Operation<Date>): Operation<Date> => {
  const copy: Operation<Date> = { ...operation };
  if (operation.StartTimestamp) copy.StartTimestamp = new Date(operation.StartTimestamp.getTime());
  if (operation.EndTimestamp) copy.EndTimestamp = new Date(operation.EndTimestamp.getTime());
  if (operation.ExecutionDetails) copy.ExecutionDetails = { ...operation.ExecutionDetails };
  if (operation.ContextDetails) copy.ContextDetails = copyOutcome(operation.ContextDetails);
  if (operation.CallbackDetails) copy.CallbackDetails = copyOutcome(operation.CallbackDetails);
  if (operation.ChainedInvokeDetails) copy.ChainedInvokeDetails = copyOutcome(operation.ChainedInvokeDetails);
  if (operation.StepDetails) {
    const step = copyOutcome(operation.StepDetails);
    if (step.NextAttemptTimestamp) step.NextAttemptTimestamp = new Date(step.NextAttemptTimestamp.getTime());
    copy.StepDetails = step;
  }
  if (operation.WaitDetails) {
    const end = operation.WaitDetails.ScheduledEndTimestamp;
    copy.WaitDetails = end ? { ScheduledEndTimestamp: new Date(end.getTime()) } : {};
  }
  return copy;
};

/** Copies a details object and its error (the only nested object besides timestamps). */
const copyOutcome = <T extends { Error?: ErrorObject }>(details: T): T => {
  const copy = { ...details };
  if (details.Error) copy.Error = { ...details.Error, ...(details.Error.StackTrace ? { StackTrace: [...details.Error.StackTrace] } : {}) };
  return copy;
};
