/**
 * Public types of the durable API's operations: what step, callback, invoke and
 * waitForCondition functions receive and their configs, and Lambda's invocation context.
 * Re-exported by `types.ts`, which holds the durable context and the handler wrapper.
 */
import type { DurableOperationError } from './errors.js';
import type { DurablePromise } from './engine/durable-promise.js';
import type { DurableContextLogger, DurableLogger } from './logger/types.js';
import type { Duration } from './retry/duration.js';
import type { RetryDecision } from './retry/retry-strategy.js';
import type { WaitForConditionDecision } from './retry/wait-strategy.js';
import type { Serdes } from './serdes/serdes.js';

/**
 * The Lambda context object: the same members as `Context` of `@types/aws-lambda` (which the
 * official SDK's types use), so handlers typed with either are accepted where the other's are
 * expected, without making that package a dependency.
 */
export interface LambdaContext {
  callbackWaitsForEmptyEventLoop: boolean;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  identity?: LambdaCognitoIdentity | undefined;
  clientContext?: LambdaClientContext | undefined;
  tenantId?: string | undefined;
  getRemainingTimeInMillis(): number;
  /** @deprecated Node.js 0.10 era; kept because the runtime still provides it. */
  done(error?: Error, result?: any): void;
  /** @deprecated Node.js 0.10 era; kept because the runtime still provides it. */
  fail(error: Error | string): void;
  /** @deprecated Node.js 0.10 era; kept because the runtime still provides it. */
  succeed(messageOrObject: any): void;
  /** @deprecated Node.js 0.10 era; kept because the runtime still provides it. */
  succeed(message: string, object: any): void;
}

/** Cognito identity of a mobile-SDK caller (`context.identity`). */
export interface LambdaCognitoIdentity {
  cognitoIdentityId: string;
  cognitoIdentityPoolId: string;
}

/** Client context of a mobile-SDK caller (`context.clientContext`). */
export interface LambdaClientContext {
  client: {
    installationId: string;
    appTitle: string;
    appVersionName: string;
    appVersionCode: string;
    appPackageName: string;
  };
  custom?: any;
  env: { platformVersion: string; platform: string; make: string; model: string; locale: string };
}

/** What a step function receives. */
export interface StepContext<Logger extends DurableLogger = DurableLogger> {
  /** Logger carrying the step's id, name and attempt (never replay-suppressed). */
  logger: DurableContextLogger<Logger>;
  /** 1-based attempt number. */
  attempt: number;
  /**
   * Aborts when this attempt's result is no longer wanted: its `timeout` passed (the reason is a
   * `StepTimeoutError`), the invocation's deadline came near, or the `map`/`parallel` it runs in
   * completed without it. Pass it to `fetch` or to AWS SDK calls (`{ abortSignal }`) so the work
   * stops. Created on first read. Always present at run time; typed optional so that the official
   * SDK's `StepContext` (which has none) stays assignable to this one.
   */
  readonly signal?: AbortSignal;
}

/** What a waitForCondition check receives. */
export type WaitForConditionContext<Logger extends DurableLogger = DurableLogger> = StepContext<Logger>;

/** What a waitForCallback submitter receives. */
export interface WaitForCallbackContext<Logger extends DurableLogger = DurableLogger> {
  logger: DurableContextLogger<Logger>;
  /** Aborts when the submitter's time is up (see {@link StepContext.signal}; typed optional likewise). */
  readonly signal?: AbortSignal;
}

/**
 * Execution guarantee of a step attempt.
 *
 * @example
 * ```ts
 * await context.step('charge', charge, { semantics: StepSemantics.AtMostOncePerRetry, retryStrategy: retryPresets.noRetry });
 * ```
 */
export enum StepSemantics {
  /** START is acknowledged before the function runs; an interrupted attempt is not re-run. */
  AtMostOncePerRetry = 'AT_MOST_ONCE_PER_RETRY',
  /** The function may run again if the invocation dies before its result is recorded (default). */
  AtLeastOncePerRetry = 'AT_LEAST_ONCE_PER_RETRY',
}

/**
 * Options of `context.step`.
 *
 * @example
 * ```ts
 * const config: StepConfig<Order> = { retryStrategy: retryPresets.linear, serdes: createClassSerdes(Order) };
 * ```
 */
export interface StepConfig<T> {
  retryStrategy?: (error: Error, attemptCount: number) => RetryDecision;
  semantics?: StepSemantics;
  serdes?: Serdes<T>;
  /**
   * Time each attempt may run (not in the official SDK). When it passes, `stepContext.signal`
   * aborts and the attempt fails with a `StepTimeoutError`, which the retry strategy sees like
   * any other error; a function that ignores the signal is no longer awaited.
   */
  timeout?: Duration;
}

