/**
 * Public types of the durable API: the context, operation configs and the handler wrapper.
 * Names and shapes follow the official SDK 2.4 so handlers port with an import change.
 */
import type { AwsSdkClientLike } from './peers/aws-sdk-shapes.js';
import type {
  BatchResult,
  MapConfig,
  MapFunc,
  NamedParallelBranch,
  ParallelBranchesResult,
  ParallelConfig,
  ParallelFunc,
} from './batch-types.js';
import type { DurablePromise } from './engine/durable-promise.js';
import type { DurableContextLogger, DurableLogger, LoggerConfig } from './logger/types.js';
import type { DurableInstrumentationPlugin, PluginsConfig } from './plugins/types.js';
import type {
  DurableExecutionInvocationInput,
  DurableExecutionInvocationOutput,
} from './protocol.js';
import type { Duration } from './retry/duration.js';

export type { DurableContextLogger, LoggerConfig };
import type { DurableExecutionClient } from './transport/checkpoint-client.js';
import type {
  LambdaContext,
  StepConfig,
  StepFunc,
  ChildConfig,
  CreateCallbackConfig,
  WaitForCallbackConfig,
  CreateCallbackResult,
  WaitForCallbackSubmitterFunc,
  InvokeConfig,
  WaitForConditionCheckFunc,
  WaitForConditionConfig,
  SerdesConfig,
} from './operation-types.js';

export { StepSemantics } from './operation-types.js';
export type {
  LambdaContext,
  LambdaCognitoIdentity,
  LambdaClientContext,
  StepContext,
  WaitForConditionContext,
  WaitForCallbackContext,
  StepConfig,
  StepFunc,
  ChildConfig,
  CreateCallbackConfig,
  WaitForCallbackConfig,
  CreateCallbackResult,
  WaitForCallbackSubmitterFunc,
  InvokeConfig,
  WaitForConditionCheckFunc,
  WaitForConditionWaitStrategyFunc,
  WaitForConditionConfig,
  AnySerdes,
  AnySerdesDeserializer,
  SerdesConfig,
} from './operation-types.js';

/** The function a child context runs. */
export type ChildFunc<T, Logger extends DurableLogger = DurableLogger> = (context: DurableContext<Logger>) => Promise<T>;

