/**
 * An in-memory stand-in for the durable-execution service, for unit tests: it applies updates
 * like the service (status transitions, CallbackId on CALLBACK START, ScheduledEndTimestamp on
 * WAIT START, NextAttemptTimestamp on RETRY), rotates tokens, records every request and builds
 * the event of the next invocation.
 */
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
  WireTimestamp,
} from '../../src/protocol.js';
import type { DurableExecutionClient } from '../../src/transport/checkpoint-client.js';
import type { LambdaContext } from '../../src/types.js';

/** Records as the wire types name them; this fake may carry any timestamp form (the engine accepts all). */
const wire = (ops: Operation[]): WireOperation[] => ops as unknown as WireOperation[];

export const TEST_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:fn:1/durable-execution/exec-1/inv-1';
export const EXECUTION_ID = 'exec-0000-uuid';

/** An error shaped like an AWS SDK service exception. */
export function serviceError(name: string, status: number, message = name): Error {
  const error = new Error(message) as Error & { $metadata: { httpStatusCode: number } };
  error.name = name;
  error.$metadata = { httpStatusCode: status };
  return error;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Options of {@link FakeCheckpointClient}. */
export interface FakeOptions {
  input?: unknown;
  /** Raw InputPayload (overrides `input`). */
  inputPayload?: string;
  /** Reject calls carrying a token other than the current one (default true). */
  strictTokens?: boolean;
  /** Fire due timers on every checkpoint call, as the service does while an invocation runs. */
  autoFireTimers?: boolean;
  /** Page size of getExecutionState and of the initial event (default: everything inline). */
  pageSize?: number;
  now?: () => number;
  /** Put `UpdatedOperationIds` (operations changed outside invocations since the last event) into events. */
  updatedOperationIds?: boolean;
}

/** In-memory service for one execution. */
export class FakeCheckpointClient implements DurableExecutionClient {
  readonly requests: CheckpointDurableExecutionRequest[] = [];
  readonly stateRequests: GetDurableExecutionStateRequest[] = [];
  readonly operations = new Map<string, Operation>();
  private tokenCounter = 0;
  private changed = new Set<string>();
  private failures: unknown[] = [];
  private callbackCounter = 0;
  private changedOutside = new Set<string>();

  constructor(private readonly options: FakeOptions = {}) {
    const payload = options.inputPayload ?? JSON.stringify(options.input ?? {});
    this.operations.set(EXECUTION_ID, {
      Id: EXECUTION_ID,
      Type: 'EXECUTION',
      Status: 'STARTED',
      StartTimestamp: new Date(this.now()).toISOString(),
      ExecutionDetails: { InputPayload: payload },
    });
  }

  /** The token the next call must carry. */
  get token(): string {
    return `T${this.tokenCounter}`;
  }

  now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** Makes the next checkpoint call fail with `error`. */
  failNextCheckpoint(error: unknown): void {
    this.failures.push(error);
  }

  /** Only the Updates of every request, for exact assertions. */
  get updates(): OperationUpdate[][] {
    return this.requests.map((request) => request.Updates ?? []);
  }

  async checkpoint(request: CheckpointDurableExecutionRequest): Promise<CheckpointDurableExecutionResponse> {
    this.requests.push(clone(request));
    await Promise.resolve();
    const failure = this.failures.shift();
    if (failure !== undefined) throw failure;
    if ((this.options.strictTokens ?? true) && request.CheckpointToken !== this.token) {
      throw serviceError('InvalidParameterValueException', 400, 'Invalid Checkpoint Token: stale token');
    }
    for (const update of request.Updates ?? []) this.apply(update);
    if (this.options.autoFireTimers) this.fireTimers(this.now());
    this.tokenCounter += 1;
    const touched = [...this.changed].map((id) => clone(this.operations.get(id) as Operation));
    this.changed.clear();
    return { CheckpointToken: this.token, NewExecutionState: { Operations: wire(touched) } };
  }

  async getExecutionState(request: GetDurableExecutionStateRequest): Promise<GetDurableExecutionStateResponse> {
    this.stateRequests.push(clone(request));
    const all = this.visibleOperations();
    const start = Number(request.Marker ?? '0');
    const size = request.MaxItems ?? 1000;
    const page = all.slice(start, start + Math.min(size, this.options.pageSize ?? size));
    const next = start + page.length;
    return { Operations: wire(clone(page)), NextMarker: next < all.length ? String(next) : undefined };
  }

  private apply(update: OperationUpdate): void {
    const now = new Date(this.now());
    const existing = this.operations.get(update.Id);
    const op: Operation = existing ?? {
      Id: update.Id,
      Type: update.Type,
      Status: 'STARTED',
      StartTimestamp: now.toISOString(),
      ...(update.ParentId ? { ParentId: update.ParentId } : {}),
      ...(update.Name !== undefined ? { Name: update.Name } : {}),
      ...(update.SubType !== undefined ? { SubType: update.SubType } : {}),
    };
    const end = (status: Operation['Status']): void => {
      op.Status = status;
      op.EndTimestamp = now.toISOString();
    };
    switch (update.Type) {
      case 'STEP': {
        const details = (op.StepDetails ??= {});
        if (update.Action === 'START') op.Status = 'STARTED';
        if (update.Action === 'SUCCEED') {
          details.Attempt = (details.Attempt ?? 0) + 1;
          details.Result = update.Payload;
          end('SUCCEEDED');
        }
        if (update.Action === 'FAIL') {
          details.Attempt = (details.Attempt ?? 0) + 1;
          details.Error = update.Error;
          end('FAILED');
        }
        if (update.Action === 'RETRY') {
          details.Attempt = (details.Attempt ?? 0) + 1;
          details.Error = update.Error;
          if (update.Payload !== undefined) details.Result = update.Payload;
          const delay = update.StepOptions?.NextAttemptDelaySeconds ?? 0;
          details.NextAttemptTimestamp = new Date(now.getTime() + delay * 1000).toISOString();
          op.Status = 'PENDING';
        }
        break;
      }
      case 'WAIT':
        if (update.Action === 'START') {
          const seconds = update.WaitOptions?.WaitSeconds ?? 0;
          op.WaitDetails = { ScheduledEndTimestamp: new Date(now.getTime() + seconds * 1000).toISOString() };
        }
        break;
      case 'CALLBACK':
        if (update.Action === 'START') {
          this.callbackCounter += 1;
          op.CallbackDetails = { CallbackId: `cb-${this.callbackCounter}-${update.Id}` };
        }
        break;
      case 'CONTEXT': {
        const details = (op.ContextDetails ??= {});
        if (update.ContextOptions?.ReplayChildren) details.ReplayChildren = true;
        if (update.Action === 'SUCCEED') {
          details.Result = update.Payload;
          end('SUCCEEDED');
        }
        if (update.Action === 'FAIL') {
          details.Error = update.Error;
          end('FAILED');
        }
        break;
      }
      case 'CHAINED_INVOKE':
        op.ChainedInvokeDetails ??= {};
        break;
      case 'EXECUTION':
        if (update.Action === 'SUCCEED') end('SUCCEEDED');
        if (update.Action === 'FAIL') end('FAILED');
        break;
    }
    this.operations.set(op.Id, op);
    this.changed.add(op.Id);
  }

  private externally(id: string, change: (op: Operation) => void): void {
    const op = this.operations.get(id);
    if (!op) throw new Error(`no operation ${id}`);
    change(op);
    op.EndTimestamp = new Date(this.now()).toISOString();
    this.changed.add(id);
    this.changedOutside.add(id);
  }

  /** The service fires timers (all, or those due at `dueAt`): WAITs succeed, PENDING steps become READY. */
  fireTimers(dueAt = Number.POSITIVE_INFINITY): void {
    const due = (timestamp: WireTimestamp | undefined): boolean => timestamp === undefined || new Date(timestamp).getTime() <= dueAt;
    for (const op of this.operations.values()) {
      if (op.Type === 'WAIT' && op.Status === 'STARTED' && due(op.WaitDetails?.ScheduledEndTimestamp)) {
        this.externally(op.Id, (o) => (o.Status = 'SUCCEEDED'));
      }
      if (op.Type === 'STEP' && op.Status === 'PENDING' && due(op.StepDetails?.NextAttemptTimestamp)) {
        this.externally(op.Id, (o) => (o.Status = 'READY'));
      }
    }
  }

  /** Completes callback `callbackId` successfully with the raw `result` string. */
  succeedCallback(callbackId: string, result: string): void {
    this.externally(this.callbackOp(callbackId), (o) => {
      o.Status = 'SUCCEEDED';
      o.CallbackDetails = { ...o.CallbackDetails, Result: result };
    });
  }

  /** Fails callback `callbackId`. */
  failCallback(callbackId: string, error: ErrorObject): void {
    this.externally(this.callbackOp(callbackId), (o) => {
      o.Status = 'FAILED';
      o.CallbackDetails = { ...o.CallbackDetails, Error: error };
    });
  }

  /** Times callback `callbackId` out. */
  timeOutCallback(callbackId: string): void {
    this.externally(this.callbackOp(callbackId), (o) => {
      o.Status = 'TIMED_OUT';
      o.CallbackDetails = { ...o.CallbackDetails, Error: { ErrorType: 'Callback.Timeout', ErrorMessage: 'Callback timed out' } };
    });
  }

  /** Completes chained invoke `wireId`. */
  completeInvoke(wireId: string, outcome: { result?: string; error?: ErrorObject; status?: Operation['Status'] }): void {
    this.externally(wireId, (o) => {
      o.Status = outcome.status ?? (outcome.error ? 'FAILED' : 'SUCCEEDED');
      o.ChainedInvokeDetails = { Result: outcome.result, Error: outcome.error };
    });
  }

  private callbackOp(callbackId: string): string {
    for (const op of this.operations.values()) if (op.CallbackDetails?.CallbackId === callbackId) return op.Id;
    throw new Error(`no callback ${callbackId}`);
  }

  /** Operations as the service hands them to an invocation: children of closed contexts pruned. */
  visibleOperations(): Operation[] {
    const all = [...this.operations.values()];
    const hidden = (op: Operation): boolean => {
      let parentId = op.ParentId;
      while (parentId) {
        const parent = this.operations.get(parentId);
        if (!parent) return false;
        const closed = parent.Status === 'SUCCEEDED' || parent.Status === 'FAILED';
        if (closed && !parent.ContextDetails?.ReplayChildren) return true;
        parentId = parent.ParentId;
      }
      return false;
    };
    return all.filter((op) => !hidden(op));
  }

  /** The event of the next invocation (a fresh token, the whole visible log). */
  event(): DurableExecutionInvocationInput {
    this.tokenCounter += 1;
    this.changed.clear();
    const all = this.visibleOperations();
    const size = this.options.pageSize ?? all.length;
    const updated = [...this.changedOutside];
    this.changedOutside.clear();
    return {
      ...(this.options.updatedOperationIds ? { UpdatedOperationIds: updated } : {}),
      DurableExecutionArn: TEST_ARN,
      CheckpointToken: this.token,
      InitialExecutionState: {
        Operations: wire(clone(all.slice(0, size))),
        NextMarker: size < all.length ? String(size) : '',
      },
    };
  }

  /** Record by wire id. */
  get(wireId: string): Operation | undefined {
    return this.operations.get(wireId);
  }
}

/** A Lambda context for tests. */
export function fakeLambdaContext(remainingMs = 900_000): LambdaContext {
  const deadline = Date.now() + remainingMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'fn',
    functionVersion: '1',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:fn:1',
    memoryLimitInMB: '128',
    awsRequestId: 'req-1',
    logGroupName: '/aws/lambda/fn',
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => deadline - Date.now(),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
