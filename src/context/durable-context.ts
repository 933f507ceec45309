/**
 * The DurableContext implementation: owns a context's id counter and mode, parses the public
 * overloads and hands each call to its operation module.
 */
import type {
  BatchResult,
  MapConfig,
  MapFunc,
  ParallelConfig,
} from '../batch-types.js';
import { activeScope, runInScope } from '../engine/context-tracker.js';
import type { ActiveScope } from '../engine/context-tracker.js';
import { DurablePromise } from '../engine/durable-promise.js';
import { childOperationId, hashOperationId } from '../engine/ids.js';
import type { Invocation } from '../engine/invocation.js';
import { decideMode, DurableExecutionMode } from '../engine/modes.js';
import type { DurableLogger } from '../logger/types.js';
import { runChildContext } from '../operations/child-context.js';
import { createCallbackOperation } from '../operations/create-callback.js';
import { invokeOperation } from '../operations/invoke.js';
import { mapOperation } from '../operations/map.js';
import type { OperationKind } from '../operations/operation-handle.js';
import { OperationHandle } from '../operations/operation-handle.js';
import { parallelOperation } from '../operations/parallel.js';
import type { ParallelBranch } from '../operations/parallel.js';
import { createPromiseCombinators } from '../operations/promise-combinators.js';
import { stepOperation } from '../operations/step.js';
import { waitForCallbackOperation } from '../operations/wait-for-callback.js';
import { waitForConditionOperation } from '../operations/wait-for-condition.js';
import { waitOperation } from '../operations/wait.js';
import type { Duration } from '../retry/duration.js';
import { defaultSerdes, passThroughDeserializer } from '../serdes/serdes.js';
import type {
  AnySerdes,
  AnySerdesDeserializer,
  ChildConfig,
  ChildFunc,
  CreateCallbackConfig,
  CreateCallbackResult,
  DurableContext,
  DurableContextLogger,
  InvokeConfig,
  LambdaContext,
  LoggerConfig,
  SerdesConfig,
  StepConfig,
  StepFunc,
  WaitForCallbackConfig,
  WaitForCallbackSubmitterFunc,
  WaitForConditionCheckFunc,
  WaitForConditionConfig,
} from '../types.js';
import { createContextLogger } from './context-logger.js';
import type { LoggerSettings } from './context-logger.js';

/** Pass-through callback deserializer: the raw string the external system sent. */

/** Per-context settings, copied into child contexts when they are created. */
export interface ContextSettings {
  serdes: { defaultSerdes: AnySerdes; defaultCallbackDeserializer: AnySerdesDeserializer };
  logging: LoggerSettings;
}

/** Settings of a root context. */
export function initialSettings(logger: DurableLogger): ContextSettings {
  return {
    serdes: { defaultSerdes, defaultCallbackDeserializer: passThroughDeserializer },
    logging: { logger, modeAware: true },
  };
}

/** Splits `(name?, ...rest)` overloads: a leading string or undefined is the name. */
function splitName<R extends unknown[]>(args: unknown[]): [string | undefined, ...R] {
  if (typeof args[0] === 'string' || args[0] === undefined) return args as [string | undefined, ...R];
  return [undefined, ...args] as [string | undefined, ...R];
}

/** The context handed to handlers and child functions. */
export class DurableContextImpl<TLogger extends DurableLogger = DurableLogger> implements DurableContext<TLogger> {
  readonly logger: DurableContextLogger<TLogger>;
  readonly executionContext: { readonly durableExecutionArn: string };
  readonly promise: DurableContext<TLogger>['promise'];
  /** `"root"` or the raw id of the child context. */
  readonly contextId: string;
  /** Prefix of this context's operation ids (its own raw id; undefined at the root). */
  readonly stepPrefix: string | undefined;
  /** Raw id operations of this context write as ParentId (skips virtual contexts). */
  readonly parentRawIdForChildren: string | undefined;
  /** Replay/execution mode (§5.2). */
  mode: DurableExecutionMode;
  /** Name of the child context, which its log lines carry as `operationName` like the official logger's. */
  readonly operationName: string | undefined;
  private counter = 0;

