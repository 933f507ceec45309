import { describe, expect, it } from 'vitest';
import { ExecutionState, isTerminalStatus, normalizeOperation, recordTimestamp } from '../../src/engine/execution-state.js';
import { hashOperationId } from '../../src/engine/ids.js';

describe('execution state', () => {
  it("normalises the details' timestamps to Date; start and end convert when read; unparseable ones are dropped (§1.1)", () => {
    const record = normalizeOperation({
      Id: 'a',
      Type: 'STEP',
      Status: 'PENDING',
      StartTimestamp: '2026-07-13T22:11:27.127Z',
      EndTimestamp: 'not a date',
      StepDetails: { Attempt: 1, NextAttemptTimestamp: 1_700_000_000_000 },
      WaitDetails: { ScheduledEndTimestamp: new Date(5) },
    });
    expect(recordTimestamp(record?.StartTimestamp)).toEqual(new Date('2026-07-13T22:11:27.127Z'));
    expect(recordTimestamp(record?.EndTimestamp)).toBeUndefined();
    expect(recordTimestamp(new Date(7))).toEqual(new Date(7));
    expect(recordTimestamp(1_700_000_000_000)).toEqual(new Date(1_700_000_000_000));
    expect(record?.StepDetails?.NextAttemptTimestamp).toEqual(new Date(1_700_000_000_000));
    expect(record?.WaitDetails?.ScheduledEndTimestamp).toEqual(new Date(5));
    const completed = { Id: 'b', Type: 'STEP', Status: 'SUCCEEDED', StartTimestamp: '2026-07-13T22:11:27.127Z', StepDetails: { Result: '1' } };
    const copied = normalizeOperation(completed);
    expect(copied).toEqual(completed);
    expect(copied).not.toBe(completed);
    expect(normalizeOperation({ Id: 'c', Type: 'STEP', StepDetails: null, EndTimestamp: null, Name: undefined, ParentId: null })).toEqual({
      Id: 'c',
      Type: 'STEP',
      ParentId: null,
    });
    expect(normalizeOperation({ Type: 'STEP' })).toBeUndefined();
    expect(normalizeOperation('junk')).toBeUndefined();
  });

  it('indexes by wire id, finds the EXECUTION record, rotates tokens only when given one', () => {
    const state = new ExecutionState({
      durableExecutionArn: 'arn',
      checkpointToken: 'T0',
      operations: [
        { Id: hashOperationId('1'), Type: 'STEP', Status: 'SUCCEEDED' },
        { Id: 'uuid', Type: 'EXECUTION', Status: 'STARTED', ExecutionDetails: { InputPayload: '{}' } },
        null,
      ],
    });
    expect(state.size).toBe(2);
    expect(state.getByRawId('1')?.Status).toBe('SUCCEEDED');
    expect(state.executionRecord()?.Id).toBe('uuid');
    state.rotateToken(undefined);
    expect(state.checkpointToken).toBe('T0');
    state.rotateToken('T1');
    expect(state.checkpointToken).toBe('T1');
  });

  it('notifies listeners only when a merged record changes status', () => {
    const state = new ExecutionState({ durableExecutionArn: 'arn', checkpointToken: 'T0', operations: [{ Id: 'w', Type: 'WAIT', Status: 'STARTED' }] });
    const seen: string[] = [];
    const unsubscribe = state.onStatusChange('w', (record) => seen.push(record.Status));
    state.merge([{ Id: 'w', Type: 'WAIT', Status: 'STARTED' }]);
    state.merge([{ Id: 'w', Type: 'WAIT', Status: 'SUCCEEDED' }]);
    unsubscribe();
    state.merge([{ Id: 'w', Type: 'WAIT', Status: 'CANCELLED' }]);
    expect(seen).toEqual(['SUCCEEDED']);
    expect(['SUCCEEDED', 'FAILED', 'CANCELLED', 'TIMED_OUT', 'STOPPED'].every((s) => isTerminalStatus(s as never))).toBe(true);
    expect(isTerminalStatus('READY')).toBe(false);
  });
});
