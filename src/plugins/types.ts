/**
 * The instrumentation plugin contract (2.4, experimental): what a plugin may implement and the
 * info objects the engine hands it. Names and shapes follow the official SDK 2.4, so a plugin
 * written for it type-checks here and receives the same data.
 */
import type { DurableExecutionInvocationOutput } from '../protocol.js';

/**
 * Version of the provider contract that `DURABLE_EXECUTION_PLUGINS` modules must declare.
 *
 * @experimental
 * @example
 * ```ts
 * export const durableExecutionPluginProvider = {
 *   pluginApiVersion: DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION,
 *   pluginType: MetricsPlugin,
 *   createPlugin: () => new MetricsPlugin(),
 * };
 * ```
 */
export const DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION = 1;

/**
 * How an invocation ended, as `onInvocationEnd` reports it. `RETRYING` means the invocation
 * threw and Lambda will run it again; `PENDING` means it suspended.
 *
 * @experimental
 * @example
 * ```ts
 * onInvocationEnd: async (info) => {
 *   if (info.status === PluginInvocationStatus.RETRYING) metrics.count('invocation.retry');
 * },
 * ```
 */
export const PluginInvocationStatus = {
  SUCCEEDED: 'SUCCEEDED',
  FAILED: 'FAILED',
  PENDING: 'PENDING',
  RETRYING: 'RETRYING',
} as const;
/** @experimental */
export type PluginInvocationStatus = (typeof PluginInvocationStatus)[keyof typeof PluginInvocationStatus];

/**
 * Status of an operation in plugin info objects (the wire statuses).
 *
 * @experimental
 * @example
 * ```ts
 * onOperationEnd: async (info) => {
 *   if (info.status === PluginOperationStatus.FAILED) alarms.raise(info.name ?? info.id);
 * },
 * ```
 */
export const PluginOperationStatus = {
  STARTED: 'STARTED',
  READY: 'READY',
  PENDING: 'PENDING',
  SUCCEEDED: 'SUCCEEDED',
  FAILED: 'FAILED',
  TIMED_OUT: 'TIMED_OUT',
  STOPPED: 'STOPPED',
  CANCELLED: 'CANCELLED',
} as const;
/** @experimental */
export type PluginOperationStatus = (typeof PluginOperationStatus)[keyof typeof PluginOperationStatus];

/**
 * Outcome of one attempt of a step or a waitForCondition check.
 *
 * @experimental
 * @example
 * ```ts
 * onOperationAttemptEnd: async (info) => {
 *   if (info.outcome === AttemptEndInfoOutcome.FAILED) console.warn('attempt failed', info.attempt, info.error);
 * },
 * ```
 */
export const AttemptEndInfoOutcome = {
  SUCCEEDED: 'SUCCEEDED',
  FAILED: 'FAILED',
} as const;
/** @experimental */
export type AttemptEndInfoOutcome = (typeof AttemptEndInfoOutcome)[keyof typeof AttemptEndInfoOutcome];

/**
 * One durable operation as plugins see it. `id` and `parentId` are wire (hashed) ids; `result`
 * is the raw checkpointed string; `error` is rebuilt from the checkpointed error.
 *
 * @experimental
 * @example
 * ```ts
 * onOperationStart: async (info: OperationInfo) => {
 *   console.log(`${info.type}/${info.subType} ${info.name ?? info.id} replay=${info.isReplay}`);
 * },
 * ```
 */
export interface OperationInfo {
  id: string;
  name?: string;
  type: string;
  subType?: string;
  parentId?: string;
  status?: PluginOperationStatus;
  startTimestamp?: Date;
  endTimestamp?: Date;
  result?: string;
  /** The error the operation failed with, rebuilt from the checkpointed error data. */
  error?: Error;
  /** Checkpointed attempt count (steps and waitForCondition). */
  attempt?: number;
  isReplay: boolean;
  /**
   * Beyond 2.4, on the hooks of CONTEXT operations (start, end, `wrapChildContextFn`): true when
   * the context's function runs over children that may already be checkpointed (a context
   * started in an earlier invocation and re-entered now), so its first children report replays;
   * false when the context starts now. (A ReplayChildren context rebuilding its result reports
   * no hooks, as in 2.4.)
   */
  isReplayingChildren?: boolean;
}

/**
 * What `onOperationEnd` receives.
 *
 * @experimental
 * @example
 * ```ts
 * onOperationEnd: async (info: OperationEndInfo) => span.end(info.endTimestamp, info.error),
 * ```
 */
export interface OperationEndInfo extends OperationInfo {
  error?: Error;
}

/**
 * One attempt of a step or waitForCondition check (`attempt` is 1-based).
 *
 * @experimental
 * @example
 * ```ts
 * onOperationAttemptStart: async (info: AttemptInfo) => console.log('attempt', info.attempt, 'of', info.name),
 * ```
 */
