/**
 * Control errors of the SDK: the unrecoverable conditions that end an invocation or an
 * execution (never retried), a custom transport's classified failures, and plugin loading.
 * Re-exported by `errors.ts`, which holds the operation errors and the wire converter.
 */
// --- Unrecoverable (control) errors: end the invocation or the execution, never retried. ---

/**
 * Base of fatal SDK conditions. Thrown inside a step it is not retried: the SDK terminates.
 *
 * @example
 * ```ts
 * if (isUnrecoverableError(e)) throw e; // let the SDK terminate
 * ```
 */
export abstract class UnrecoverableError extends Error {
  /** Marker checked structurally by {@link isUnrecoverableError}. */
  readonly isUnrecoverable = true;
  /** The engine's termination reason, e.g. `'CHECKPOINT_FAILED'`. */
  abstract readonly terminationReason: string;
  readonly originalError?: Error;
  constructor(message: string, originalError?: Error) {
    super(message);
    this.originalError = originalError;
    if (originalError?.stack) this.stack = `${this.stack}\nCaused by: ${originalError.stack}`;
  }
}

/**
 * The whole execution cannot continue: it ends FAILED.
 *
 * @example
 * ```ts
 * class PolicyViolation extends UnrecoverableExecutionError { readonly terminationReason = 'CUSTOM'; }
 * ```
 */
export abstract class UnrecoverableExecutionError extends UnrecoverableError {
  readonly isUnrecoverableExecution = true;
  constructor(message: string, originalError?: Error) {
    super(`[Unrecoverable Execution] ${message}`, originalError);
  }
}

/**
 * This invocation cannot continue; the service retries the execution in a new invocation.
 *
 * @example
 * ```ts
 * class Overloaded extends UnrecoverableInvocationError { readonly terminationReason = 'CUSTOM'; }
 * ```
 */
export abstract class UnrecoverableInvocationError extends UnrecoverableError {
  readonly isUnrecoverableInvocation = true;
  constructor(message: string, originalError?: Error) {
    super(`[Unrecoverable Invocation] ${message}`, originalError);
  }
}

/**
 * A checkpoint failed in a way a new invocation may fix (throttling, 5xx, stale token).
 *
 * @example
 * ```ts
 * throw new CheckpointUnrecoverableInvocationError('Checkpoint throttled', cause);
 * ```
 */
export class CheckpointUnrecoverableInvocationError extends UnrecoverableInvocationError {
  readonly terminationReason = 'CHECKPOINT_FAILED';
  override name = 'CheckpointUnrecoverableInvocationError';
  constructor(message?: string, originalError?: Error) {
    super(message || 'Checkpoint operation failed', originalError);
  }
}

/**
 * A checkpoint was rejected for good (a 4xx other than an invalid token): the execution fails.
 *
 * @example
 * ```ts
 * throw new CheckpointUnrecoverableExecutionError('Checkpoint rejected', cause);
 * ```
 */
export class CheckpointUnrecoverableExecutionError extends UnrecoverableExecutionError {
  readonly terminationReason = 'CHECKPOINT_FAILED';
  override name = 'CheckpointUnrecoverableExecutionError';
  constructor(message?: string, originalError?: Error) {
    super(message || 'Checkpoint operation failed', originalError);
  }
}

/**
 * A serdes threw: the invocation ends so the service retries it.
 *
 * @example
 * ```ts
 * throw new SerdesFailedError('Serialization failed for step "load" (1): cycle', cause);
 * ```
 */
export class SerdesFailedError extends UnrecoverableInvocationError {
  readonly terminationReason = 'SERDES_FAILED';
  override name = 'SerdesFailedError';
  constructor(message?: string, originalError?: Error) {
    super(message || 'Serdes operation failed', originalError);
  }
}

/**
 * Replay met a different operation than the log recorded: the execution fails.
 *
 * @example
 * ```ts
 * throw new NonDeterministicExecutionError('Operation type mismatch for step "1"');
 * ```
 */
export class NonDeterministicExecutionError extends UnrecoverableExecutionError {
  readonly terminationReason = 'NON_DETERMINISM';
  override name = 'NonDeterministicExecutionError';
  constructor(message: string) {
    super(message);
  }
}