/** The function a step runs. */
export type StepFunc<T, Logger extends DurableLogger = DurableLogger> = (context: StepContext<Logger>) => Promise<T>;

/**
 * Options of `context.runInChildContext`.
 *
 * @example
 * ```ts
 * await context.runInChildContext('report', build, { summaryGenerator: (r) => `rows=${r.rows.length}` });
 * ```
 */
export interface ChildConfig<T> {
  serdes?: Serdes<T>;
  subType?: string;
  /** Stored instead of the result when the result exceeds 256 KiB. */
  summaryGenerator?: (result: T) => string;
  errorMapper?: (originalError: DurableOperationError) => DurableOperationError;
  /** Record no CONTEXT of its own (map/parallel FLAT nesting). */
  virtualContext?: boolean;
}


/**
 * Options of `context.createCallback`.
 *
 * @example
 * ```ts
 * const config: CreateCallbackConfig<{ ok: boolean }> = {
 *   timeout: { hours: 2 },
 *   serdes: { deserialize: async (s) => (s === undefined ? undefined : JSON.parse(s)) },
 * };
 * ```
 */
export interface CreateCallbackConfig<TOutput = string> {
  timeout?: Duration;
  heartbeatTimeout?: Duration;
  serdes?: Omit<Serdes<TOutput>, 'serialize'>;
}

/**
 * Options of `context.waitForCallback`.
 *
 * @example
 * ```ts
 * const config: WaitForCallbackConfig<{ approved: boolean }> = {
 *   timeout: { hours: 4 },
 *   retryStrategy: createRetryStrategy({ maxAttempts: 3 }), // for the submitter step
 *   serdes: { deserialize: async (s) => (s === undefined ? undefined : JSON.parse(s)) },
 * };
 * ```
 */
export interface WaitForCallbackConfig<TOutput = string> {
  timeout?: Duration;
  heartbeatTimeout?: Duration;
  retryStrategy?: (error: Error, attemptCount: number) => RetryDecision;
  /** Time each submitter attempt may run, as a step's `timeout` (not in the official SDK). */
  submitterTimeout?: Duration;
  serdes?: Omit<Serdes<TOutput>, 'serialize'>;
}

/** `[promise of the callback's result, callbackId]`. */
export type CreateCallbackResult<T = string> = [DurablePromise<T>, string];

/** Sends the callback id to the external system. */
export type WaitForCallbackSubmitterFunc<TLogger extends DurableLogger = DurableLogger> = (
  callbackId: string,
  context: WaitForCallbackContext<TLogger>,
) => Promise<void>;

/**
 * Options of `context.invoke`.
 *
 * @example
 * ```ts
 * await context.invoke('bill', 'billing-fn:live', input, { tenantId: 'acme' });
 * ```
 */
export interface InvokeConfig<I, O> {
  payloadSerdes?: Serdes<I>;
  resultSerdes?: Serdes<O>;
  tenantId?: string;
}

/** The check of `context.waitForCondition`: returns the next state. */
export type WaitForConditionCheckFunc<T, Logger extends DurableLogger = DurableLogger> = (
  state: T,
  context: WaitForConditionContext<Logger>,
) => Promise<T>;

/** Decides whether to poll again and after which delay. */
export type WaitForConditionWaitStrategyFunc<T> = (state: T, attempt: number) => WaitForConditionDecision;

/**
 * Options of `context.waitForCondition`.
 *
 * @example
 * ```ts
 * const config: WaitForConditionConfig<{ done: boolean }> = {
 *   initialState: { done: false },
 *   waitStrategy: createWaitStrategy({ shouldContinuePolling: (s) => !s.done }),
 * };
 * ```
 */
export interface WaitForConditionConfig<T> {
  waitStrategy: WaitForConditionWaitStrategyFunc<T>;
  initialState: T;
  serdes?: Serdes<T>;
  /**
   * Time each check may run (not in the official SDK): then its signal aborts and the check
   * fails with a `StepTimeoutError` (which fails the waitForCondition, like any check error).
   */
  timeout?: Duration;
}

/** Any serdes. */
export type AnySerdes = Serdes<any>;
/** Any deserialize-only serdes. */
export type AnySerdesDeserializer = Pick<AnySerdes, 'deserialize'>;

/** Options of `context.configureSerdes`. */
export interface SerdesConfig {
  defaultSerdes?: AnySerdes;
  defaultCallbackDeserializer?: AnySerdesDeserializer;
}
