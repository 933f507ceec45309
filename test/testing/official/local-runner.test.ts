/**
 * Our LocalDurableTestRunner beyond the shared suite: time without fake timers, checkpoint
 * delay, the service's attempt numbers and callback timeouts, messages, registered functions,
 * official handlers, printing.
 */
import { withDurableExecution as officialWithDurableExecution } from '@aws/durable-execution-sdk-js';
import { createRetryStrategy, withDurableExecution } from 'durable-lambda';
import { ExecutionStatus, LocalDurableTestRunner, OperationStatus, WaitingOperationStatus } from 'durable-lambda/testing';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => LocalDurableTestRunner.teardownTestEnvironment());

// The attempt counter lives outside the handler body: the body runs again on every invocation.
const makeLongWaits = () => {
  let calls = 0;
  return withDurableExecution(async (_event: unknown, context) => {
    await context.wait('three-days', { days: 3 });
    return context.step(
      'retried',
      async () => {
        calls += 1;
        if (calls < 3) throw new Error(`attempt ${calls} failed`);
        return calls;
      },
      { retryStrategy: createRetryStrategy({ maxAttempts: 3, initialDelay: { hours: 1 } }) },
    );
  });
};

describe('skipTime through the virtual clock', () => {
  it('skips a 3-day wait and hour-long retry delays without touching the global timers', async () => {
    const realSetTimeout = globalThis.setTimeout;
    const realDateNow = Date.now;
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
    expect(globalThis.setTimeout).toBe(realSetTimeout);
    expect(Date.now).toBe(realDateNow);

    const runner = new LocalDurableTestRunner<number>({ handlerFunction: makeLongWaits() });
    const started = performance.now();
    const execution = await runner.run();
    const elapsed = performance.now() - started;

    expect(execution.getResult()).toBe(3);
    expect(elapsed).toBeLessThan(5_000);
    const wait = runner.getOperation('three-days');
    expect(wait.getWaitDetails()?.waitSeconds).toBe(259_200);
    // Service time moved three days on; the test's own clock did not.
    expect(wait.getEndTimestamp()!.getTime() - wait.getStartTimestamp()!.getTime()).toBeGreaterThanOrEqual(259_200_000);
    expect(Math.abs(Date.now() - realDateNow.call(Date))).toBeLessThan(1_000);
  });

  it('takes real time without skipTime', async () => {
    await LocalDurableTestRunner.setupTestEnvironment();
    const handler = withDurableExecution(async (_event: unknown, context) => {
      await context.wait('short', { seconds: 1 });
      return 'done';
    });
    const started = performance.now();
    const execution = await new LocalDurableTestRunner({ handlerFunction: handler }).run();
    expect(execution.getResult()).toBe('done');
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('delays every checkpoint by checkpointDelay', async () => {
    const handler = withDurableExecution(async (_event: unknown, context) => {
      for (const n of [1, 2, 3, 4]) await context.step(`s${n}`, async () => n);
      return 'ok';
    });
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
    const fast = performance.now();
    await new LocalDurableTestRunner({ handlerFunction: handler }).run();
    const fastMs = performance.now() - fast;
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true, checkpointDelay: 100 });
    const slow = performance.now();
    const execution = await new LocalDurableTestRunner({ handlerFunction: handler }).run();
    expect(execution.getResult()).toBe('ok');
    expect(performance.now() - slow).toBeGreaterThanOrEqual(fastMs + 300);
  });
});

describe('the service as the truth', () => {
  it('reports the attempt number the service records', async () => {
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
    const runner = new LocalDurableTestRunner({ handlerFunction: makeLongWaits() });
    const retried = runner.getOperation('retried');
    const running = runner.run();
    await retried.waitForData(WaitingOperationStatus.STARTED);
    await running;
    expect(retried.getStepDetails()).toMatchObject({ attempt: 3, result: 3 });
    const failures = retried.getEvents()?.filter((e) => e.EventType === 'StepFailed') ?? [];
    expect(failures.map((e) => e.StepFailedDetails?.RetryDetails?.CurrentAttempt)).toEqual([1, 2]);
  });

  it('times a callback out as the service does', async () => {
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
    const handler = withDurableExecution(async (_event: unknown, context) => {
      const [answer] = await context.createCallback('approval', { timeout: { hours: 2 } });
      return answer;
    });
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    const execution = await runner.run();
    expect(execution.getStatus()).toBe(ExecutionStatus.FAILED);
    const approval = runner.getOperation('approval');
    expect(approval.getStatus()).toBe(OperationStatus.TIMED_OUT);
    expect(approval.getCallbackDetails()?.error?.errorType).toBeDefined();
  });

  it('keeps a callback open on heartbeats and answers it', async () => {
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
    const handler = withDurableExecution(async (_event: unknown, context) =>
      context.waitForCallback<string>('approval', async () => undefined, { heartbeatTimeout: { hours: 1 } }),
    );
    const runner = new LocalDurableTestRunner<string>({ handlerFunction: handler });
    const approval = runner.getOperation('approval');
    const running = runner.run();
    await approval.waitForData(WaitingOperationStatus.SUBMITTED);
    await expect(approval.sendCallbackHeartbeat()).resolves.toMatchObject({ $metadata: { httpStatusCode: 200 } });
    await approval.sendCallbackSuccess('fine');
    expect((await running).getResult()).toBe('fine');
  });
});

