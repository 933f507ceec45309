/**
 * Every error class of the SDK, and the single converter between thrown values and the wire
 * `ErrorObject`.
 *
 * Class names and `errorType` strings equal the official SDK's, so the `ErrorType` written to
 * the checkpoint log is the same whichever SDK wrote it, and replays across SDKs agree.
 */
import type { ErrorObject } from './protocol.js';

/** Fallback message when a thrown value carries none (official SDK wording). */
const UNKNOWN_ERROR_MESSAGE = 'Unknown error';
/** How deep `toErrorObject` looks through `cause` for `errorData`. */
const MAX_CAUSE_DEPTH = 10;

/**
 * Why a map/parallel batch finished.
 *
 * @example
 * ```ts
 * const reason: CompletionReason = 'MIN_SUCCESSFUL_REACHED';
 * ```
 */
export type CompletionReason =
  | 'ALL_COMPLETED'
  | 'MIN_SUCCESSFUL_REACHED'
  | 'FAILURE_TOLERANCE_EXCEEDED'
  | 'CUSTOM_COMPLETION_SUCCEEDED'
  | 'CUSTOM_COMPLETION_FAILED';

/**
 * Base of every error a durable operation surfaces to user code. Survives replay: it is written
 * as an `ErrorObject` and rebuilt with {@link DurableOperationError.fromErrorObject}.
 *
 * @example
 * ```ts
 * try {
 *   await context.step('charge', charge);
 * } catch (e) {
 *   if (e instanceof DurableOperationError) console.log(e.errorType, e.cause?.name);
 * }
 * ```
 */
export abstract class DurableOperationError extends Error {
  /** The `ErrorType` written to the wire. */
  abstract readonly errorType: string;
  /** The error that caused this one; after replay a plain `Error` named after the original type. */
  override cause?: Error;
  /** Opaque data attached to the failure (for example a callback's `ErrorData`). */
  errorData?: string;
  /** Stack trace lines from the wire; the SDK never writes them, so usually undefined. */
  stackTrace?: string[];

  constructor(message: string, cause?: Error, errorData?: string) {
    super(message);
    // User subclasses get their class name; the SDK's classes set theirs explicitly (minifier-proof).
    this.name = new.target.name;
    this.cause = cause;
    this.errorData = errorData;
  }

  /**
   * Rebuilds an error from its wire form: known types get their class back, anything else
   * becomes a {@link StepError}.
   *
   * @example
   * ```ts
   * const e = DurableOperationError.fromErrorObject({ ErrorType: 'TypeError', ErrorMessage: 'x' });
   * // e instanceof StepError, e.cause.name === 'TypeError'
   * ```
   */
  static fromErrorObject(errorObject: ErrorObject): DurableOperationError {
    return errorFromErrorObject(errorObject);
  }

  /**
   * The wire form. Without own `errorData`, the first string `errorData` found along the
   * `cause` chain (up to 10 levels) is used, so data survives child-context boundaries.
   *
   * @example
   * ```ts
   * new StepError('boom').toErrorObject(); // { ErrorType: 'StepError', ErrorMessage: 'boom' }
   * ```
   */
  toErrorObject(): ErrorObject {
    let errorData = this.errorData;
    let node: unknown = this.cause;
    for (let depth = 0; errorData === undefined && depth < MAX_CAUSE_DEPTH && node; depth++) {
      if (node instanceof DurableOperationError && typeof node.errorData === 'string') {
        errorData = node.errorData;
      }
      node = node instanceof Error ? node.cause : undefined;
    }
    return { ErrorType: this.errorType, ErrorMessage: this.message, ErrorData: errorData, StackTrace: undefined };
  }
}

/**
 * A step failed (after its retries), or a user error of any other type was rebuilt from the log.
 *
 * @example
 * ```ts
 * throw new StepError('payment declined', new Error('card expired'));
 * ```
 */
export class StepError extends DurableOperationError {
  readonly errorType = 'StepError';
  override name = 'StepError';
  constructor(message?: string, cause?: Error, errorData?: string) {
    super(message || 'Step failed', cause, errorData);
  }
}

/**
 * Base of every callback failure; catch it to handle all of them.
 *
 * @example
 * ```ts
 * try { await promise; } catch (e) { if (e instanceof CallbackError) retryLater(); }
 * ```
 */
export class CallbackError extends DurableOperationError {
  readonly errorType: string = 'CallbackError';
  override name = 'CallbackError';
  constructor(message?: string, cause?: Error, errorData?: string) {
    super(message || 'Callback failed', cause, errorData);
  }
}

/**
 * The external system completed the callback with a failure.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof CallbackExternalError) console.log(e.errorData); }
 * ```
 */
