import { describe, expect, it } from 'vitest';
import { assertCrashSafe, assertReplayDeterministic, DurableTestRunner } from 'durable-lambda/testing';
import { createDemoJobService, createExportPoller, type ExportResult } from './handler.js';

const seconds = (a: unknown, b: unknown): number => (new Date(b as Date).getTime() - new Date(a as Date).getTime()) / 1000;

describe('polling example', () => {
  it('polls with growing delays until the job is done, suspending between polls', async () => {
    const jobs = createDemoJobService();
    const handler = createExportPoller(jobs);
    const execution = new DurableTestRunner({ handler }).start<ExportResult>({ reportId: 'r-7', checksUntilDone: 3 });
    const { status, result, history } = await execution.result();

    expect(status).toBe('SUCCEEDED');
    expect(result).toEqual({ status: 'ready', jobId: 'job-r-7', downloadUrl: 'https://exports.example.com/job-r-7.csv', checks: 3 });
    expect(jobs.calls).toEqual(['submit job-r-7', 'status job-r-7', 'status job-r-7', 'status job-r-7']);
    // Usage hand count: start 1 + submit-job step 1 + waitForCondition 1 + 2 re-checks = 5.
    expect((await execution.result()).usage.operations).toBe(5);
    // Crash exploration finds that this example's `checks` count is not crash-stable: a crash
    // before a poll's RETRY checkpoint loses the record of a status call the job service did
    // see, so the job finishes after fewer recorded checks. (Each crash run gets a fresh demo
    // job service, so the difference comes from the crash alone.)
    const crashStarted = Date.now();
    await expect(assertCrashSafe(execution, { handlerFactory: () => createExportPoller(createDemoJobService()) }))
      .rejects.toThrow(/^Not crash-safe: a crash at checkpoint call 2 of 4 \(before the call reached the service\) ended SUCCEEDED with \{.*"checks":2\} instead of SUCCEEDED with \{.*"checks":3\}/);
    console.log(`assertCrashSafe polling: found the unstable boundary in ${Date.now() - crashStarted} ms`);

    // Each poll is an attempt of one STEP: its state is recorded with the delay to the next poll.
    const polls = history.filter((e) => e.Name === 'job-finished');
    expect(polls.map((e) => e.EventType)).toEqual(['StepStarted', 'StepSucceeded', 'StepStarted', 'StepSucceeded', 'StepStarted', 'StepSucceeded']);
    expect(polls.filter((e) => e.EventType === 'StepSucceeded').map((e) => e.StepSucceededDetails?.RetryDetails)).toEqual([
      { CurrentAttempt: 1, NextAttemptDelaySeconds: 10 },
      { CurrentAttempt: 2, NextAttemptDelaySeconds: 20 },
      { CurrentAttempt: 3 },
    ]);
    expect(JSON.parse(polls.at(-1)?.StepSucceededDetails?.Result?.Payload ?? '')).toMatchObject({ status: 'SUCCEEDED', checks: 3 });
    // Two RETRYs suspended the function: three invocations, polls 10 s then 20 s apart (virtual time).
    expect(history.filter((e) => e.EventType === 'InvocationCompleted')).toHaveLength(3);
    const gaps = [1, 3].map((i) => seconds(polls[i]?.EventTimestamp, polls[i + 1]?.EventTimestamp));
    expect(gaps[0]).toBeGreaterThanOrEqual(10);
    expect(gaps[0]).toBeLessThan(15);
    expect(gaps[1]).toBeGreaterThanOrEqual(20);
    expect(gaps[1]).toBeLessThan(25);

    const replay = await assertReplayDeterministic(execution);
    expect(replay).toMatchObject({ status: 'SUCCEEDED', result: JSON.stringify(result), newUpdates: [] });
    expect(jobs.calls).toHaveLength(4);
  });

  it('gives up after the strategy maximum and cancels the job', async () => {
    const jobs = createDemoJobService();
    const handler = createExportPoller(jobs);
    const execution = new DurableTestRunner({ handler }).start<ExportResult>({ reportId: 'r-8', checksUntilDone: 100 });
    const { status, result, history } = await execution.result();

    expect(status).toBe('SUCCEEDED');
    expect(result).toEqual({ status: 'abandoned', jobId: 'job-r-8', reason: 'waitForCondition exceeded maximum attempts (8)' });
    expect(jobs.calls.filter((c) => c.startsWith('status'))).toHaveLength(8);
    expect(jobs.calls.at(-1)).toBe('cancel job-r-8');
    const polls = history.filter((e) => e.Name === 'job-finished').map((e) => e.EventType);
    expect(polls).toEqual([...Array.from({ length: 7 }, () => ['StepStarted', 'StepSucceeded']).flat(), 'StepStarted', 'StepFailed']);

    const replay = await assertReplayDeterministic(execution);
    expect(replay).toMatchObject({ status: 'SUCCEEDED', result: JSON.stringify(result), newUpdates: [] });
  });
});