describe('messages: the official wording first, our detail after', () => {
  it('names the missing operation and what was seen when a wait cannot be met', async () => {
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
    const handler = withDurableExecution(async (_event: unknown, context) => context.step('only', async () => 1));
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    const missing = runner.getOperation('absent').waitForData(WaitingOperationStatus.COMPLETED);
    const never = runner.getOperation('only').waitForData(WaitingOperationStatus.STARTED);
    await runner.run();
    await expect(never).resolves.toBeDefined();
    await expect(missing).rejects.toThrow(
      'Operation was not found after execution completion. Expected status: COMPLETED. This typically means the operation was never executed or the test is waiting for the wrong operation. (operation name "absent": it never appeared; execution SUCCEEDED)',
    );
  });

  it('refuses the wrong details for an operation type', async () => {
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
    const runner = new LocalDurableTestRunner({ handlerFunction: makeLongWaits() });
    await runner.run();
    const wait = runner.getOperation('three-days');
    expect(() => wait.getStepDetails()).toThrow('Operation type WAIT is not STEP');
    expect(() => wait.getContextDetails()).toThrow('Operation type WAIT is not CONTEXT');
    expect(() => wait.getChainedInvokeDetails()).toThrow('Operation type WAIT is not INVOKE');
    expect(() => wait.getCallbackDetails()).toThrow('Operation with Type WAIT and SubType Wait is not a valid callback');
    expect(() => runner.getOperation('retried').getWaitDetails()).toThrow('Operation type STEP is not WAIT');
    expect(() => runner.getOperation('nothing').sendCallbackSuccess('x')).toThrow('Could not find callback details (no operation with name "nothing" yet');
    expect(() => new LocalDurableTestRunner({ handlerFunction: undefined as never })).toThrow('handlerFunction must be the function withDurableExecution returned');
  });

  it('throws the execution error from getResult and refuses getError after success', async () => {
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
    const failing = withDurableExecution(async () => {
      throw new RangeError('  quantity out of range  ');
    });
    const failed = await new LocalDurableTestRunner({ handlerFunction: failing }).run();
    expect(() => failed.getResult()).toThrow(/^quantity out of range$/);
    expect(failed.getError()).toMatchObject({ errorType: 'RangeError', errorMessage: '  quantity out of range  ' });
    const ok = await new LocalDurableTestRunner({ handlerFunction: makeLongWaits() }).run();
    expect(() => ok.getError()).toThrow('Cannot get error for succeeded execution');
  });
});

describe('registered functions and handlers of either SDK', () => {
  it('invokes functions registered by ARN, and plain handlers answering through the callback', async () => {
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
    const caller = withDurableExecution(async (_event: unknown, context) => {
      const a = await context.invoke<{ v: number }, number>('by-arn', 'arn:aws:lambda:us-east-1:123456789012:function:adder:live', { v: 1 });
      const b = await context.invoke<{ v: number }, string>('callback-style', 'legacy', { v: a });
      return b;
    });
    const adder = withDurableExecution(async (event: { v: number }, context) => context.step('add', async () => event.v + 1));
    const legacy = (event: { v: number }, _context: unknown, callback: (error?: unknown, result?: unknown) => void): void => {
      setTimeout(() => callback(null, `legacy ${event.v}`), 1);
    };
    const runner = new LocalDurableTestRunner({ handlerFunction: caller })
      .registerDurableFunction('arn:aws:lambda:us-east-1:123456789012:function:adder:live', adder)
      .registerFunction('legacy', legacy);
    const execution = await runner.run();
    expect(execution.getResult()).toBe('legacy 2');
    expect(runner.getOperation('by-arn').getChainedInvokeDetails()).toEqual({ result: 2 });
  });

  it('runs a handler wrapped by the official SDK', async () => {
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
    const official = officialWithDurableExecution(async (event: { n: number }, context) => {
      await context.wait('pause', { minutes: 5 });
      return context.step('square', async () => event.n * event.n);
    });
    const runner = new LocalDurableTestRunner<number>({ handlerFunction: official });
    const execution = await runner.run({ payload: { n: 7 } });
    expect(execution.getResult()).toBe(49);
    expect(runner.getOperationByIndex(0).getWaitDetails()?.waitSeconds).toBe(300);
  });

  it('prints the operations as a table', async () => {
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
    const table = vi.spyOn(console, 'table').mockImplementation(() => undefined);
    try {
      const execution = await new LocalDurableTestRunner({ handlerFunction: makeLongWaits() }).run();
      execution.print({ startTime: false, endTime: false });
      const rows = table.mock.calls[0]?.[0] as Record<string, string>[];
      expect(rows.map((r) => [r.name, r.type, r.status])).toEqual([
        ['three-days', 'WAIT', 'SUCCEEDED'],
        ['retried', 'STEP', 'SUCCEEDED'],
      ]);
      expect(rows[0]).not.toHaveProperty('startTime');
      expect(rows[0]?.duration).toMatch(/^\d+ms$/);
    } finally {
      table.mockRestore();
    }
  });
});