  constructor(
    readonly invocation: Invocation,
    readonly lambdaContext: LambdaContext,
    readonly settings: ContextSettings,
    options: { rawId?: string; parentRawIdForChildren?: string; mode: DurableExecutionMode; operationName?: string },
  ) {
    this.contextId = options.rawId ?? 'root';
    this.operationName = options.operationName;
    this.stepPrefix = options.rawId;
    this.parentRawIdForChildren = options.parentRawIdForChildren;
    this.mode = options.mode;
    this.executionContext = { durableExecutionArn: invocation.durableExecutionArn };
    this.logger = createContextLogger<TLogger>({
      settings: () => this.settings.logging,
      ownMode: () => this.mode,
      filtered: true,
    });
    this.promise = createPromiseCombinators(this);
  }

  /** The async-local scope of code running in this context. */
  scope(): ActiveScope {
    return { contextId: this.contextId, mode: () => this.mode, operationName: this.operationName };
  }

  /** Runs `fn` as code of this context (for context-misuse detection and logging). */
  runAsContext<T>(fn: () => T): T {
    return runInScope(this.scope(), fn);
  }

  /**
   * Starts a durable call: checks the active context (§4.6), applies mode management (§5.2)
   * and allocates the next id. `undefined` means the call must not run (the invocation is
   * ending or the call belongs to a re-executed succeeded context); return a parked promise.
   */
  beginOperation(apiName: string, name: string | undefined, kind: OperationKind): OperationHandle | undefined {
    const { tracker, state } = this.invocation;
    const scope = activeScope();
    if (scope && scope.contextId !== this.contextId) {
      tracker.terminate({
        kind: 'fail',
        reason: 'CONTEXT_VALIDATION_ERROR',
        error: new Error(
          // The official wording first (tests match on it; the root context's id reads "undefined" there), our detail after.
          `Context usage error in "${apiName}": You are using a parent or sibling context instead of the current child context. ` +
            `Expected context ID: "${scope.contextId}", but got: "${this.contextId === 'root' ? 'undefined' : this.contextId}". ` +
            'When inside runInChildContext(), you must use the child context parameter, not the parent context. ' +
            `(The call was made on context "${this.contextId}" while code of "${scope.contextId}" is running; durable operations cannot be called inside a step either.)`,
        ),
      });
      return undefined;
    }
    if (tracker.terminated || this.invocation.ended) return undefined;
    const rawId = childOperationId(this.stepPrefix, this.counter + 1);
    const wireId = hashOperationId(rawId);
    const probe = this.invocation.replayProbe;
    if (probe !== undefined && !probe.operation({ rawId, wireId, apiName, type: kind.type, subType: kind.subType, name, record: state.get(wireId) })) {
      tracker.terminate({ kind: 'fail', reason: 'NON_DETERMINISM', error: new Error('Stopped by the replay gate') });
      return undefined;
    }
    const decision = decideMode({ mode: this.mode, nextRawId: rawId, state, nextWireId: wireId });
    if (decision.blocked) return undefined;
    this.counter += 1;
    this.mode = decision.afterCreate ?? decision.mode;
    return new OperationHandle(this.invocation, rawId, this.parentRawIdForChildren, name, kind, wireId);
  }

  /**
   * Consumes the next id without creating an operation (map/parallel replay of a summarised
   * batch skips items that never finished). Returns the raw id that was skipped.
   */
  skipOperationId(): string {
    this.counter += 1;
    return childOperationId(this.stepPrefix, this.counter);
  }

  /** Raw id the next operation of this context will get (without consuming it). */
  peekOperationId(): string {
    return childOperationId(this.stepPrefix, this.counter + 1);
  }

  /**
   * Called by wait, callback and invoke after they observed a completion: leaves replay mode
   * when the next operation has no record yet (so live code after the last replayed call logs).
   */
  refreshReplayMode(): void {
    if (this.mode !== DurableExecutionMode.ReplayMode) return;
    const next = childOperationId(this.stepPrefix, this.counter + 1);
    const decision = decideMode({ mode: this.mode, nextRawId: next, state: this.invocation.state });
    if (decision.mode === DurableExecutionMode.ExecutionMode) this.mode = decision.mode;
  }

  /** Creates the context a child function runs in (virtual: no CONTEXT record, §4.2). */
  createChildContext(options: { rawId: string; virtual: boolean; mode: DurableExecutionMode; name?: string }): DurableContextImpl<TLogger> {
    const settings: ContextSettings = {
      serdes: { ...this.settings.serdes },
      logging: { ...this.settings.logging },
    };
    return new DurableContextImpl<TLogger>(this.invocation, this.lambdaContext, settings, {
      rawId: options.rawId,
      parentRawIdForChildren: options.virtual ? this.parentRawIdForChildren : options.rawId,
      mode: options.mode,
      ...(options.name !== undefined ? { operationName: options.name } : {}),
    });
  }

