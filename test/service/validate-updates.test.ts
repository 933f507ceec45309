import { describe, expect, it } from 'vitest';
import type { OperationStatus, OperationType, OperationUpdate } from '../../src/protocol.js';
import { newExecutionState, type ExecutionState } from '../../src/service/execution-state.js';
import { validateUpdates } from '../../src/service/validate-updates.js';

const execWith = (ops: [string, OperationType, OperationStatus][]): ExecutionState => {
  const exec = newExecutionState({
    name: 'n', functionName: 'fn', qualifier: '$LATEST', region: 'us-east-1', account: '123456789012',
    payload: undefined, executionTimeoutSeconds: 60, now: 0,
  });
  for (const [Id, Type, Status] of ops) exec.operations.set(Id, { op: { Id, Type, Status } });
  return exec;
};

const u = (Id: string, Type: OperationType, Action: OperationUpdate['Action'], extra: Partial<OperationUpdate> = {}): OperationUpdate =>
  ({ Id, Type, Action, ...extra });

const message = (exec: ExecutionState, updates: OperationUpdate[]): string | undefined => {
  try {
    validateUpdates(exec, updates);
    return undefined;
  } catch (error) {
    expect(error).toMatchObject({ name: 'InvalidParameterValueException', $metadata: { httpStatusCode: 400 } });
    return (error as Error).message;
  }
};

describe('validateUpdates (protocol.md §3.6)', () => {
  it('accepts the transitions SDKs use', () => {
    const exec = execWith([['ready', 'STEP', 'READY'], ['started', 'STEP', 'STARTED'], ['ctx', 'CONTEXT', 'STARTED'], ['wait', 'WAIT', 'STARTED']]);
    const ok: OperationUpdate[][] = [
      [u('s', 'STEP', 'START'), u('s', 'STEP', 'SUCCEED', { Payload: '1' })],
      [u('s', 'STEP', 'SUCCEED')],
      [u('s', 'STEP', 'RETRY', { Error: { ErrorMessage: 'x' }, StepOptions: { NextAttemptDelaySeconds: 1 } })],
      [u('ready', 'STEP', 'START')],
      [u('started', 'STEP', 'RETRY', { Payload: '{"state":1}', StepOptions: { NextAttemptDelaySeconds: 5 } })],
      [u('c', 'CONTEXT', 'START'), u('c1', 'STEP', 'START', { ParentId: 'c' }), u('c', 'CONTEXT', 'SUCCEED', { ContextOptions: { ReplayChildren: true } })],
      [u('ctx', 'CONTEXT', 'FAIL', { Error: { ErrorType: 'E' } })],
      [u('w', 'WAIT', 'START', { WaitOptions: { WaitSeconds: 3600 } })],
      [u('wait', 'WAIT', 'CANCEL')],
      [u('cb', 'CALLBACK', 'START', { CallbackOptions: { TimeoutSeconds: 10, HeartbeatTimeoutSeconds: 5 } })],
      [u('i', 'CHAINED_INVOKE', 'START', { ChainedInvokeOptions: { FunctionName: 'f' }, Payload: '{}' })],
      [u('s', 'STEP', 'SUCCEED'), u('e', 'EXECUTION', 'SUCCEED', { Payload: '"x"' })],
      [],
    ];
    for (const batch of ok) expect(message(exec, batch)).toBeUndefined();
  });

  it('rejects invalid transitions with the service messages', () => {
    const exec = execWith([
      ['started', 'STEP', 'STARTED'], ['pending', 'STEP', 'PENDING'], ['done', 'STEP', 'SUCCEEDED'],
      ['ctx', 'CONTEXT', 'SUCCEEDED'], ['wait', 'WAIT', 'SUCCEEDED'], ['cb', 'CALLBACK', 'STARTED'], ['a-step', 'STEP', 'STARTED'],
    ]);
    const cases: [OperationUpdate[], string][] = [
      [[{ Type: 'STEP', Action: 'START' } as OperationUpdate], 'Operation update must have an Id.'],
      [[u('x', 'NOPE' as OperationType, 'START')], 'Invalid operation type.'],
      [[u('started', 'STEP', 'START')], 'Invalid current STEP state to start.'],
      [[u('pending', 'STEP', 'SUCCEED')], 'Invalid current STEP state to close.'],
      [[u('done', 'STEP', 'RETRY', { StepOptions: { NextAttemptDelaySeconds: 1 } })], 'Invalid current STEP state to re-attempt.'],
      [[u('started', 'STEP', 'RETRY', { Error: {}, Payload: '1', StepOptions: { NextAttemptDelaySeconds: 1 } })], 'Cannot provide both error and payload to RETRY a STEP.'],
      [[u('started', 'STEP', 'CANCEL')], 'Invalid STEP action.'],
      [[u('ctx', 'CONTEXT', 'START')], 'Cannot start a CONTEXT that already exists.'],
      [[u('ctx', 'CONTEXT', 'SUCCEED')], 'Invalid current CONTEXT state to close.'],
      [[u('wait', 'WAIT', 'CANCEL')], 'Cannot cancel a WAIT that does not exist or has already completed.'],
      [[u('w', 'WAIT', 'START')], 'Invalid WaitOptions for the given action.'],
      [[u('cb', 'CALLBACK', 'START')], 'Cannot start a CALLBACK that already exists.'],
      [[u('cb2', 'CALLBACK', 'SUCCEED')], 'Invalid CALLBACK action.'],
      [[u('i', 'CHAINED_INVOKE', 'START')], 'Invalid ChainedInvokeOptions for the given action.'],
      [[u('started', 'STEP', 'SUCCEED', { Error: {} })], 'Cannot provide an Error for SUCCEED action.'],
      [[u('started', 'STEP', 'FAIL', { Payload: '1' })], 'Cannot provide a Payload for FAIL action.'],
      [[u('e', 'EXECUTION', 'START')], 'Invalid EXECUTION action.'],
      [[u('e', 'EXECUTION', 'SUCCEED'), u('e2', 'EXECUTION', 'FAIL')], 'Cannot checkpoint multiple EXECUTION updates.'],
      [[u('x', 'STEP', 'START', { ParentId: 'a-step' })], 'Invalid parent operation id.'],
      [[u('x', 'STEP', 'START', { ParentId: 'missing' })], 'Invalid parent operation id.'],
      [[u('started', 'WAIT', 'CANCEL')], 'Invalid action for the given operation type.'],
      [[u('s', 'STEP', 'SUCCEED'), u('s', 'STEP', 'START')], 'Cannot update the same operation twice in a single request.'],
      [[u('started', 'STEP', 'FAIL', { Error: { ErrorMessage: 'x'.repeat(40_000) } })], 'Error object size must be less than 32768 bytes.'],
    ];
    for (const [batch, expected] of cases) expect({ batch, error: message(exec, batch) }).toEqual({ batch, error: expected });
  });
});
