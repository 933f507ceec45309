import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../src/protocol.js';
import { checkRequirement, formatMismatch, prepareRun } from '../../src/conformance/check.js';
import { parseRequirement } from '../../src/conformance/load.js';

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST/durable-execution/e/1';
const T = '2026-01-01T00:00:00Z';

const requirement = parseRequirement(
  '/r/step/1-7.yaml',
  `
Variables:
  INPUT_1: \${GEN_STR:8}
Input: \${INPUT_1}
ExpectedResult:
  ExecutionStatus: SUCCEEDED
  Result: Hello, \${INPUT_1}!
CallbackActions:
  - CallbackName: approve
    Operation: success
    Payload: ok
ExpectedLogs:
  - match: { message: '/started for: \${INPUT_1}/' }
    count: 1
ExpectedExecutionHistory:
  - EventType: StepStarted
    EventId: 2
    Id: \${ID1}
  - EventType: StepSucceeded
    EventId: 3
    Id: \${ID1}
`,
  parse,
);

const events = (secondId: string): HistoryEvent[] => [
  { EventType: 'ExecutionStarted', EventId: 1, EventTimestamp: T },
  { EventType: 'StepStarted', EventId: 2, Id: 'a', EventTimestamp: T },
  { EventType: 'StepSucceeded', EventId: 3, Id: secondId, EventTimestamp: T },
];

describe('prepareRun + checkRequirement', () => {
  const run = prepareRun(requirement, (n) => 'q'.repeat(n));
  const logs = [JSON.stringify({ executionArn: ARN, message: 'started for: qqqqqqqq' })];

  it('substitutes the input and builds a planner with the same bindings', () => {
    expect(run.input).toBe('qqqqqqqq');
    expect(run.planner.next({ name: 'approve', callbackId: 'c' })).toMatchObject({ kind: 'send' });
  });

  it('passes a matching observation', () => {
    const observation = { executionArn: ARN, status: 'SUCCEEDED', result: '"Hello, qqqqqqqq!"', events: events('a'), logs };
    expect(checkRequirement(requirement, observation, new Map(run.bindings))).toBeUndefined();
  });

  it('reports result, then history, then log mismatches, and callback failures first', () => {
    const ok = { executionArn: ARN, status: 'SUCCEEDED', result: '"Hello, qqqqqqqq!"', events: events('a'), logs };
    expect(checkRequirement(requirement, { ...ok, status: 'FAILED' }, new Map(run.bindings))).toMatchObject({ path: 'ExecutionStatus' });
    expect(checkRequirement(requirement, { ...ok, events: events('b') }, new Map(run.bindings))).toMatchObject({ eventId: 3, path: 'Id' });
    expect(checkRequirement(requirement, { ...ok, logs: [] }, new Map(run.bindings))).toMatchObject({ path: 'ExpectedLogs[0]' });
    expect(checkRequirement(requirement, { ...ok, callbackFailure: 'no action' }, new Map(run.bindings))).toMatchObject({
      path: 'CallbackActions',
      message: 'no action',
    });
  });

  it('formats a mismatch on one line with EventId and path', () => {
    const text = formatMismatch({ eventId: 3, path: 'Id', expected: 'a', actual: 'b', message: 'differs' });
    expect(text).toBe('EventId 3 Id: expected "a", actual "b" (differs)');
    expect(formatMismatch({ path: '', expected: 1, actual: undefined, message: 'm' })).toBe('(root): expected 1, actual undefined (m)');
  });
});
