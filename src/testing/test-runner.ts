/**
 * In-process test runner: runs a durable handler (our SDK's or the official one's) on a private
 * local service and lets a test inspect operations, answer callbacks and read the result,
 * history and captured logs.
 */
import type { ErrorObject, HistoryEvent, Operation, OperationStatus } from '../protocol.js';
import type { ClockMode } from '../service/clock.js';
import { isOperationTerminal, listOperations } from '../service/execution-state.js';
import { inProcessInvoker, type LambdaHandler } from '../service/invokers/in-process-invoker.js';
import { DurableExecutionService } from '../service/service.js';
import type { GetDurableExecutionResponse } from '../service/service-types.js';
import type { Duration } from '../retry/duration.js';
import { durationToSeconds } from '../retry/duration.js';

/** A chained-invoke target: a durable handler, or a plain one marked `durable: false`. */
export type RunnerFunction = LambdaHandler | { handler: LambdaHandler; durable?: boolean };

/** Options of {@link DurableTestRunner}. */
export interface DurableTestRunnerOptions {
  /** The wrapped durable handler under test (`withDurableExecution(...)`). */
  handler: LambdaHandler;
  /** Chained-invoke targets by FunctionName. */
  functions?: Record<string, RunnerFunction>;
  /** `virtual` (default) or `real` time. */
  clock?: ClockMode;
  /** Speed-up of real time (default `DURABLE_EXECUTIONS_TIME_SCALE` or 1). */
  timeScale?: number;
  /** Also print captured handler output (default false). */
  echoLogs?: boolean;
  /** Function name of the handler (default `handler`). */
  functionName?: string;
  /**
   * Lambda's function timeout of the handler and of `functions` (default 900 s). An invocation
   * running longer is ended as Lambda ends it (the service stops waiting, ignores what it sends
   * later, and retries it as a timed-out invocation); the handler's `getRemainingTimeInMillis`
   * counts down to it.
   */
  functionTimeout?: Duration;
}

/** How to find an operation: by name (first match), by index in log order, or by hashed id. */
export type OperationSelector = { name: string } | { index: number } | { id: string };

/** Final state of an execution as a test sees it. */
export interface DurableTestResult<T = unknown> {
  status: GetDurableExecutionResponse['Status'];
  /** `JSON.parse` of the result, when there is one. */
  result?: T;
  /** The result text as recorded. */
  rawResult?: string;
  error?: ErrorObject;
  history: HistoryEvent[];
  operations: Operation<Date>[];
  /** Captured output lines of every invocation, in order. */
  logs: string[];
}

/**
 * One running execution.
 *
 * @example
 * const execution = runner.start(input);
 * await execution.waitForOperation({ name: 'charge' }, 'SUCCEEDED');
 * const { status } = await execution.result();
 */
export class DurableTestExecution<T = unknown> {
  constructor(
    readonly service: DurableExecutionService,
    readonly arn: string,
    /** The handler under test, when a runner started the execution (used by replay checks). */
    readonly handler?: LambdaHandler,
  ) {}

  /** Every operation in log order (children of finished contexts included), EXECUTION first. */
  operations(): Operation<Date>[] {
    return listOperations(this.service.execution(this.arn));
  }

  /** The operation a selector names, if present (index 0 = first operation after EXECUTION). */
  operation(selector: OperationSelector): Operation<Date> | undefined {
    const ops = this.operations().filter((op) => op.Type !== 'EXECUTION');
    if ('index' in selector) return ops[selector.index];
    if ('id' in selector) return ops.find((op) => op.Id === selector.id);
    return ops.find((op) => op.Name === selector.name);
  }