export class CallbackExternalError extends CallbackError {
  override readonly errorType = 'CallbackExternalError';
  override name = 'CallbackExternalError';
  constructor(message?: string, cause?: Error, errorData?: string) {
    super(message || 'Callback failed', cause, errorData);
  }
}

/**
 * The callback (or its heartbeat) timed out.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof CallbackTimeoutError) escalate(); }
 * ```
 */
export class CallbackTimeoutError extends CallbackError {
  override readonly errorType = 'CallbackTimeoutError';
  override name = 'CallbackTimeoutError';
  constructor(message?: string, cause?: Error, errorData?: string) {
    super(message || 'Callback timed out', cause, errorData);
  }
}

/**
 * The submitter function of `waitForCallback` failed.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof CallbackSubmitterError) console.log(e.cause?.message); }
 * ```
 */
export class CallbackSubmitterError extends CallbackError {
  override readonly errorType = 'CallbackSubmitterError';
  override name = 'CallbackSubmitterError';
  constructor(message?: string, cause?: Error, errorData?: string) {
    super(message || 'Callback submitter failed', cause, errorData);
  }
}

/**
 * A chained invoke failed, timed out or was stopped.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof InvokeError) console.log(e.message); }
 * ```
 */
export class InvokeError extends DurableOperationError {
  readonly errorType = 'InvokeError';
  override name = 'InvokeError';
  constructor(message?: string, cause?: Error, errorData?: string) {
    super(message || 'Invoke failed', cause, errorData);
  }
}

/**
 * A child context failed.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof ChildContextError) console.log(e.cause?.name); }
 * ```
 */
export class ChildContextError extends DurableOperationError {
  readonly errorType = 'ChildContextError';
  override name = 'ChildContextError';
  constructor(message?: string, cause?: Error, errorData?: string) {
    super(message || 'Child context failed', cause, errorData);
  }
}

/**
 * A `waitForCondition` check or its wait strategy failed.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof WaitForConditionError) giveUp(); }
 * ```
 */
export class WaitForConditionError extends DurableOperationError {
  readonly errorType = 'WaitForConditionError';
  override name = 'WaitForConditionError';
  constructor(message?: string, cause?: Error, errorData?: string) {
    super(message || 'Wait for condition failed', cause, errorData);
  }
}

/**
 * A `context.promise.*` combinator failed.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof PromiseCombinatorError) console.log(e.message); }
 * ```
 */
export class PromiseCombinatorError extends DurableOperationError {
  readonly errorType = 'PromiseCombinatorError';
  override name = 'PromiseCombinatorError';
  constructor(message?: string, cause?: Error, errorData?: string) {
    super(message || 'Promise combinator failed', cause, errorData);
  }
}

/**
 * Thrown by `BatchResult.throwIfError` when a custom completion rule judged the batch failed.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof BatchCompletionError) console.log(e.completionReason); }
 * ```
 */
export class BatchCompletionError extends DurableOperationError {
  readonly errorType = 'BatchCompletionError';
  override name = 'BatchCompletionError';
  /** The completion reason that made the batch count as failed. */
  readonly completionReason: CompletionReason;
  constructor(completionReason: CompletionReason, message?: string, cause?: Error, errorData?: string) {
    super(message || `Batch completed as failed by shouldComplete (${completionReason})`, cause, errorData);
    this.completionReason = completionReason;
  }
}

/**
 * Handed to retry strategies when an at-most-once step was started but never finished
 * (the process died mid-attempt). Never thrown to user code directly.
 *
 * @example
 * ```ts
 * const strategy = (e: Error, n: number) => ({ shouldRetry: !(e instanceof StepInterruptedError) && n < 3 });
 * ```
 */
export class StepInterruptedError extends Error {
  constructor(_stepId?: string, _stepName?: string) {
    super('The step execution process was initiated but failed to reach completion due to an interruption.');
    this.name = 'StepInterruptedError';
  }
}

/** Why a step attempt ran out of time: its own `timeout`, or the invocation's deadline. */
export type StepTimeoutReason = 'step timeout' | 'invocation deadline';

/**
 * A step attempt (or a `waitForCondition` check, or a `waitForCallback` submitter) ran out of
 * time: its `timeout` passed, or the invocation's deadline came near while it ran. Its
 * `stepContext.signal` was aborted with this error as the reason. The retry strategy sees it
 * like any other error, and it is recorded as the attempt's error (`ErrorType: 'StepTimeoutError'`).
 *
 * @example
 * ```ts
 * const strategy = (e: Error, n: number) => ({ shouldRetry: e instanceof StepTimeoutError && n < 3, delay: { seconds: 5 } });
 * ```
 */