/**
 * True for any {@link UnrecoverableError}, matched by its marker so copies of the class from
 * another bundle count too.
 *
 * @example
 * ```ts
 * isUnrecoverableError(new SerdesFailedError()); // true
 * ```
 */
export function isUnrecoverableError(error: unknown): error is UnrecoverableError {
  return error instanceof Error && (error as Partial<UnrecoverableError>).isUnrecoverable === true;
}

/**
 * True for an {@link UnrecoverableExecutionError} (the execution must fail).
 *
 * @example
 * ```ts
 * isUnrecoverableExecutionError(new NonDeterministicExecutionError('x')); // true
 * ```
 */
export function isUnrecoverableExecutionError(error: unknown): error is UnrecoverableExecutionError {
  return error instanceof Error && (error as Partial<UnrecoverableExecutionError>).isUnrecoverableExecution === true;
}

/**
 * True for an {@link UnrecoverableInvocationError} (the invocation must end with an error).
 *
 * @example
 * ```ts
 * isUnrecoverableInvocationError(new SerdesFailedError()); // true
 * ```
 */
export function isUnrecoverableInvocationError(error: unknown): error is UnrecoverableInvocationError {
  return error instanceof Error && (error as Partial<UnrecoverableInvocationError>).isUnrecoverableInvocation === true;
}

// --- Transport and plugin errors ------------------------------------------------------------

/**
 * How far a custom transport's failure reaches.
 *
 * @example
 * ```ts
 * throw new DurableExecutionClientError('bad request', { scope: DurableExecutionClientErrorScope.EXECUTION });
 * ```
 */
export const DurableExecutionClientErrorScope = {
  /** Retry in a new invocation (the default). */
  INVOCATION: 'INVOCATION',
  /** The execution cannot continue: it fails. */
  EXECUTION: 'EXECUTION',
} as const;
/** `'INVOCATION' | 'EXECUTION'`. */
export type DurableExecutionClientErrorScope =
  (typeof DurableExecutionClientErrorScope)[keyof typeof DurableExecutionClientErrorScope];

/**
 * Options of {@link DurableExecutionClientError}.
 *
 * @example
 * ```ts
 * const options: DurableExecutionClientErrorOptions = { scope: 'EXECUTION', cause: httpError };
 * ```
 */
export interface DurableExecutionClientErrorOptions {
  /** Defaults to `'INVOCATION'`. */
  scope?: DurableExecutionClientErrorScope;
  cause?: unknown;
}

/**
 * Thrown by a custom `DurableExecutionClient` to tell the SDK how to classify a failure.
 *
 * @example
 * ```ts
 * if (res.status >= 400) {
 *   throw new DurableExecutionClientError(`HTTP ${res.status}`, {
 *     scope: res.status < 500 ? 'EXECUTION' : 'INVOCATION',
 *   });
 * }
 * ```
 */
export class DurableExecutionClientError extends Error {
  /** Structural marker: recognised even when the transport bundles its own copy of this class. */
  readonly isDurableExecutionClientError = true;
  readonly scope: DurableExecutionClientErrorScope;
  constructor(message: string, options?: DurableExecutionClientErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DurableExecutionClientError';
    this.scope = options?.scope ?? DurableExecutionClientErrorScope.INVOCATION;
  }
}

/**
 * Structural check for {@link DurableExecutionClientError}; an unknown `scope` does not match.
 *
 * @example
 * ```ts
 * isDurableExecutionClientError(new DurableExecutionClientError('x')); // true
 * ```
 */
export function isDurableExecutionClientError(error: unknown): error is DurableExecutionClientError {
  if (!(error instanceof Error)) return false;
  const candidate = error as Partial<DurableExecutionClientError>;
  return (
    candidate.isDurableExecutionClientError === true &&
    (candidate.scope === DurableExecutionClientErrorScope.INVOCATION ||
      candidate.scope === DurableExecutionClientErrorScope.EXECUTION)
  );
}

/**
 * An instrumentation plugin named in the environment could not be loaded.
 *
 * @example
 * ```ts
 * throw new PluginLoadError("module 'my-plugin' not found", { cause });
 * ```
 */
export class PluginLoadError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(`Dynamic plugin configuration failed: ${message}`, options);
    this.name = 'PluginLoadError';
  }
}
