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
    // Crash exploration: the job's `checks` count depends on crashes, and that is allowed. A
    // crash that loses a poll's record (before its checkpoint reached the service, or at the
    // invocation's timeout) makes that poll run again: a waitForCondition check runs at least
    // once per attempt. The demo job moves one step per status call, so it saw the lost poll
    // too and finishes after fewer recorded checks. The verdict tells this apart from a
    // workflow bug: the recorded check results differ from the original's only after the re-run.
    // (Each crash run gets a fresh demo job service, so the difference comes from the crash alone.)
    const crash = await assertCrashSafe(execution, { handlerFactory: () => createExportPoller(createDemoJobService()) });
    expect(crash).toMatchObject({ boundaries: 4, runs: 12, attempts: 4 });
    expect(crash.divergences.map((d) => `${d.boundary} ${d.phase}: ${d.operation} attempt ${d.attempt} re-ran; checks ${JSON.parse(d.result ?? '{}').checks}`)).toEqual([
      "2 before: 'job-finished' attempt 1 re-ran; checks 2",
      "2 timeout: 'job-finished' attempt 1 re-ran; checks 2",
      "3 before: 'job-finished' attempt 2 re-ran; checks 2",
      "3 timeout: 'job-finished' attempt 2 re-ran; checks 2",
    ]);
    // Counted as a failure when asked to: `strict` wants the same end whatever the outside world does.
    await expect(assertCrashSafe(execution, { strict: true, handlerFactory: () => createExportPoller(createDemoJobService()) }))
      .rejects.toThrow(/^Not crash-safe: a crash at checkpoint call 2 of 4 \['job-finished' STEP START, 'job-finished' STEP RETRY\] \(before the call reached the service\): the run ended SUCCEEDED with \{.*"checks":2\} instead of SUCCEEDED with \{.*"checks":3\} \('job-finished' attempt 1 ran again, then 'job-finished' recorded another outcome\)/);
    console.log(`assertCrashSafe polling: ${crash.boundaries} boundaries, ${crash.runs} runs, ${crash.reruns} allowed re-runs, ${crash.divergences.length} divergences, ${crash.durationMs} ms`);

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