/** The durable context a handler receives. */
export interface DurableContext<TLogger extends DurableLogger = DurableLogger> {
  lambdaContext: LambdaContext;
  logger: DurableContextLogger<TLogger>;
  executionContext: { readonly durableExecutionArn: string };
  /**
   * Runs `fn` once per attempt and records its result; on replay returns the recorded value.
   * Failures go through `retryStrategy` (default: 6 attempts, exponential back-off).
   *
   * @example
   * ```ts
   * const user = await context.step('fetch-user', async ({ attempt }) => api.getUser(id), {
   *   retryStrategy: createRetryStrategy({ maxAttempts: 3 }),
   * });
   * ```
   */
  step<TOutput>(name: string | undefined, fn: StepFunc<TOutput, TLogger>, config?: StepConfig<TOutput>): DurablePromise<TOutput>;
  step<TOutput>(fn: StepFunc<TOutput, TLogger>, config?: StepConfig<TOutput>): DurablePromise<TOutput>;
  /**
   * Invokes another durable function and waits (suspended) for its result.
   *
   * @example
   * ```ts
   * const receipt = await context.invoke('charge', 'arn:aws:lambda:eu-west-1:123:function:payments:live', { amount: 10 });
   * ```
   */
  invoke<TInput, TOutput>(name: string, funcId: string, input?: TInput, config?: InvokeConfig<TInput, TOutput>): DurablePromise<TOutput>;
  invoke<TInput, TOutput>(funcId: string, input?: TInput, config?: InvokeConfig<TInput, TOutput>): DurablePromise<TOutput>;
  /**
   * Runs `fn` with a child context whose operations are grouped (and replayed) under one record.
   *
   * @example
   * ```ts
   * const total = await context.runInChildContext('pricing', async (child) => {
   *   const base = await child.step('base', async () => 10);
   *   return child.step('tax', async () => base * 1.2);
   * });
   * ```
   */
  runInChildContext<TOutput>(name: string | undefined, fn: ChildFunc<TOutput, TLogger>, config?: ChildConfig<TOutput>): DurablePromise<TOutput>;
  runInChildContext<TOutput>(fn: ChildFunc<TOutput, TLogger>, config?: ChildConfig<TOutput>): DurablePromise<TOutput>;
  /**
   * Pauses the execution durably; the function suspends and resumes when the time is up.
   *
   * @example
   * ```ts
   * await context.wait('cool-off', { hours: 1 });
   * await context.wait({ seconds: 30 });
   * ```
   */
  wait(name: string, duration: Duration): DurablePromise<void>;
  wait(duration: Duration): DurablePromise<void>;
  /**
   * Polls `checkFunc` durably until `waitStrategy` says stop; the state is checkpointed between polls.
   *
   * @example
   * ```ts
   * const job = await context.waitForCondition('job-done', async (s) => api.getJob(s.id), {
   *   initialState: { id: jobId, done: false },
   *   waitStrategy: createWaitStrategy({ shouldContinuePolling: (s) => !s.done }),
   * });
   * ```
   */
  waitForCondition<TOutput>(
    name: string | undefined,
    checkFunc: WaitForConditionCheckFunc<TOutput, TLogger>,
    config: WaitForConditionConfig<TOutput>,
  ): DurablePromise<TOutput>;
  waitForCondition<TOutput>(checkFunc: WaitForConditionCheckFunc<TOutput, TLogger>, config: WaitForConditionConfig<TOutput>): DurablePromise<TOutput>;
  /**
   * Creates a callback an external system completes with `SendDurableExecutionCallbackSuccess`
   * (or `…Failure`); resolves to `[promise of the result, callbackId]`.
   *
   * @example
   * ```ts
   * const [approval, callbackId] = await context.createCallback('approval', { timeout: { days: 1 } });
   * await context.step('ask', async () => mail.send(manager, callbackId));
   * const answer = await approval; // raw string unless a serdes is configured
   * ```
   */
  createCallback<TOutput = string>(name: string | undefined, config?: CreateCallbackConfig<TOutput>): DurablePromise<CreateCallbackResult<TOutput>>;
  createCallback<TOutput = string>(config?: CreateCallbackConfig<TOutput>): DurablePromise<CreateCallbackResult<TOutput>>;
  /**
   * Creates a callback, runs `submitter(callbackId)` as a step (retried by `retryStrategy`) to
   * hand the id to an external system, and suspends until the callback completes. Resolves to
   * the raw string sent with `SendDurableExecutionCallbackSuccess` unless `serdes` says otherwise;
   * rejects with `CallbackExternalError` / `CallbackTimeoutError`, or `CallbackSubmitterError`
   * when the submitter keeps failing.
   *
   * @example
   * ```ts
   * const answer = await context.waitForCallback('approval', async (callbackId, { logger }) => {
   *   logger.info('asking the approver');
   *   await mail.send(manager, callbackId);
   * }, { timeout: { days: 1 } });
   * ```
   */
  waitForCallback<TOutput = string>(
    name: string | undefined,
    submitter: WaitForCallbackSubmitterFunc<TLogger>,
    config?: WaitForCallbackConfig<TOutput>,
  ): DurablePromise<TOutput>;
  waitForCallback<TOutput = string>(submitter: WaitForCallbackSubmitterFunc<TLogger>, config?: WaitForCallbackConfig<TOutput>): DurablePromise<TOutput>;
  /**
   * Runs `mapFunc` for every item, each in a child context of its own (ids `<map>-1`, `<map>-2`, …),
   * at most `maxConcurrency` at a time, and resolves to a {@link BatchResult}. Item failures do not
   * reject: by default the batch stops at the first one (fail-fast); `completionConfig` sets
   * thresholds (`minSuccessful`, `toleratedFailureCount`, `toleratedFailurePercentage`) or a custom
   * `shouldComplete`. `nesting: FLAT` records no context per item.
   *
   * @example
   * ```ts
   * const batch = await context.map('charge', orders, async (child, order) => child.step('pay', async () => pay(order)), {
   *   maxConcurrency: 10,
   *   completionConfig: { toleratedFailurePercentage: 5 },
   *   itemNamer: (order) => `order-${order.id}`,
   * });
   * const receipts = batch.getResults();
   * if (batch.hasFailure) context.logger.warn('some charges failed', batch.getErrors());
   * ```
   */
  map<TInput, TOutput>(
    name: string | undefined,
    items: TInput[],
    mapFunc: MapFunc<TInput, TOutput, TLogger>,
    config?: MapConfig<TInput, TOutput>,
  ): DurablePromise<BatchResult<TOutput>>;
  map<TInput, TOutput>(items: TInput[], mapFunc: MapFunc<TInput, TOutput, TLogger>, config?: MapConfig<TInput, TOutput>): DurablePromise<BatchResult<TOutput>>;
  /**
   * Runs branches concurrently, each in a child context of its own (named by `{name, func}` or
   * `parallel-branch-<i>`), and resolves to a {@link BatchResult} in branch order. Same options as
   * `map` (concurrency, completion rules, serdes, nesting); call `throwIfError()` to fail on any branch.
   *
   * @example
   * ```ts
   * const batch = await context.parallel('enrich', [
   *   { name: 'profile', func: async (child) => child.step('load', async () => loadProfile(id)) },
   *   async (child) => child.step('orders', async () => loadOrders(id)),
   * ]);
   * batch.throwIfError();
   * const [profile, orders] = batch.getResults();
   * ```
   */
  parallel<TOutput>(
    name: string | undefined,
    branches: (ParallelFunc<TOutput, TLogger> | NamedParallelBranch<TOutput, TLogger>)[],
    config?: ParallelConfig<TOutput>,
  ): DurablePromise<BatchResult<TOutput>>;
  parallel<TOutput>(
    branches: (ParallelFunc<TOutput, TLogger> | NamedParallelBranch<TOutput, TLogger>)[],
    config?: ParallelConfig<TOutput>,
  ): DurablePromise<BatchResult<TOutput>>;
  // Branches of different result types (a tuple such as `[async () => 1, async () => 'one']`):
  // the result is the union. The named form returns a plain Promise, as declared by 2.4.
  parallel<Branches extends readonly unknown[]>(
    name: string | undefined,
    branches: Branches,
    config?: ParallelConfig<ParallelBranchesResult<Branches, TLogger>>,
  ): Promise<BatchResult<ParallelBranchesResult<Branches, TLogger>>>;
  parallel<Branches extends readonly unknown[]>(
    branches: Branches,
    config?: ParallelConfig<ParallelBranchesResult<Branches, TLogger>>,
  ): DurablePromise<BatchResult<ParallelBranchesResult<Branches, TLogger>>>;
  /**
   * `Promise.all`, `allSettled`, `any` and `race` over durable promises that are already
   * running. The outcome is recorded as a child context (created when the result is awaited), so
   * replays return it without waiting again; failures reject with `PromiseCombinatorError`.
   *
   * @example
   * ```ts
   * const [user, orders] = await context.promise.all('profile', [
   *   context.step('user', async () => users.get(id)),
   *   context.step('orders', async () => orders.list(id)),
   * ]);
   * const first = await context.promise.race([context.step('primary', fetchPrimary), context.wait({ seconds: 30 })]);
   * ```
   */
  promise: {
    all<TOutput>(name: string | undefined, promises: DurablePromise<TOutput>[]): DurablePromise<TOutput[]>;
    all<TOutput>(promises: DurablePromise<TOutput>[]): DurablePromise<TOutput[]>;
    allSettled<TOutput>(name: string | undefined, promises: DurablePromise<TOutput>[]): DurablePromise<PromiseSettledResult<TOutput>[]>;
    allSettled<TOutput>(promises: DurablePromise<TOutput>[]): DurablePromise<PromiseSettledResult<TOutput>[]>;
    any<TOutput>(name: string | undefined, promises: DurablePromise<TOutput>[]): DurablePromise<TOutput>;
    any<TOutput>(promises: DurablePromise<TOutput>[]): DurablePromise<TOutput>;
    race<TOutput>(name: string | undefined, promises: DurablePromise<TOutput>[]): DurablePromise<TOutput>;
    race<TOutput>(promises: DurablePromise<TOutput>[]): DurablePromise<TOutput>;
  };
  /**
   * Replaces the logger and/or switches replay suppression for this context and children created afterwards.
   *
   * @example
   * ```ts
   * context.configureLogger({ customLogger: powertoolsLogger, modeAware: true });
   * ```
   */
  configureLogger(config: LoggerConfig<TLogger>): void;
  /**
   * Sets default serdes for this context and children created afterwards.
   *
   * @example
   * ```ts
   * context.configureSerdes({ defaultSerdes: createExtendedJsonSerdes() });
   * ```
   */
  configureSerdes(config: SerdesConfig): void;
}

