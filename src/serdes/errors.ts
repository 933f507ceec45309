/**
 * Errors of the payload pipeline.
 *
 * Every error says which operation it concerns (`operationId`, the raw entity id such as `"2-1"`),
 * what went wrong and how to fix it, and whether a new invocation can help:
 * - `retryable: true`, `scope: 'INVOCATION'`: a transient failure (network, 5xx, throttling); the
 *   engine throws so Lambda retries the invocation; nothing is checkpointed.
 * - `retryable: false`, `scope: 'EXECUTION'`: deterministic (oversized value, tampered or foreign
 *   ciphertext, missing blob, disabled key); retrying cannot help, so the engine fails the
 *   execution. These also carry `isUnrecoverable: true` and `isUnrecoverableExecution: true`, the
 *   flags the official SDK and this package's engine use to recognise unrecoverable errors.
 */

/** Whether a failure ends the invocation (retried by Lambda) or the whole execution. */
export type PayloadErrorScope = 'INVOCATION' | 'EXECUTION';

/** Fields shared by all payload errors. */
export interface PayloadErrorOptions {
  /** Raw operation id (`SerdesContext.entityId`), when known. */
  operationId?: string | undefined;
  /** Whether a new invocation can succeed. */
  retryable: boolean;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * Base class of every payload-pipeline error.
 *
 * @example
 * ```ts
 * try { await serdes.deserialize(data, ctx); }
 * catch (e) { if (e instanceof PayloadError && !e.retryable) console.error('permanent:', e.message); }
 * ```
 */
export class PayloadError extends Error {
  /** Raw operation id (`SerdesContext.entityId`) the payload belongs to, when known. */
  readonly operationId: string | undefined;
  /** True when a new invocation may succeed (transient failure). */
  readonly retryable: boolean;
  /** `INVOCATION` for retryable errors, `EXECUTION` for deterministic ones. */
  readonly scope: PayloadErrorScope;
  /** Set on deterministic errors: the engine must not retry them forever. */
  readonly isUnrecoverable: boolean;
  /** Set on deterministic errors: the execution fails. */
  readonly isUnrecoverableExecution: boolean;

