import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../src/protocol.js';
import type { AttemptRun, CrashRun } from '../../src/testing/crash-run.js';
import { attemptViolations, rerunCount, rerunDivergence } from '../../src/testing/crash-verdict.js';

// Unit tests of the rules on hand-made runs; test/testing/crash-safety.test.ts runs them for real.
let seq = 0;
const attempt = (invocation: number, name: string, n = 1, semantics: AttemptRun['semantics'] = 'AT_LEAST_ONCE_PER_RETRY'): AttemptRun =>
  ({ invocation, operationId: `id-${name}`, name, attempt: n, semantics, seq: (seq += 1) });
const run = (parts: Partial<CrashRun>): CrashRun => ({
  status: 'SUCCEEDED', result: '1', history: [], checkpointCalls: 3, attempts: [], outcomes: [], crashedInvocation: 1, crashedCall: [], ...parts,
});
const succeeded = (name: string, n: number, payload: string): HistoryEvent =>
  ({ EventType: 'StepSucceeded', Id: `id-${name}`, Name: name, StepSucceededDetails: { Result: { Payload: payload }, RetryDetails: { CurrentAttempt: n } } }) as HistoryEvent;

describe('crash verdict: how often an attempt may run', () => {
  it('allows an at-least-once attempt one re-run when the crash lost its outcome', () => {
    const attempts = [attempt(1, 'charge'), attempt(2, 'charge')];
    expect(attemptViolations(run({ attempts }))).toEqual([]);
    expect(rerunCount(run({ attempts }))).toBe(1);
  });

  it('refuses an at-most-once attempt that runs twice', () => {
    const attempts = [attempt(1, 'charge', 1, 'AT_MOST_ONCE_PER_RETRY'), attempt(2, 'charge', 1, 'AT_MOST_ONCE_PER_RETRY')];
    expect(attemptViolations(run({ attempts }))).toEqual(["at-most-once step 'charge' attempt 1 ran twice (invocations 1, 2)"]);
  });

  it('allows an at-most-once step its next attempt after an interrupted one', () => {
    const attempts = [attempt(1, 'charge', 1, 'AT_MOST_ONCE_PER_RETRY'), attempt(2, 'charge', 2, 'AT_MOST_ONCE_PER_RETRY')];
    expect(attemptViolations(run({ attempts }))).toEqual([]);
  });

  it('refuses a re-run whose outcome the service had committed before the crash', () => {
    const first = attempt(1, 'charge');
    const attempts = [first, attempt(2, 'charge')];
    const outcomes = [{ invocation: 1, operationId: 'id-charge', seq: first.seq + 1 }];
    expect(attemptViolations(run({ attempts, outcomes }))).toEqual([
      "at-least-once step 'charge' attempt 1 ran again (invocations 1, 2) though the service had committed its outcome before the crash",
    ]);
  });

  it('refuses a re-run of an attempt the crash did not interrupt, a re-run in one invocation, and a third run', () => {
    expect(attemptViolations(run({ attempts: [attempt(2, 'a'), attempt(3, 'a')] }))).toEqual([
      "at-least-once step 'a' attempt 1 ran twice (invocations 2, 3) though no crash interrupted it",
    ]);
    expect(attemptViolations(run({ crashedInvocation: undefined, attempts: [attempt(1, 'a'), attempt(2, 'a')] }))).toHaveLength(1);
    expect(attemptViolations(run({ attempts: [attempt(1, 'a'), attempt(1, 'a')] }))).toEqual(["at-least-once step 'a' attempt 1 ran twice in invocation 1"]);
    expect(attemptViolations(run({ attempts: [attempt(1, 'a'), attempt(2, 'a'), attempt(3, 'a')] }))).toEqual([
      "step 'a' attempt 1 ran 3 times (invocations 1, 2, 3); one crash allows one re-run at most",
    ]);
  });
});

describe('crash verdict: a different end after a re-run', () => {
  const original = [succeeded('poll', 1, '{"n":1}'), succeeded('poll', 2, '{"n":2}')];

  it('is the outside world when a record after the re-run differs', () => {
    const attempts = [attempt(1, 'poll', 1), attempt(2, 'poll', 1), attempt(2, 'poll', 2)];
    const history = [succeeded('poll', 1, '{"n":1}'), succeeded('poll', 2, '{"n":3}')];
    expect(rerunDivergence(run({ attempts, history }), original)).toEqual({ operation: "'poll'", attempt: 1, differs: "'poll'" });
  });

  it('is the workflow when every record matches the original (a handler variable set in a step)', () => {
    const attempts = [attempt(1, 'poll', 1), attempt(2, 'poll', 1), attempt(2, 'poll', 2)];
    expect(rerunDivergence(run({ attempts, history: original }), original)).toBeUndefined();
  });

  it('is the workflow when nothing ran again, or the differing record came before the re-run', () => {
    const history = [succeeded('poll', 1, '{"n":9}'), succeeded('poll', 2, '{"n":2}')];
    expect(rerunDivergence(run({ attempts: [attempt(1, 'poll', 1), attempt(1, 'poll', 2)], history }), original)).toBeUndefined();
    const early = attempt(1, 'poll', 1);
    const attempts = [early, attempt(1, 'other'), attempt(2, 'other')];
    expect(rerunDivergence(run({ attempts, history }), original)).toBeUndefined();
  });
});
