import { describe, expect, it } from 'vitest';
import { ExecutionState } from '../../src/engine/execution-state.js';
import { hashOperationId } from '../../src/engine/ids.js';
import { childContextMode, decideMode, DurableExecutionMode } from '../../src/engine/modes.js';

const state = new ExecutionState({
  durableExecutionArn: 'arn',
  checkpointToken: 't',
  operations: [
    { Id: 'exec', Type: 'EXECUTION', Status: 'STARTED' },
    { Id: hashOperationId('1'), Type: 'STEP', Status: 'SUCCEEDED' },
    { Id: hashOperationId('2'), Type: 'WAIT', Status: 'STARTED' },
    { Id: hashOperationId('4-1'), Type: 'STEP', Status: 'SUCCEEDED' },
  ],
});

describe('mode management (§5.2)', () => {
  it('stays in replay over finished records', () => {
    expect(decideMode({ mode: 'ReplayMode', nextRawId: '1', state })).toEqual({ mode: 'ReplayMode', blocked: false });
  });
  it('switches to execution after creating an unfinished record', () => {
    expect(decideMode({ mode: 'ReplayMode', nextRawId: '2', state })).toEqual({
      mode: 'ReplayMode',
      afterCreate: 'ExecutionMode',
      blocked: false,
    });
  });
  it('switches to execution at the first id without a record', () => {
    expect(decideMode({ mode: 'ReplayMode', nextRawId: '3', state }).mode).toBe('ExecutionMode');
  });
  it('keeps replaying when only the virtual child `<id>-1` has a record', () => {
    expect(decideMode({ mode: 'ReplayMode', nextRawId: '4', state }).mode).toBe('ReplayMode');
  });
  it('blocks unfinished work inside a re-executed succeeded context', () => {
    expect(decideMode({ mode: 'ReplaySucceededContext', nextRawId: '2', state }).blocked).toBe(true);
    expect(decideMode({ mode: 'ReplaySucceededContext', nextRawId: '1', state }).blocked).toBe(false);
  });
  it('derives a child context mode from its record', () => {
    expect(childContextMode(undefined)).toBe(DurableExecutionMode.ExecutionMode);
    expect(childContextMode({ Status: 'SUCCEEDED', ContextDetails: { ReplayChildren: true } })).toBe('ReplaySucceededContext');
    expect(childContextMode({ Status: 'SUCCEEDED' })).toBe('ReplayMode');
    expect(childContextMode({ Status: 'FAILED' })).toBe('ReplayMode');
    expect(childContextMode({ Status: 'STARTED' })).toBe('ExecutionMode');
  });
});
