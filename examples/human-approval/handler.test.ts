import { describe, expect, it } from 'vitest';
import { assertCrashSafe, assertReplayDeterministic, type DurableTestExecution, DurableTestRunner, inProcessInvoker } from 'durable-lambda/testing';
import { createApprovalWorkflow, createDemoNotifier, type ApprovalResult, type ExpenseRequest } from './handler.js';

const HOUR = 3_600_000;
const request: ExpenseRequest = { requestId: 'exp-9', amountCents: 480_00, manager: 'maria', director: 'dev' };

function setup() {
  const notifier = createDemoNotifier();
  const handler = createApprovalWorkflow(notifier);
  const runner = new DurableTestRunner({ handler });
  // As deployed (template.yaml): executions may run 7 days (the local default is 366).
  runner.service.registerFunction({ name: 'handler', invoker: inProcessInvoker(handler), executionTimeoutSeconds: 7 * 86_400 });
  const execution = runner.start<ApprovalResult>(request);
  const startedAt = runner.service.clock.now();
  /** Answers the latest request sent to `approver`, `hours` of (virtual) time after the start. */
  const answerAt = (hours: number, approver: string, body: unknown): void =>
    runner.service.scheduleAction(execution.arn, startedAt + hours * HOUR, () => {
      const sent = notifier.sent.filter((s) => s.approver === approver).at(-1);
      if (!sent) throw new Error(`no request was sent to ${approver}`);
      execution.sendCallbackSuccess(sent.callbackId, JSON.stringify(body));
    });
  return { notifier, handler, execution, answerAt, startedAt };
}

/** Callback events, named after the `waitForCallback` context that holds the callback. */
const callbackEvents = (execution: DurableTestExecution) => {
  const history = execution.history();
  const contextName = (id: string | undefined) => history.find((e) => e.Id === id && e.EventType === 'ContextStarted')?.Name;
  return history
    .filter((e) => e.EventType.startsWith('Callback'))
    .map((e) => `${e.EventType} ${contextName(e.ParentId)}`);
};

describe('human-approval example', () => {
  it('the manager approves within the day', async () => {
    const { notifier, execution, answerAt } = setup();
    answerAt(2, 'maria', { approved: true, comment: 'fine' });
    const { status, result } = await execution.result();

    expect(status).toBe('SUCCEEDED');
    expect(result).toEqual({ decision: 'approved', by: 'maria', escalated: false, comment: 'fine' });
    expect(notifier.sent.map((s) => s.approver)).toEqual(['maria']);
    expect(callbackEvents(execution)).toEqual(['CallbackStarted manager-approval', 'CallbackSucceeded manager-approval']);
    // Usage hand count: start 1 + waitForCallback 'manager-approval' 3 (its context, callback and
    // submitter step) = 4.
    expect((await execution.result()).usage.operations).toBe(4);
    const crash = await assertCrashSafe(execution, { handlerFactory: () => createApprovalWorkflow(createDemoNotifier()) });
    expect(crash).toMatchObject({ runs: crash.boundaries * 3, divergences: [] });
    console.log(`assertCrashSafe human-approval: ${crash.boundaries} boundaries, ${crash.runs} runs, ${crash.reruns} allowed re-runs, ${crash.durationMs} ms`);
    const wrapper = execution.history().find((e) => e.EventType === 'ContextStarted' && e.Name === 'manager-approval');
    expect(wrapper?.SubType).toBe('WaitForCallback');
    const started = execution.history().find((e) => e.EventType === 'CallbackStarted');
    expect(started?.CallbackStartedDetails).toMatchObject({ Timeout: 86_400 });

    const replay = await assertReplayDeterministic(execution);
    expect(replay).toMatchObject({ status: 'SUCCEEDED', result: JSON.stringify(result), newUpdates: [] });
    expect(notifier.sent).toHaveLength(1);
  });

  it('no answer within 24 h escalates to the director, who rejects', async () => {
    const { notifier, execution, answerAt, startedAt } = setup();
    answerAt(30, 'dev', { approved: false, comment: 'over budget' });
    const { status, result, history } = await execution.result();

    expect(status).toBe('SUCCEEDED');
    expect(result).toEqual({ decision: 'rejected', by: 'dev', escalated: true, comment: 'over budget' });
    expect(notifier.sent.map((s) => [s.approver, s.escalated])).toEqual([['maria', false], ['dev', true]]);
    expect(callbackEvents(execution)).toEqual([
      'CallbackStarted manager-approval',
      'CallbackTimedOut manager-approval',
      'CallbackStarted director-approval',
      'CallbackSucceeded director-approval',
    ]);
    const timedOut = history.find((e) => e.EventType === 'CallbackTimedOut');
    const hoursToTimeout = (new Date(timedOut?.EventTimestamp as Date).getTime() - startedAt) / HOUR;
    expect(hoursToTimeout).toBeGreaterThanOrEqual(24);
    expect(hoursToTimeout).toBeLessThan(24.1);
    expect(execution.logs().some((line) => line.includes('escalating'))).toBe(true);
    // Usage hand count: start 1 + 'manager-approval' 3 (timed out: no retry) + 'director-approval' 3 = 7.
    expect((await execution.result()).usage.operations).toBe(7);

    const replay = await assertReplayDeterministic(execution);
    expect(replay).toMatchObject({ status: 'SUCCEEDED', result: JSON.stringify(result), newUpdates: [] });
    expect(notifier.sent).toHaveLength(2);
  });

  it('expires when neither approver answers', async () => {
    const { execution } = setup();
    const { status, result } = await execution.result();
    expect(status).toBe('SUCCEEDED');
    expect(result).toEqual({ decision: 'expired', escalated: true });
    expect(callbackEvents(execution)).toEqual([
      'CallbackStarted manager-approval',
      'CallbackTimedOut manager-approval',
      'CallbackStarted director-approval',
      'CallbackTimedOut director-approval',
    ]);
    // Usage hand count: start 1 + two waitForCallbacks of 3 each = 7.
    expect((await execution.result()).usage.operations).toBe(7);
  });
});
