/**
 * The official `LocalDurableTestRunner`, on our local service: each `run` starts an execution on
 * a private service whose virtual clock skips waits and retry delays (`skipTime`), so no
 * process-wide fake timers are installed.
 */
import { inProcessInvoker } from '../../service/invokers/in-process-invoker.js';
import { DurableExecutionService } from '../../service/service.js';
import type { ErrorObject } from '../../protocol.js';
import { buildTestResult } from './test-result.js';
import { OperationView } from './operation-view.js';
import { RegisteredFunctions, withCheckpointDelay, type DurableHandlerFunction, type PlainLambdaHandler } from './registered-functions.js';
import { RunSession, type ExecutionSnapshot } from './run-session.js';
import type { CallbackApi, CallbackResponse, DurableOperation, InvokeRequest, OfficialDurableTestRunner, OperationRecord, TestResult } from './types.js';

/** Options of `new LocalDurableTestRunner(...)`. */
export interface LocalDurableTestRunnerParameters {
  /** The durable handler under test (`withDurableExecution(...)` of either SDK). */
  handlerFunction: DurableHandlerFunction;
}

/** Options of {@link LocalDurableTestRunner.setupTestEnvironment}. */
export interface LocalDurableTestRunnerSetupParameters {
  /**
   * Waits, retry delays and callback timeouts take no real time (virtual service time). Unlike
   * the official runner this installs no fake timers: `setTimeout` in your own code keeps real time.
   */
  skipTime?: boolean;
  /** Real milliseconds added before every checkpoint call, to shake out races. */
  checkpointDelay?: number;
}

const MAIN_FUNCTION = 'durable-function';
/**
 * The official runner has no execution timeout; ours registers the function with the longest
 * one Lambda accepts (366 days) so a multi-day workflow is not cut at the service default of a day.
 */
const EXECUTION_TIMEOUT_SECONDS = 31_622_400;

/**
 * Runs a durable handler locally, in the official testing library's API.
 *
 * @example
 * ```ts
 * beforeAll(() => LocalDurableTestRunner.setupTestEnvironment({ skipTime: true }));
 * afterAll(() => LocalDurableTestRunner.teardownTestEnvironment());
 *
 * it('charges the order', async () => {
 *   const runner = new LocalDurableTestRunner<{ charged: boolean }>({ handlerFunction: handler });
 *   const charge = runner.getOperation('charge');
 *   const execution = await runner.run({ payload: { orderId: 1 } });
 *   expect(execution.getStatus()).toBe(ExecutionStatus.SUCCEEDED);
 *   expect(charge.getStepDetails()?.result).toEqual({ charged: true });
 * });
 * ```
 */
export class LocalDurableTestRunner<TResult = any> implements OfficialDurableTestRunner<DurableOperation, TResult> {
  private static skipTime = false;
  private static checkpointDelay = 0;
  private readonly handlerFunction: DurableHandlerFunction;
  private readonly functions = new RegisteredFunctions();
  private service: DurableExecutionService | undefined;
  private session: RunSession;

  constructor({ handlerFunction }: LocalDurableTestRunnerParameters) {
    if (typeof handlerFunction !== 'function') {
      throw new TypeError(`LocalDurableTestRunner: handlerFunction must be the function withDurableExecution returned, got ${typeof handlerFunction}`);
    }
    this.handlerFunction = handlerFunction;
    this.session = this.newSession();
  }

  /** Sets how runs behave: `skipTime` (virtual service time) and `checkpointDelay`. Call in `beforeAll`. */
  static setupTestEnvironment(params: LocalDurableTestRunnerSetupParameters = {}): Promise<void> {
    LocalDurableTestRunner.skipTime = params.skipTime ?? false;
    LocalDurableTestRunner.checkpointDelay = params.checkpointDelay ?? 0;
    return Promise.resolve();
  }

  /** Restores the defaults. Call in `afterAll`. */
  static teardownTestEnvironment(): Promise<void> {
    LocalDurableTestRunner.skipTime = false;
    LocalDurableTestRunner.checkpointDelay = 0;
    return Promise.resolve();
  }