export interface AttemptInfo extends OperationInfo {
  attempt: number;
  /**
   * A step's semantics (`'AT_MOST_ONCE_PER_RETRY'` or `'AT_LEAST_ONCE_PER_RETRY'`); absent for
   * waitForCondition checks, which run at least once per attempt. Not in the official SDK.
   */
  semantics?: 'AT_MOST_ONCE_PER_RETRY' | 'AT_LEAST_ONCE_PER_RETRY';
}

/**
 * What `onOperationAttemptEnd` receives.
 *
 * @experimental
 * @example
 * ```ts
 * onOperationAttemptEnd: async (info: AttemptEndInfo) => histogram.record(info.outcome, info.attempt),
 * ```
 */
export interface AttemptEndInfo extends AttemptInfo {
  outcome: AttemptEndInfoOutcome;
  /** The error this attempt threw (FAILED outcome); set on every attempt end, retried or not. */
  error?: Error;
  /** Beyond 2.4 (which leaves it unset for a retried attempt): when this attempt ended. */
  endTimestamp: Date;
  /** Beyond 2.4: seconds until the next attempt, when this attempt is followed by one. */
  nextAttemptDelaySeconds?: number;
}

/**
 * Fields shared by the invocation start and end infos. `operations` is keyed by wire id.
 *
 * @experimental
 * @example
 * ```ts
 * const count = (info: InvocationBaseInfo) => Object.keys(info.operations).length;
 * ```
 */
export interface InvocationBaseInfo {
  requestId: string;
  executionArn: string;
  executionInput: unknown;
  operations: Record<string, OperationInfo>;
  /** When the execution (not this invocation) started; the same for every invocation. */
  executionStartTimestamp?: Date;
}

/**
 * What `onInvocationStart` and `wrapInvocation` receive. `updatedOperations` are the operations
 * the service changed since the previous invocation (from `UpdatedOperationIds`).
 *
 * @experimental
 * @example
 * ```ts
 * onInvocationStart: async (info: InvocationInfo) => {
 *   if (info.isFirstInvocation) console.log('execution started', info.executionArn);
 * },
 * ```
 */
export interface InvocationInfo extends InvocationBaseInfo {
  isFirstInvocation: boolean;
  updatedOperations: Record<string, OperationInfo>;
}

/**
 * What `onInvocationEnd` receives: how the invocation ended, with the handler's result or error.
 *
 * @experimental
 * @example
 * ```ts
 * onInvocationEnd: async (info: InvocationEndInfo) => {
 *   await exporter.flush();
 *   console.log(info.status, info.executionError?.message);
 * },
 * ```
 */
export interface InvocationEndInfo extends InvocationBaseInfo {
  /** Beyond 2.4 (which has it on start only): whether this invocation was the execution's first. */
  isFirstInvocation: boolean;
  status: PluginInvocationStatus;
  executionResult?: unknown;
  executionError?: Error;
}

/**
 * What `onOperationChange` receives when a checkpoint response changed operation statuses.
 *
 * @experimental
 * @example
 * ```ts
 * onOperationChange: async (info: OperationChangeInfo) => {
 *   for (const op of Object.values(info.updatedOperations)) console.log(op.id, op.status);
 * },
 * ```
 */
export interface OperationChangeInfo {
  executionArn: string;
  updatedOperations: Record<string, OperationInfo>;
  operations: Record<string, OperationInfo>;
}

/**
 * Beyond 2.4: one CheckpointDurableExecution call, as `onCheckpoint` receives it.
 *
 * @experimental
 * @example
 * ```ts
 * onCheckpoint: async (info: CheckpointInfo) => latency.record(info.endTimestamp.getTime() - info.startTimestamp.getTime()),
 * ```
 */
export interface CheckpointInfo {
  executionArn: string;
  /** Operation updates the request carried (0 for a state refresh). */
  updateCount: number;
  /** UTF-8 bytes of the updates' `Payload` fields. */
  payloadBytes: number;
  /** Bytes the payload pipeline offloaded to a blob store, from the updates' envelopes. */
  offloadedBytes: number;
  startTimestamp: Date;
  endTimestamp: Date;
  /** Set when the call failed. */
  error?: Error;
}

/**
 * Where `invokeCarrier` fields go in a `context.invoke` payload that is a plain object:
 * `{ ...payload, _traceContext: { traceparent: '00-...' } }`. Other payloads are sent unchanged.
 *
 * @experimental
 * @example
 * ```ts
 * const parent = (event as Record<string, unknown>)[INVOKE_CARRIER_FIELD]; // in the invoked function
 * ```
 */
export const INVOKE_CARRIER_FIELD = '_traceContext';

/** The function a `wrap*` hook must call (once) and whose result it must return. @experimental */
export type CustomerFn = () => CustomerFnResult;
/** Result of a wrapped function (a value or a promise). @experimental */
export type CustomerFnResult = unknown;

