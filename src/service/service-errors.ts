/**
 * Errors the local durable-execution service raises, shaped like the AWS SDK's service
 * exceptions (`name`, `message`, `$metadata.httpStatusCode`, `$fault`) so that SDKs classify
 * them exactly as they classify errors from the real Lambda API.
 *
 * @example
 * try { service.sendCallbackSuccess(id); } catch (e) {
 *   if (e instanceof DurableServiceError && e.name === 'CallbackTimeoutException') { ... }
 * }
 */
export class DurableServiceError extends Error {
  /** HTTP status the real service answers with. */
  readonly statusCode: number;
  /** Same metadata the AWS SDK attaches to service exceptions. */
  readonly $metadata: { httpStatusCode: number };
  readonly $fault: 'client' | 'server';

  constructor(name: string, message: string, statusCode: number) {
    super(message);
    this.name = name;
    this.statusCode = statusCode;
    this.$metadata = { httpStatusCode: statusCode };
    this.$fault = statusCode >= 500 ? 'server' : 'client';
  }
}

/** `InvalidParameterValueException` (HTTP 400) with the given message. */
export const invalidParameter = (message: string): DurableServiceError =>
  new DurableServiceError('InvalidParameterValueException', message, 400);

/** `ResourceNotFoundException` (HTTP 404). */
export const resourceNotFound = (message: string): DurableServiceError =>
  new DurableServiceError('ResourceNotFoundException', message, 404);

/** `CallbackTimeoutException` (HTTP 400): the callback expired or is already closed. */
export const callbackClosed = (callbackId: string): DurableServiceError =>
  new DurableServiceError(
    'CallbackTimeoutException',
    `Callback ${callbackId} expired or already closed`,
    400,
  );

/**
 * The message starts with "Invalid Checkpoint Token" because that prefix is what SDKs use to
 * treat the failure as an invocation-level (retryable) fault rather than failing the execution.
 */
export const staleCheckpointToken = (): DurableServiceError =>
  invalidParameter('Invalid Checkpoint Token: the token is stale or belongs to another invocation.');