  constructor(message: string, options: PayloadErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.operationId = options.operationId;
    this.retryable = options.retryable;
    this.scope = options.retryable ? 'INVOCATION' : 'EXECUTION';
    this.isUnrecoverable = !options.retryable;
    this.isUnrecoverableExecution = !options.retryable;
  }
}

/** Formats the operation part of a message. */
export function describeOperation(operationId: string | undefined): string {
  return operationId === undefined ? 'payload' : `payload of operation "${operationId}"`;
}

/**
 * The encoded payload is still over the checkpoint limit after the whole pipeline. Never retryable.
 *
 * @example
 * ```ts
 * if (e instanceof PayloadTooLargeError) console.log(e.sizeBytes, e.limitBytes);
 * ```
 */
export class PayloadTooLargeError extends PayloadError {
  readonly sizeBytes: number;
  readonly limitBytes: number;
  constructor(options: { operationId: string | undefined; sizeBytes: number; limitBytes: number; offloading: boolean }) {
    const fix = options.offloading
      ? 'even the offload reference is too large; shorten the blob key prefix or raise maxPayloadBytes only if the service allows it'
      : 'add an offload store so large values go to S3 or a file system: createPayloadSerdes({ offload: { store } })';
    super(
      `Cannot checkpoint the ${describeOperation(options.operationId)}: it is ${options.sizeBytes} bytes after the payload pipeline, over the ${options.limitBytes}-byte limit per operation. Fix: ${fix}.`,
      { operationId: options.operationId, retryable: false },
    );
    this.sizeBytes = options.sizeBytes;
    this.limitBytes = options.limitBytes;
  }
}

/**
 * A payload is not a valid envelope: truncated, corrupted, or written by a newer version. Never retryable.
 *
 * @example
 * ```ts
 * await serdes.deserialize('{"$dl":9}', ctx); // throws PayloadFormatError: unknown envelope version 9
 * ```
 */
export class PayloadFormatError extends PayloadError {
  constructor(message: string, options: { operationId: string | undefined; cause?: unknown }) {
    super(message, { ...options, retryable: false });
  }
}

/**
 * A value cannot be serialized (unsupported type, cycle, unregistered class). Never retryable.
 *
 * @example
 * ```ts
 * await serdes.serialize({ run: () => 1 }, ctx); // throws PayloadSerializationError: a function at $.run
 * ```
 */
export class PayloadSerializationError extends PayloadError {
  constructor(message: string, options: { operationId: string | undefined; cause?: unknown }) {
    super(message, { ...options, retryable: false });
  }
}

/**
 * An offloaded blob does not match the digest recorded in the checkpoint. Never retryable.
 *
 * @example
 * ```ts
 * if (e instanceof PayloadIntegrityError) alert(`blob of operation ${e.operationId} was modified`);
 * ```
 */
export class PayloadIntegrityError extends PayloadError {
  constructor(message: string, options: { operationId: string | undefined }) {
    super(message, { ...options, retryable: false });
  }
}

/**
 * Ciphertext failed authentication: tampered, truncated, or moved from another operation or
 * execution (the execution ARN and operation id are bound as authenticated data). Never retryable.
 *
 * @example
 * ```ts
 * await serdes.deserialize(payloadOfOperation1, { ...ctx, entityId: '2' }); // throws DecryptionFailedError
 * ```
 */
export class DecryptionFailedError extends PayloadError {
  constructor(message: string, options: { operationId: string | undefined; cause?: unknown }) {
    super(message, { ...options, retryable: false });
  }
}

/**
 * The blob an envelope refers to does not exist in the store. Never retryable.
 *
 * @example
 * ```ts
 * if (e instanceof BlobNotFoundError) console.error('lifecycle rule removed', e.key);
 * ```
 */
export class BlobNotFoundError extends PayloadError {
  readonly key: string;
  constructor(options: { operationId: string | undefined; key: string }) {
    super(
      `The offloaded ${describeOperation(options.operationId)} is missing: no blob "${options.key}" in the store. Fix: keep blobs at least as long as the execution's retention period (check lifecycle rules and the store's bucket/directory).`,
      { operationId: options.operationId, retryable: false },
    );
    this.key = options.key;
  }
}

/**
 * The blob store failed (network, 5xx, access denied). Retryable unless the store said otherwise.
 *
 * @example
 * ```ts
 * throw new BlobStoreError('EFS mount is read-only', { retryable: false });
 * ```
 */
export class BlobStoreError extends PayloadError {}

/**
 * The key provider (KMS or local) failed. Throttling, 5xx and network are retryable; key errors are not.
 *
 * @example
 * ```ts
 * if (e instanceof KeyProviderError && e.providerErrorName === 'DisabledException') enableKeyRunbook();
 * ```
 */
export class KeyProviderError extends PayloadError {
  /** Error name reported by the provider, e.g. `DisabledException`. */
  readonly providerErrorName: string | undefined;
  constructor(message: string, options: PayloadErrorOptions & { providerErrorName?: string | undefined }) {
    super(message, options);
    this.providerErrorName = options.providerErrorName;
  }
}

/**
 * Invalid pipeline options, detected when the pipeline is built. Never retryable.
 *
 * @example
 * ```ts
 * createPayloadSerdes({ compression: { algorithm: 'zstd' } }); // throws on Node 20: needs Node >= 22.15
 * ```
 */
export class PayloadConfigurationError extends PayloadError {
  constructor(message: string) {
    super(message, { retryable: false });
  }
}

/**
 * Adds the operation id to an error thrown by a port (store, key provider) that did not know it.
 * Port errors are copied, not mutated: one failed KMS request can fail several operations at once.
 */
export function withOperation(error: unknown, operationId: string): unknown {
  if (!(error instanceof PayloadError) || error.operationId !== undefined) return error;
  const message = `${error.message} (operation "${operationId}")`;
  if (error instanceof KeyProviderError) {
    return new KeyProviderError(message, { operationId, retryable: error.retryable, cause: error.cause, providerErrorName: error.providerErrorName });
  }
  if (error instanceof BlobStoreError) return new BlobStoreError(message, { operationId, retryable: error.retryable, cause: error.cause });
  Object.defineProperty(error, 'operationId', { value: operationId });
  error.message = message;
  return error;
}
