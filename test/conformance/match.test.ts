import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../src/protocol.js';
import type { ExpectedEvent } from '../../src/conformance/load.js';
import { applyWaitForCallbackNames, matchHistory, matchResult, matchValue } from '../../src/conformance/match.js';

const T = '2026-01-01T00:00:00Z';
const history: HistoryEvent[] = [
  { EventType: 'ExecutionStarted', EventId: 1, EventTimestamp: T, ExecutionStartedDetails: { Input: { Payload: '"x"' } } },
  { EventType: 'StepStarted', SubType: 'Step', EventId: 2, Id: 'id-a', Name: 's', EventTimestamp: T, StepStartedDetails: {} },
  {
    EventType: 'StepFailed',
    SubType: 'Step',
    EventId: 3,
    Id: 'id-a',
    EventTimestamp: T,
    StepFailedDetails: {
      Error: { Payload: { ErrorType: 'MyTransientError', ErrorMessage: 'boom' } },
      RetryDetails: { CurrentAttempt: 1, NextAttemptDelaySeconds: 5 },
    },
  },
  { EventType: 'StepStarted', SubType: 'Step', EventId: 4, Id: 'id-b', EventTimestamp: T, StepStartedDetails: {} },
];

const ev = (event: Record<string, unknown> & { EventId: number }): ExpectedEvent => event;

describe('matchValue', () => {
  it("accepts anything for '*' but the key must exist", () => {
    const bindings = new Map();
    expect(matchValue({ a: '*' }, { a: { deep: [1] } }, '', bindings)).toBeUndefined();
    expect(matchValue({ a: '*' }, { b: 1 }, '', bindings)).toMatchObject({ path: 'a', message: expect.stringContaining('missing') });
  });

  it('accepts any object for {} and nothing else', () => {
    const bindings = new Map();
    expect(matchValue({ a: {} }, { a: { x: 1 } }, '', bindings)).toBeUndefined();
    expect(matchValue({ a: {} }, { a: 'str' }, '', bindings)).toMatchObject({ path: 'a' });
    expect(matchValue({ a: {} }, { a: [1] }, '', bindings)).toMatchObject({ path: 'a' });
    expect(matchValue({ a: {} }, {}, '', bindings)).toMatchObject({ path: 'a' });
  });

  it('binds ${NAME} on first use and requires equality afterwards', () => {
    const bindings = new Map<string, unknown>();
    expect(matchValue('${ID}', 'x1', 'Id', bindings)).toBeUndefined();
    expect(bindings.get('ID')).toBe('x1');
    expect(matchValue('${ID}', 'x1', 'Id', bindings)).toBeUndefined();
    expect(matchValue('${ID}', 'x2', 'Id', bindings)).toMatchObject({ path: 'Id', expected: 'x1', actual: 'x2' });
  });

  it('shares bindings with Variables and substitutes inside strings', () => {
    const bindings = new Map<string, unknown>([['P', 'abc']]);
    expect(matchValue('"${P}"', '"abc"', 'Payload', bindings)).toBeUndefined();
    expect(matchValue('"${P}"', 'abc', 'Payload', bindings)).toMatchObject({ expected: '"abc"', actual: 'abc' });
  });

  it('searches ${/re/} in the string form', () => {
    const bindings = new Map();
    expect(matchValue('${/TransientError$/}', 'MyTransientError', 'T', bindings)).toBeUndefined();
    expect(matchValue('${/^[0-5]$/}', 5, 'D', bindings)).toBeUndefined();
    expect(matchValue('${/^[0-5]$/}', 7, 'D', bindings)).toMatchObject({ path: 'D', actual: 7 });
    expect(matchValue('${/wrapped/}', 'it was wrapped here', 'P', bindings)).toBeUndefined();
  });

  it('requires lists of the same length, element by element', () => {
    const bindings = new Map();
    expect(matchValue([1, '*'], [1, 'x'], 'L', bindings)).toBeUndefined();
    expect(matchValue([1], [1, 2], 'L', bindings)).toMatchObject({ path: 'L', message: expect.stringContaining('1 items, got 2') });
    expect(matchValue([1, 3], [1, 2], 'L', bindings)).toMatchObject({ path: 'L[1]', expected: 3, actual: 2 });
    expect(matchValue([1], 'x', 'L', bindings)).toMatchObject({ path: 'L' });
  });

  it('compares numbers by value and other scalars exactly', () => {
    const bindings = new Map();
    expect(matchValue(2, 2.0, 'n', bindings)).toBeUndefined();
    expect(matchValue(2, '2', 'n', bindings)).toMatchObject({ path: 'n' });
    expect(matchValue(false, false, 'b', bindings)).toBeUndefined();
    expect(matchValue(false, 0, 'b', bindings)).toMatchObject({ path: 'b' });
    expect(matchValue('abc', 'abd', 's', bindings)).toMatchObject({ path: 's', expected: 'abc', actual: 'abd' });
  });
});