/**
 * An instrumentation plugin: every hook is optional. `on*` hooks are awaited (all plugins
 * concurrently) before the engine moves past that point, so slow hooks lengthen the
 * invocation; errors and rejections are swallowed. `wrap*` hooks nest (the first plugin is the
 * outermost) and should call `fn` once; the engine always continues with the wrapped function's
 * own value or error, even if a plugin swallows the error, returns something else or never calls
 * `fn` (then the engine calls it). `onInvocationEnd` runs just before the response is returned:
 * flush exporters there.
 *
 * @experimental
 * @example
 * ```ts
 * const timing: DurableInstrumentationPlugin = {
 *   async onOperationAttemptStart(info) { started.set(info.id, Date.now()); },
 *   async onOperationAttemptEnd(info) { console.log(info.name, info.outcome, Date.now() - started.get(info.id)!); },
 *   enrichLogContext: () => ({ service: 'orders' }),
 * };
 * export const handler = withDurableExecution(myHandler, { plugins: [timing] });
 * ```
 */
export interface DurableInstrumentationPlugin {
  onInvocationStart?(info: InvocationInfo): Promise<void>;
  wrapInvocation?(
    info: InvocationInfo,
    fn: () => Promise<DurableExecutionInvocationOutput>,
  ): Promise<DurableExecutionInvocationOutput>;
  onInvocationEnd?(info: InvocationEndInfo): Promise<void>;
  onOperationStart?(info: OperationInfo): Promise<void>;
  wrapChildContextFn?(info: OperationInfo, fn: CustomerFn): CustomerFnResult;
  onOperationEnd?(info: OperationEndInfo): Promise<void>;
  onOperationAttemptStart?(info: AttemptInfo): Promise<void>;
  wrapOperationAttemptFn?(info: AttemptInfo, fn: CustomerFn): CustomerFnResult;
  onOperationAttemptEnd?(info: AttemptEndInfo): Promise<void>;
  onOperationChange?(info: OperationChangeInfo): Promise<void>;
  /** Beyond 2.4: after each CheckpointDurableExecution call (not awaited by the engine). */
  onCheckpoint?(info: CheckpointInfo): Promise<void>;
  /**
   * Beyond 2.4: string fields (e.g. a W3C `traceparent`) to send along with a `context.invoke`
   * payload under {@link INVOKE_CARRIER_FIELD}, called just before the invoke is started.
   */
  invokeCarrier?(info: OperationInfo): Record<string, string> | undefined;
  /** Extra fields merged into every record of the default logger. */
  enrichLogContext?(): Record<string, string | number | boolean> | undefined;
}

/**
 * The class a provider's `createPlugin` returns instances of.
 *
 * @experimental
 * @example
 * ```ts
 * class MetricsPlugin implements DurableInstrumentationPlugin {}
 * const type: DurableInstrumentationPluginType<MetricsPlugin> = MetricsPlugin;
 * ```
 */
export type DurableInstrumentationPluginType<Plugin extends DurableInstrumentationPlugin = DurableInstrumentationPlugin> = abstract new (
  ...args: never[]
) => Plugin;

/**
 * What a module listed in `DURABLE_EXECUTION_PLUGINS` exports as `durableExecutionPluginProvider`
 * (directly or on its default export). `createPlugin` is called once, when
 * `withDurableExecution` runs.
 *
 * @experimental
 * @example
 * ```ts
 * // my-plugin.mjs, loaded with DURABLE_EXECUTION_PLUGINS=./my-plugin.mjs
 * export const durableExecutionPluginProvider: DurableInstrumentationPluginProvider<MetricsPlugin> = {
 *   pluginApiVersion: DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION,
 *   pluginType: MetricsPlugin,
 *   createPlugin: () => new MetricsPlugin(),
 * };
 * ```
 */
export interface DurableInstrumentationPluginProvider<Plugin extends DurableInstrumentationPlugin = DurableInstrumentationPlugin> {
  readonly pluginApiVersion: typeof DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION;
  readonly pluginType: DurableInstrumentationPluginType<Plugin>;
  createPlugin(): Plugin;
}

/**
 * `pluginsConfig` of `withDurableExecution`.
 *
 * @experimental
 * @example
 * ```ts
 * withDurableExecution(handler, { plugins: [tracer], pluginsConfig: { childOperationsDepth: 1 } });
 * ```
 */
export interface PluginsConfig {
  /**
   * How many levels of child-context operations to keep in the state of later invocations
   * (1 = the children of top-level contexts, `Infinity` = all), by marking those contexts
   * ReplayChildren. Costs replay passes and state size. A non-negative integer or `Infinity`;
   * anything else fails the execution before the handler runs.
   */
  childOperationsDepth?: number;
}