  /** Unfiltered logger for step functions and condition checks. */
  operationLogger(): DurableContextLogger<TLogger> {
    return createContextLogger<TLogger>({ settings: () => this.settings.logging, ownMode: () => this.mode, filtered: false });
  }

  step<TOutput>(...args: unknown[]): DurablePromise<TOutput> {
    const [name, fn, config] = splitName<[StepFunc<TOutput, TLogger>, StepConfig<TOutput>?]>(args);
    return stepOperation(this, { name, fn, config });
  }

  invoke<TInput, TOutput>(...args: unknown[]): DurablePromise<TOutput> {
    const named = typeof args[1] === 'string';
    const [name, funcId, input, config] = (named ? args : [undefined, ...args]) as [
      string | undefined,
      string,
      TInput | undefined,
      InvokeConfig<TInput, TOutput> | undefined,
    ];
    return invokeOperation(this, { name, funcId, input, config });
  }

  runInChildContext<TOutput>(...args: unknown[]): DurablePromise<TOutput> {
    const [name, fn, config] = splitName<[ChildFunc<TOutput, TLogger>, ChildConfig<TOutput>?]>(args);
    return runChildContext(this, { name, fn, config, officialReplayTurns: true });
  }

  wait(...args: unknown[]): DurablePromise<void> {
    const [name, duration] = splitName<[Duration]>(args);
    return waitOperation(this, { name, duration });
  }

  waitForCondition<TOutput>(...args: unknown[]): DurablePromise<TOutput> {
    const [name, check, config] = splitName<[WaitForConditionCheckFunc<TOutput, TLogger>, WaitForConditionConfig<TOutput>]>(args);
    return waitForConditionOperation(this, { name, check, config });
  }

  createCallback<TOutput = string>(...args: unknown[]): DurablePromise<CreateCallbackResult<TOutput>> {
    const named = typeof args[0] === 'string' || (args.length >= 2 && args[0] === undefined);
    const [name, config] = (named ? args : [undefined, ...args]) as [string | undefined, CreateCallbackConfig<TOutput>?];
    return createCallbackOperation(this, { name, config });
  }

  waitForCallback<TOutput = string>(
    ...args: [string | undefined, WaitForCallbackSubmitterFunc<TLogger>, WaitForCallbackConfig<TOutput>?] | [WaitForCallbackSubmitterFunc<TLogger>, WaitForCallbackConfig<TOutput>?]
  ): DurablePromise<TOutput> {
    return waitForCallbackOperation<TOutput, TLogger>(this, args);
  }

  map<TInput, TOutput>(
    ...args:
      | [string | undefined, TInput[], MapFunc<TInput, TOutput, TLogger>, MapConfig<TInput, TOutput>?]
      | [TInput[], MapFunc<TInput, TOutput, TLogger>, MapConfig<TInput, TOutput>?]
  ): DurablePromise<BatchResult<TOutput>> {
    const [name, items, fn, config] = splitName<[TInput[], MapFunc<TInput, TOutput, TLogger>, MapConfig<TInput, TOutput>?]>(args);
    return mapOperation(this, { name, items, fn, config });
  }

  parallel<TOutput>(...args: unknown[]): DurablePromise<BatchResult<TOutput>> {
    const [name, branches, config] = splitName<[ParallelBranch<TOutput, TLogger>[], ParallelConfig<TOutput>?]>(args);
    return parallelOperation(this, { name, branches, config });
  }

  configureLogger(config: LoggerConfig<TLogger>): void {
    if (config.customLogger !== undefined) {
      config.customLogger.configureDurableLoggingContext?.({ getDurableLogData: this.invocation.getDurableLogData });
      this.settings.logging.logger = config.customLogger;
    }
    if (config.modeAware !== undefined) this.settings.logging.modeAware = config.modeAware;
  }

  configureSerdes(config: SerdesConfig): void {
    if (config.defaultSerdes !== undefined) this.settings.serdes.defaultSerdes = config.defaultSerdes;
    if (config.defaultCallbackDeserializer !== undefined) {
      this.settings.serdes.defaultCallbackDeserializer = config.defaultCallbackDeserializer;
    }
  }
}