export class StepTimeoutError extends Error {
  /** The time the attempt was allowed, in milliseconds (for the deadline: what was left of the invocation). */
  readonly limitMs: number;
  /** How long the attempt had run when it was stopped, in milliseconds. */
  readonly elapsedMs: number;
  readonly reason: StepTimeoutReason;

  constructor(options: { limitMs: number; elapsedMs: number; reason: StepTimeoutReason; operation?: string }) {
    const what = options.operation ?? 'Step';
    super(
      options.reason === 'step timeout'
        ? `${what} timed out: the attempt ran ${options.elapsedMs} ms (timeout ${options.limitMs} ms).`
        : `${what} stopped at the invocation deadline: the attempt ran ${options.elapsedMs} ms and the invocation had ${options.limitMs} ms left before its safety margin.`,
    );
    this.name = 'StepTimeoutError';
    this.limitMs = options.limitMs;
    this.elapsedMs = options.elapsedMs;
    this.reason = options.reason;
  }
}

export {
  UnrecoverableError,
  UnrecoverableExecutionError,
  UnrecoverableInvocationError,
  CheckpointUnrecoverableInvocationError,
  CheckpointUnrecoverableExecutionError,
  SerdesFailedError,
  NonDeterministicExecutionError,
  isUnrecoverableError,
  isUnrecoverableExecutionError,
  isUnrecoverableInvocationError,
  DurableExecutionClientErrorScope,
  DurableExecutionClientError,
  isDurableExecutionClientError,
  PluginLoadError,
} from './control-errors.js';
export type { DurableExecutionClientErrorOptions } from './control-errors.js';

// --- The converter -------------------------------------------------------------------------

function isErrorLike(value: unknown): value is { name: unknown; message: unknown } {
  return value instanceof Error || (typeof value === 'object' && value !== null && 'message' in value && 'name' in value);
}

/**
 * The one way a thrown value becomes a wire `ErrorObject`: durable errors keep their type and
 * data, other error-likes give `name`/`message`, anything else is `'Unknown error'`. Stack traces
 * are never written.
 *
 * @example
 * ```ts
 * errorToErrorObject(new TypeError('x')); // { ErrorType: 'TypeError', ErrorMessage: 'x' }
 * errorToErrorObject(42);                 // { ErrorMessage: 'Unknown error' }
 * ```
 */
export function errorToErrorObject(thrown: unknown): ErrorObject {
  if (thrown instanceof DurableOperationError) return thrown.toErrorObject();
  if (isErrorLike(thrown)) {
    return { ErrorType: String(thrown.name), ErrorMessage: String(thrown.message), StackTrace: undefined };
  }
  return { ErrorMessage: UNKNOWN_ERROR_MESSAGE };
}

type DurableErrorConstructor = new (message?: string, cause?: Error, errorData?: string) => DurableOperationError;

/** Types rebuilt as themselves; everything else becomes a StepError. */
const RECONSTRUCTABLE: Readonly<Record<string, DurableErrorConstructor>> = {
  StepError,
  CallbackError,
  CallbackExternalError,
  CallbackTimeoutError,
  CallbackSubmitterError,
  InvokeError,
  ChildContextError,
  WaitForConditionError,
  PromiseCombinatorError,
};

/**
 * The one way a wire `ErrorObject` becomes an error again. The result's `cause` is a plain
 * `Error` whose `name` is the original `ErrorType`, so a `TypeError` thrown in a step surfaces as
 * a `StepError` with `cause.name === 'TypeError'`, on the first run and on replay alike.
 *
 * @example
 * ```ts
 * const e = errorFromErrorObject({ ErrorType: 'TypeError', ErrorMessage: 'x' });
 * e instanceof StepError; // true
 * e.cause?.name;          // 'TypeError'
 * ```
 */
export function errorFromErrorObject(obj: ErrorObject | undefined): DurableOperationError {
  const errorType = obj?.ErrorType;
  const message = obj?.ErrorMessage;
  const cause = new Error(message);
  cause.name = errorType || 'Error';
  // The wire carries no stack: keep the local one out so first run and replay look the same.
  cause.stack = obj?.StackTrace?.join('\n');
  const Known = errorType !== undefined && Object.hasOwn(RECONSTRUCTABLE, errorType) ? RECONSTRUCTABLE[errorType] : undefined;
  const error = Known ? new Known(message, cause, obj?.ErrorData) : new StepError(message || UNKNOWN_ERROR_MESSAGE, cause, obj?.ErrorData);
  if (obj?.StackTrace) error.stackTrace = [...obj.StackTrace];
  return error;
}