describe('matchHistory', () => {
  it('compares each expected event with the actual event of the same EventId, only expected keys', () => {
    const bindings = new Map<string, unknown>();
    const expected = [
      ev({ EventType: 'StepStarted', EventId: 2, Id: '${ID1}', Name: 's', EventTimestamp: '*', StepStartedDetails: {} }),
      ev({
        EventType: 'StepFailed',
        EventId: 3,
        Id: '${ID1}',
        StepFailedDetails: {
          Error: { Payload: { ErrorType: '${/.*TransientError$/}' } },
          RetryDetails: { CurrentAttempt: 1, NextAttemptDelaySeconds: '${/^[0-5]$/}' },
        },
      }),
    ];
    expect(matchHistory(expected, history, bindings)).toBeUndefined();
    expect(bindings.get('ID1')).toBe('id-a');
  });

  it('reports the first mismatch with its EventId and path', () => {
    const bindings = new Map<string, unknown>();
    const expected = [
      ev({ EventType: 'StepStarted', EventId: 2, Id: '${ID1}' }),
      ev({ EventType: 'StepFailed', EventId: 3, StepFailedDetails: { RetryDetails: { CurrentAttempt: 2 } } }),
      ev({ EventType: 'Nope', EventId: 4 }),
    ];
    expect(matchHistory(expected, history, bindings)).toMatchObject({
      eventId: 3,
      path: 'StepFailedDetails.RetryDetails.CurrentAttempt',
      expected: 2,
      actual: 1,
    });
  });

  it('reports a reused binding that differs (shifted ids) at the right event', () => {
    const bindings = new Map<string, unknown>();
    const expected = [ev({ EventType: 'StepStarted', EventId: 2, Id: '${ID1}' }), ev({ EventType: 'StepStarted', EventId: 4, Id: '${ID1}' })];
    expect(matchHistory(expected, history, bindings)).toMatchObject({ eventId: 4, path: 'Id', expected: 'id-a', actual: 'id-b' });
  });

  it('reports a missing event', () => {
    const mismatch = matchHistory([ev({ EventType: 'InvocationCompleted', EventId: 9 })], history, new Map());
    expect(mismatch).toMatchObject({ eventId: 9, path: '', actual: undefined });
    expect(mismatch?.message).toContain('no such event');
  });

  it('reports a missing key even when its expected value is a wildcard', () => {
    const expected = [ev({ EventType: 'StepStarted', EventId: 4, Name: '*' })];
    expect(matchHistory(expected, history, new Map())).toMatchObject({ eventId: 4, path: 'Name' });
  });

  it("copies a WaitForCallback context's Name onto its unnamed child events", () => {
    const events: HistoryEvent[] = [
      { EventType: 'ContextStarted', SubType: 'WaitForCallback', EventId: 2, Id: 'ctx', Name: 'approve', EventTimestamp: T },
      { EventType: 'StepStarted', SubType: 'Step', EventId: 3, Id: 'st', ParentId: 'ctx', EventTimestamp: T },
      { EventType: 'CallbackStarted', SubType: 'Callback', EventId: 4, Id: 'cb', ParentId: 'ctx', EventTimestamp: T },
      { EventType: 'StepSucceeded', SubType: 'Step', EventId: 5, Id: 'st', ParentId: 'ctx', Name: 'own', EventTimestamp: T },
      { EventType: 'StepFailed', SubType: 'Step', EventId: 6, Id: 'st', ParentId: 'ctx', EventTimestamp: T },
      { EventType: 'StepStarted', SubType: 'Step', EventId: 7, Id: 'x', ParentId: 'other', EventTimestamp: T },
    ];
    const named = applyWaitForCallbackNames(events);
    expect(named.map((e) => e.Name)).toEqual(['approve', 'approve', 'approve', 'own', undefined, undefined]);
    expect(events[1]?.Name).toBeUndefined();
    expect(matchHistory([ev({ EventId: 4, Name: 'approve' })], events, new Map())).toBeUndefined();
  });
});

describe('matchResult', () => {
  it('checks the status first', () => {
    expect(matchResult({ ExecutionStatus: 'FAILED', hasResult: false }, { status: 'SUCCEEDED', result: '1' }, new Map())).toMatchObject({
      path: 'ExecutionStatus',
      expected: 'FAILED',
      actual: 'SUCCEEDED',
    });
  });

  it('compares Result with JSON.parse(actual) only when SUCCEEDED', () => {
    const bindings = new Map<string, unknown>([['IN', 'w']]);
    const expected = { ExecutionStatus: 'SUCCEEDED', Result: { greeting: 'Hello, ${IN}!', n: 2 }, hasResult: true };
    expect(matchResult(expected, { status: 'SUCCEEDED', result: '{"greeting":"Hello, w!","n":2,"extra":1}' }, bindings)).toBeUndefined();
    expect(matchResult(expected, { status: 'SUCCEEDED', result: '{"greeting":"Hello, v!","n":2}' }, bindings)).toMatchObject({
      path: 'Result.greeting',
      expected: 'Hello, w!',
    });
    expect(matchResult(expected, { status: 'SUCCEEDED' }, bindings)).toMatchObject({ path: 'Result' });
    expect(matchResult(expected, { status: 'SUCCEEDED', result: 'not json' }, bindings)).toMatchObject({ path: 'Result' });
    const failed = { ExecutionStatus: 'FAILED', Result: 'ignored', hasResult: true };
    expect(matchResult(failed, { status: 'FAILED' }, bindings)).toBeUndefined();
    const plain = { ExecutionStatus: 'SUCCEEDED', Result: 'Hello, ${IN}!', hasResult: true };
    expect(matchResult(plain, { status: 'SUCCEEDED', result: '"Hello, w!"' }, bindings)).toBeUndefined();
  });
});
