/**
 * In-process test runner: runs a durable handler (our SDK's or the official one's) on a private
 * local service and lets a test inspect operations, answer callbacks and read the result,
 * history and captured logs.
 */
import type { ErrorObject, HistoryEvent, Operation, OperationStatus } from '../protocol.js';
import { durationToSeconds, type Duration } from '../retry/duration.js';
import type { ClockMode } from '../service/clock.js';
import { isOperationTerminal, listOperations } from '../service/execution-state.js';
import { inProcessInvoker, type LambdaHandler } from '../service/invokers/in-process-invoker.js';
import { DurableExecutionService, MAX_EXECUTION_TIMEOUT_SECONDS } from '../service/service.js';
import type { GetDurableExecutionResponse } from '../service/service-types.js';
import { LIMIT_WARNING_SHARE, SERVICE_LIMITS, type ExecutionUsage } from '../service/metering.js';
import { answerCallbacks, encodeCallbackResult, type CallbackResponder } from './callback-answers.js';

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
  /**
   * `DurableConfig.ExecutionTimeout` of the handler and of `functions` (default 366 days, the
   * service's maximum). A TIMED_OUT result names this option.
   */
  executionTimeout?: Duration;
  /**
   * Answers callbacks by operation name as soon as they start (a `createCallback`'s name or the
   * name of a `waitForCallback`): a success value, a failure or a heartbeat, each optionally
   * `after` a virtual delay, or a function of the callback returning those.
   */
  callbacks?: Record<string, CallbackResponder>;
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
  /** Usage as the service meters it: billed operations, bytes written, invocations. */
  usage: ExecutionUsage;
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
    const describe = (op: Operation<Date> | undefined): string =>
      `operation ${JSON.stringify(selector)} reached ${wanted?.join('|') ?? 'existence'}: ${op ? `it is ${op.Status}` : 'it never appeared'}`;
    return this.until(() => {
      const op = this.operation(selector);
      return op && (wanted === undefined || wanted.includes(op.Status)) ? op : undefined;
    }, () => describe(this.operation(selector)));
  }

  /**
   * Waits for a started callback (by name or index) and returns its CallbackId. The selector
   * may name the callback itself or the `waitForCallback` that holds it.
   */
  async waitForCallback(selector: OperationSelector): Promise<string> {
    const found = await this.until(() => {
      const op = this.operation(selector);
      if (op === undefined) return undefined;
      if (op.Type === 'CONTEXT' && op.SubType === 'WaitForCallback') {
        const inner = this.operations().find((child) => child.ParentId === op.Id && child.Type === 'CALLBACK');
        return inner === undefined ? undefined : { op: inner, outer: op };
      }
      return op.Status === 'PENDING' || op.Status === 'READY' ? undefined : { op, outer: op };
    }, () => `callback ${JSON.stringify(selector)} started`);
    const { op, outer } = found;
    const id = op.CallbackDetails?.CallbackId;
    if (op.Type !== 'CALLBACK' || id === undefined) {
      throw new Error(`Operation ${JSON.stringify(selector)} is a ${outer.Type}${outer.SubType !== undefined ? ` (${outer.SubType})` : ''}, not a callback or a waitForCallback`);
    }
    if (isOperationTerminal(op.Status)) throw new Error(`Callback ${JSON.stringify(selector)} is already ${op.Status}`);
    return id;
  }

  /**
   * Lets virtual time move by `duration` (timers due meanwhile fire, invocations run), then
   * resolves. Virtual time otherwise moves only while the test awaits `result()`,
   * `waitForOperation`, `waitForCallback` or `runUntil`.
   */
  async advance(duration: Duration): Promise<void> {
    const ms = durationToSeconds(duration) * 1000;
    if (!(ms >= 0)) throw new RangeError(`advance needs a non-negative duration, got ${JSON.stringify(duration)}`);
    const release = this.service.demandTime();
    try {
      await new Promise<void>((resolve) => {
        this.service.scheduleAction(this.arn, this.service.clock.now() + ms, resolve);
      });
    } finally {
      release();
    }
  }

  /**
   * Lets virtual time move until `condition` holds (checked after every change of the
   * execution); rejects if the execution ends first without it.
   */
  async runUntil(condition: (execution: DurableTestExecution<T>) => boolean): Promise<void> {
    await this.until(() => (condition(this) ? true : undefined), () => 'the runUntil condition held');
  }

  /** Resolves with `probe`'s first defined value, letting virtual time move meanwhile. */
  private until<V>(probe: () => V | undefined, wanted: () => string): Promise<V> {
    return new Promise((resolve, reject) => {
      let settled = false;
      let release: (() => void) | undefined = undefined;
      const check = (): boolean => {
        const value = probe();
        const status = this.service.execution(this.arn).status;
        if (value === undefined && status === 'RUNNING') return false;
        settled = true;
        release?.();
        if (value !== undefined) resolve(value);
        else reject(new Error(`Execution ended (${status}) before ${wanted()}`));
        return true;
      };
      if (check()) return;
      const unsubscribe = this.service.subscribe((arn) => {
        if (arn === this.arn && check()) unsubscribe();
      });
      // Demanding time may settle `check` synchronously (a timer fires at once).
      release = this.service.demandTime();
      if (settled) release();
    });
  }

  /**
   * `SendDurableExecutionCallbackSuccess`. A string or bytes are sent as they are (the handler
   * receives that raw string); any other value is JSON-encoded first.
   */
  sendCallbackSuccess(callbackId: string, result?: unknown): void {
    this.service.sendCallbackSuccess(callbackId, encodeCallbackResult(result));
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
    const usage = this.service.usage(this.arn);
    warnNearLimits(this.arn, usage);
    const out: DurableTestResult<T> = { status: done.Status, history: this.history(), operations: this.operations(), logs: this.logs(), usage };
    if (done.Result !== undefined) {
      out.rawResult = done.Result;
      out.result = (done.Result === '' ? undefined : JSON.parse(done.Result)) as T;
    }
    if (done.Error !== undefined) out.error = done.Error;
    return out;
  }
}