  /** Starts an execution with `payload` and resolves when it has ended. */
  async run(params?: InvokeRequest): Promise<TestResult<TResult>> {
    const service = new DurableExecutionService({ clock: LocalDurableTestRunner.skipTime ? 'virtual' : 'real' });
    const delay = withCheckpointDelay(LocalDurableTestRunner.checkpointDelay);
    service.registerFunction({ name: MAIN_FUNCTION, executionTimeoutSeconds: EXECUTION_TIMEOUT_SECONDS, invoker: delay(inProcessInvoker(this.handlerFunction, { echoLogs: true })) });
    this.functions.registerOn(service, delay, EXECUTION_TIMEOUT_SECONDS);
    this.service = service;
    let arn: string | undefined;
    const session = this.session;
    const unsubscribe = service.subscribe((changed) => {
      if (changed === arn) session.changed();
    });
    try {
      const payload = params?.payload === undefined ? {} : { payload: JSON.stringify(params.payload) };
      arn = service.startExecution({ functionName: MAIN_FUNCTION, ...payload });
      const started = arn;
      session.attach(() => snapshotOf(service, started));
      const done = await service.waitForCompletion(started);
      session.ended(done.Status);
      return buildTestResult<TResult>(session, {
        status: done.Status,
        ...(done.Result !== undefined ? { result: done.Result } : {}),
        ...(done.Error !== undefined ? { error: done.Error } : {}),
      });
    } finally {
      unsubscribe();
    }
  }

  /** Registers a durable function `context.invoke(functionName, …)` can call. */
  registerDurableFunction(functionName: string, durableHandler: DurableHandlerFunction): this {
    this.functions.addDurable(functionName, durableHandler);
    return this;
  }

  /** Registers a plain (non-durable) Lambda handler `context.invoke(functionName, …)` can call. */
  registerFunction(functionName: string, handler: PlainLambdaHandler): this {
    this.functions.addPlain(functionName, handler);
    return this;
  }

  /** The `index`-th operation named `name` (default the first). */
  getOperation<TOperationResult = any>(name: string, index = 0): DurableOperation<TOperationResult> {
    return new OperationView<TOperationResult>(this.session, { name, index });
  }

  /** The operation at `index` in the order operations first appeared (EXECUTION not counted). */
  getOperationByIndex<TOperationResult = any>(index: number): DurableOperation<TOperationResult> {
    return new OperationView<TOperationResult>(this.session, { index });
  }

  getOperationByNameAndIndex<TOperationResult = any>(name: string, index: number): DurableOperation<TOperationResult> {
    return new OperationView<TOperationResult>(this.session, { name, index });
  }

  getOperationById<TOperationResult = any>(id: string): DurableOperation<TOperationResult> {
    return new OperationView<TOperationResult>(this.session, { id });
  }

  /** Forgets the operations of earlier runs; views taken before stay on the old data. */
  reset(): void {
    this.session = this.newSession();
  }

  private newSession(): RunSession {
    return new RunSession(this.callbackApi(), () => undefined);
  }

  private callbackApi(): CallbackApi {
    const call = (action: (service: DurableExecutionService) => void): Promise<CallbackResponse> => {
      const service = this.service;
      if (!service) return Promise.reject(new Error('Could not find callback details: no execution has run yet'));
      try {
        action(service);
        return Promise.resolve({ $metadata: { httpStatusCode: 200 } });
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
    return {
      sendCallbackSuccess: (id, result) => call((s) => s.sendCallbackSuccess(id, result)),
      sendCallbackFailure: (id, error?: ErrorObject) => call((s) => s.sendCallbackFailure(id, error)),
      sendCallbackHeartbeat: (id) => call((s) => s.sendCallbackHeartbeat(id)),
    };
  }
}

/** The execution's operations with their history events, straight from the service's state. */
const snapshotOf = (service: DurableExecutionService, arn: string): ExecutionSnapshot => {
  const exec = service.execution(arn);
  const eventsById = new Map<string, OperationRecord['events']>();
  for (const event of exec.events) {
    if (event.Id === undefined) continue;
    const list = eventsById.get(event.Id);
    if (list) list.push(event);
    else eventsById.set(event.Id, [event]);
  }
  const records = [...exec.operations.values()].map((state) => ({
    operation: structuredClone(state.op),
    events: eventsById.get(state.op.Id) ?? [],
  }));
  return { records, events: exec.events };
};