  /**
   * Resolves with the operation once it exists and (if given) has one of `statuses`; rejects if
   * the execution ends first.
   */
  waitForOperation(selector: OperationSelector, statuses?: OperationStatus | OperationStatus[]): Promise<Operation<Date>> {
    const wanted = statuses === undefined ? undefined : Array.isArray(statuses) ? statuses : [statuses];
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const op = this.operation(selector);
        if (op && (wanted === undefined || wanted.includes(op.Status))) {
          resolve(op);
          return true;
        }
        if (this.service.execution(this.arn).status !== 'RUNNING') {
          const seen = op ? `it is ${op.Status}` : 'it never appeared';
          reject(new Error(`Execution ended (${this.service.execution(this.arn).status}) before operation ${JSON.stringify(selector)} reached ${wanted?.join('|') ?? 'existence'}: ${seen}`));
          return true;
        }
        return false;
      };
      if (check()) return;
      const unsubscribe = this.service.subscribe((arn) => {
        if (arn === this.arn && check()) unsubscribe();
      });
    });
  }

  /** Waits for a started callback (by name or index) and returns its CallbackId. */
  async waitForCallback(selector: OperationSelector): Promise<string> {
    const op = await this.waitForOperation(selector, ['STARTED', 'SUCCEEDED', 'FAILED', 'TIMED_OUT']);
    const id = op.CallbackDetails?.CallbackId;
    if (op.Type !== 'CALLBACK' || id === undefined) throw new Error(`Operation ${JSON.stringify(selector)} is a ${op.Type}, not a callback`);
    if (isOperationTerminal(op.Status)) throw new Error(`Callback ${JSON.stringify(selector)} is already ${op.Status}`);
    return id;
  }

  /** `SendDurableExecutionCallbackSuccess` with the raw result (text or bytes). */
  sendCallbackSuccess(callbackId: string, result?: string | Uint8Array): void {
    this.service.sendCallbackSuccess(callbackId, result);
  }

  /** `SendDurableExecutionCallbackFailure`. */
  sendCallbackFailure(callbackId: string, error: ErrorObject = {}): void {
    this.service.sendCallbackFailure(callbackId, error);
  }

  /** `SendDurableExecutionCallbackHeartbeat`. */
  sendCallbackHeartbeat(callbackId: string): void {
    this.service.sendCallbackHeartbeat(callbackId);
  }

  /** `StopDurableExecution`. */
  stop(error?: ErrorObject): void {
    this.service.stopExecution(this.arn, error);
  }

  /** History so far. */
  history(): HistoryEvent[] {
    return this.service.history(this.arn);
  }

  /** Captured output lines so far. */
  logs(): string[] {
    return this.service.logLines(this.arn).map((l) => l.text);
  }

  /** Resolves when the execution is terminal. */
  async result(): Promise<DurableTestResult<T>> {
    const done = await this.service.waitForCompletion(this.arn);
    const out: DurableTestResult<T> = { status: done.Status, history: this.history(), operations: this.operations(), logs: this.logs() };
    if (done.Result !== undefined) {
      out.rawResult = done.Result;
      out.result = (done.Result === '' ? undefined : JSON.parse(done.Result)) as T;
    }
    if (done.Error !== undefined) out.error = done.Error;
    return out;
  }
}

/**
 * Runs durable handlers on a private local service.
 *
 * @example
 * const runner = new DurableTestRunner({ handler });
 * const execution = runner.start({ orderId: 1 });
 * const callbackId = await execution.waitForCallback({ name: 'approval' });
 * execution.sendCallbackSuccess(callbackId, '"yes"');
 * const { status, result } = await execution.result();
 */
export class DurableTestRunner {
  readonly service: DurableExecutionService;
  private readonly functionName: string;
  private readonly handler: LambdaHandler;

  constructor(options: DurableTestRunnerOptions) {
    this.handler = options.handler;
    this.service = new DurableExecutionService({
      clock: options.clock ?? 'virtual',
      ...(options.timeScale !== undefined ? { timeScale: options.timeScale } : {}),
    });
    const echo = { echoLogs: options.echoLogs === true };
    this.functionName = options.functionName ?? 'handler';
    const limit = options.functionTimeout === undefined ? {} : { functionTimeoutSeconds: durationToSeconds(options.functionTimeout) };
    this.service.registerFunction({ name: this.functionName, invoker: inProcessInvoker(options.handler, echo), ...limit });
    for (const [name, fn] of Object.entries(options.functions ?? {})) {
      const handler = typeof fn === 'function' ? fn : fn.handler;
      const durable = typeof fn === 'function' ? true : fn.durable !== false;
      this.service.registerFunction({ name, invoker: inProcessInvoker(handler, echo), durable, ...limit });
    }
  }

  /** Starts an execution with `input` (JSON-serialised) and returns its handle. */
  start<T = unknown>(input?: unknown, options: { executionName?: string } = {}): DurableTestExecution<T> {
    const arn = this.service.startExecution({
      functionName: this.functionName,
      ...(input !== undefined ? { payload: JSON.stringify(input) } : {}),
      ...(options.executionName !== undefined ? { executionName: options.executionName } : {}),
    });
    return new DurableTestExecution<T>(this.service, arn, this.handler);
  }

  /** Starts an execution and waits for its end. */
  run<T = unknown>(input?: unknown): Promise<DurableTestResult<T>> {
    return this.start<T>(input).result();
  }
}