/** A durable handler: receives the execution's input and its durable context. */
export type DurableExecutionHandler<TEvent = any, TResult = any, TLogger extends DurableLogger = DurableLogger> = (
  event: TEvent,
  context: DurableContext<TLogger>,
) => Promise<TResult>;

/**
 * Options of `withDurableExecution`.
 *
 * @example
 * ```ts
 * export const handler = withDurableExecution(myHandler, {
 *   durableExecutionClient: new DurableExecutionApiClient(new LambdaClient({ maxAttempts: 5 })),
 * });
 * ```
 */
export interface DurableExecutionConfig {
  /** Instrumentation plugins, called in order (experimental; see `DurableInstrumentationPlugin`). */
  plugins?: DurableInstrumentationPlugin[];
  /** Plugin-related execution settings (experimental). */
  pluginsConfig?: PluginsConfig;
  /** @deprecated Use `durableExecutionClient: new DurableExecutionApiClient(client)`. A `LambdaClient` of `@aws-sdk/client-lambda` (typed structurally: the AWS SDK is an optional peer). */
  client?: AwsSdkClientLike;
  /**
   * Transport to the service. Default: `new DurableExecutionHttpClient()`, which speaks the
   * Lambda API without the AWS SDK (region from the ARN, `AWS_ENDPOINT_URL_LAMBDA`, credentials
   * from the environment or the container endpoint).
   */
  durableExecutionClient?: DurableExecutionClient;
  /**
   * Pipelined checkpoints (opt-in, not in the official SDK): an at-least-once step returns its
   * result as soon as the SUCCEED update is queued, without waiting for the service to
   * acknowledge it, so sequential steps share checkpoint calls. Guarantees that still hold:
   * updates reach the service in FIFO order (a crash loses only a suffix of them, and a lost
   * step result just means the step runs again); at-most-once steps, callbacks, invokes and
   * waits still wait for their acknowledgement; the queue drains before any response, and a
   * failed checkpoint still fails the invocation. Default `false`.
   *
   * @example
   * ```ts
   * export const handler = withDurableExecution(myHandler, { pipelinedCheckpoints: true });
   * ```
   */
  pipelinedCheckpoints?: boolean;
  /**
   * Safety margin before the invocation's deadline (`getRemainingTimeInMillis`), not in the
   * official SDK. A step attempt still running when less than this is left has its signal
   * aborted and is recorded as failed with a `StepTimeoutError` (reason `invocation deadline`),
   * so its retry strategy applies and the next attempt starts in a fresh invocation. Default:
   * 3 s, or a fifth of the time the invocation had at its start when that is less (short
   * function timeouts). `false` turns the deadline off (the official SDK's behaviour).
   *
   * @example
   * ```ts
   * export const handler = withDurableExecution(myHandler, { deadlineMargin: { seconds: 10 } });
   * ```
   */
  deadlineMargin?: Duration | false;
}

/** What `withDurableExecution` returns: the Lambda handler. */
export type DurableLambdaHandler = (
  event: DurableExecutionInvocationInput,
  context: LambdaContext,
) => Promise<DurableExecutionInvocationOutput>;
