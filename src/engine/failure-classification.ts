/**
 * Classification of a failed checkpoint or state call (§5.6): does the service retry the
 * invocation (invocation-level), or is the execution beyond repair (execution-level, FAILED)?
 */
import {
  CheckpointUnrecoverableExecutionError,
  CheckpointUnrecoverableInvocationError,
  isDurableExecutionClientError,
} from '../errors.js';

/** Level at which a transport failure is handled. */
export type FailureScope = 'INVOCATION' | 'EXECUTION';

const KMS_ERROR_NAMES: ReadonlySet<string> = new Set([
  'KMSAccessDeniedException',
  'KMSDisabledException',
  'KMSInvalidStateException',
  'KMSNotFoundException',
]);

function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const candidate = error as { $metadata?: { httpStatusCode?: unknown }; statusCode?: unknown; $response?: { statusCode?: unknown } };
  const status = candidate.$metadata?.httpStatusCode ?? candidate.statusCode ?? candidate.$response?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

function stringField(error: unknown, key: 'name' | 'message'): string {
  if (typeof error !== 'object' || error === null) return '';
  const value = (error as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : '';
}

/** Scope of a transport failure, by the rules of §5.6. */
export function classifyTransportFailure(error: unknown): FailureScope {
  if (isDurableExecutionClientError(error)) return error.scope === 'EXECUTION' ? 'EXECUTION' : 'INVOCATION';
  const name = stringField(error, 'name');
  if (KMS_ERROR_NAMES.has(name)) return 'EXECUTION';
  const status = httpStatusOf(error);
  if (status !== undefined && status >= 400 && status < 500) {
    const staleToken =
      name === 'InvalidParameterValueException' && stringField(error, 'message').startsWith('Invalid Checkpoint Token');
    if (staleToken || status === 429) return 'INVOCATION';
    return 'EXECUTION';
  }
  return 'INVOCATION';
}

/** The unrecoverable error a failed checkpoint call becomes (message `Checkpoint failed: …`). */
export function checkpointFailure(
  error: unknown,
): CheckpointUnrecoverableInvocationError | CheckpointUnrecoverableExecutionError {
  const detail = stringField(error, 'message') || String(error);
  const cause = error instanceof Error ? error : undefined;
  return classifyTransportFailure(error) === 'EXECUTION'
    ? new CheckpointUnrecoverableExecutionError(`Checkpoint failed: ${detail}`, cause)
    : new CheckpointUnrecoverableInvocationError(`Checkpoint failed: ${detail}`, cause);
}