/** Warns once per execution when its usage reaches 80 % of a service limit. */
const warned = new Set<string>();
const warnNearLimits = (arn: string, usage: ExecutionUsage): void => {
  if (warned.has(arn)) return;
  const near = ([['operations', usage.operations, SERVICE_LIMITS.operations], ['storageWrittenBytes', usage.storageWrittenBytes, SERVICE_LIMITS.storageWrittenBytes]] as const)
    .filter(([, used, limit]) => used >= limit * LIMIT_WARNING_SHARE)
    .map(([name, used, limit]) => `${name} ${used} of ${limit} (${Math.round((used / limit) * 100)} %)`);
  if (near.length === 0) return;
  warned.add(arn);
  console.warn(`durable-lambda: execution ${arn} is near the service's limits: ${near.join(', ')}`);
};

const executionTimeoutOf = (duration: Duration | undefined): { executionTimeoutSeconds: number; executionTimeoutSource: string } => {
  const source = 'the DurableTestRunner option executionTimeout';
  if (duration === undefined) return { executionTimeoutSeconds: MAX_EXECUTION_TIMEOUT_SECONDS, executionTimeoutSource: `${source} (default: 366 days)` };
  const seconds = durationToSeconds(duration);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_EXECUTION_TIMEOUT_SECONDS) {
    throw new RangeError(`DurableTestRunner: executionTimeout must be whole seconds from 1 second to 366 days, got ${JSON.stringify(duration)}`);
  }
  return { executionTimeoutSeconds: seconds, executionTimeoutSource: source };
};

/**
 * Runs durable handlers on a private local service. Virtual time moves only while the test
 * awaits an execution (`result()`, `waitForOperation`, `waitForCallback`, `advance`,
 * `runUntil`), never while test code runs between awaits.
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
      timeAdvance: 'when-awaited',
      ...(options.timeScale !== undefined ? { timeScale: options.timeScale } : {}),
    });
    const echo = { echoLogs: options.echoLogs === true };
    const timeout = executionTimeoutOf(options.executionTimeout);
    this.functionName = options.functionName ?? 'handler';
    const limit = { ...timeout, ...(options.functionTimeout === undefined ? {} : { functionTimeoutSeconds: durationToSeconds(options.functionTimeout) }) };
    this.service.registerFunction({ name: this.functionName, invoker: inProcessInvoker(options.handler, echo), ...limit });
    for (const [name, fn] of Object.entries(options.functions ?? {})) {
      const handler = typeof fn === 'function' ? fn : fn.handler;
      const durable = typeof fn === 'function' ? true : fn.durable !== false;
      this.service.registerFunction({ name, invoker: inProcessInvoker(handler, echo), durable, ...limit });
    }
    if (options.callbacks !== undefined) answerCallbacks(this.service, options.callbacks);
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
