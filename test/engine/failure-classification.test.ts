import { describe, expect, it } from 'vitest';
import { checkpointFailure, classifyTransportFailure } from '../../src/engine/failure-classification.js';
import { DurableExecutionClientError } from '../../src/errors.js';
import { serviceError } from '../support/fake-checkpoint-client.js';

describe('checkpoint failure classification (§5.6)', () => {
  it.each([
    ['5xx', serviceError('ServiceException', 500), 'INVOCATION'],
    ['502 other', serviceError('BadGateway', 502), 'INVOCATION'],
    ['429', serviceError('TooManyRequestsException', 429), 'INVOCATION'],
    ['stale token', serviceError('InvalidParameterValueException', 400, 'Invalid Checkpoint Token: expired'), 'INVOCATION'],
    ['other InvalidParameterValue', serviceError('InvalidParameterValueException', 400, 'Payload too large'), 'EXECUTION'],
    ['other 4xx', serviceError('ResourceNotFoundException', 404), 'EXECUTION'],
    ['KMS access denied (502)', serviceError('KMSAccessDeniedException', 502), 'EXECUTION'],
    ['KMS disabled', serviceError('KMSDisabledException', 502), 'EXECUTION'],
    ['KMS invalid state', serviceError('KMSInvalidStateException', 502), 'EXECUTION'],
    ['KMS not found', serviceError('KMSNotFoundException', 502), 'EXECUTION'],
    ['network error', new Error('socket hang up'), 'INVOCATION'],
    ['client error scope EXECUTION', new DurableExecutionClientError('x', { scope: 'EXECUTION' }), 'EXECUTION'],
    ['client error scope INVOCATION', new DurableExecutionClientError('x', { scope: 'INVOCATION' }), 'INVOCATION'],
  ])('%s is %s-level', (_label, error, scope) => {
    expect(classifyTransportFailure(error)).toBe(scope);
  });

  it('wraps failures in the unrecoverable errors with the documented prefixes', () => {
    const invocation = checkpointFailure(serviceError('ServiceException', 503, 'down'));
    expect(invocation.name).toBe('CheckpointUnrecoverableInvocationError');
    expect(invocation.message).toBe('[Unrecoverable Invocation] Checkpoint failed: down');
    const execution = checkpointFailure(serviceError('ValidationException', 400, 'bad update'));
    expect(execution.name).toBe('CheckpointUnrecoverableExecutionError');
    expect(execution.message).toBe('[Unrecoverable Execution] Checkpoint failed: bad update');
  });
});
