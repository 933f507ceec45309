import { createWaitStrategy, JitterStrategy, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { describe, expect, it } from 'vitest';
import { DurableTestRunner } from '../../src/testing/index.js';

const shape = (events: { EventType: string; SubType?: string }[]): string[] =>
  events.map((e) => (e.SubType ? `${e.EventType}/${e.SubType}` : e.EventType));

describe('operations beyond the local requirement suites (official SDK)', () => {
  it('waitForCondition: RETRY with state is recorded as StepSucceeded with RetryDetails', async () => {
    const runner = new DurableTestRunner({
      handler: withDurableExecution(async (_event: unknown, ctx) =>
        ctx.waitForCondition('poll', async (state: number) => state + 1, {
          initialState: 0,
          waitStrategy: createWaitStrategy({ shouldContinuePolling: (s: number) => s < 3, initialDelay: { seconds: 5 }, jitter: JitterStrategy.NONE }),
        })),
    });
    const done = await runner.run();
    expect(done).toMatchObject({ status: 'SUCCEEDED', result: 3 });
    const steps = done.history.filter((e) => e.EventType.startsWith('Step'));
    expect(shape(steps)).toEqual([
      'StepStarted/WaitForCondition', 'StepSucceeded/WaitForCondition', 'StepStarted/WaitForCondition',
      'StepSucceeded/WaitForCondition', 'StepStarted/WaitForCondition', 'StepSucceeded/WaitForCondition',
    ]);
    expect(steps[1]?.StepSucceededDetails).toMatchObject({ Result: { Payload: '1' }, RetryDetails: { CurrentAttempt: 1, NextAttemptDelaySeconds: 5 } });
    expect(steps[5]?.StepSucceededDetails).toMatchObject({ Result: { Payload: '3' }, RetryDetails: { CurrentAttempt: 3 } });
    expect(done.history.filter((e) => e.EventType === 'InvocationCompleted')).toHaveLength(3);
  });

  it('waitForCallback: a WaitForCallback context around an unnamed callback and submitter step', async () => {
    const runner = new DurableTestRunner({
      handler: withDurableExecution(async (_event: unknown, ctx) =>
        ctx.waitForCallback('approval', async () => undefined, { timeout: { seconds: 30 } })),
    });
    const execution = runner.start();
    const callbackId = await execution.waitForCallback({ index: 1 });
    await execution.waitForOperation({ index: 2 }, 'SUCCEEDED');
    execution.sendCallbackSuccess(callbackId, '"ok"');
    const done = await execution.result();
    expect(done).toMatchObject({ status: 'SUCCEEDED', result: '"ok"' });
    const ctx = done.history.find((e) => e.EventType === 'ContextStarted');
    expect(ctx).toMatchObject({ SubType: 'WaitForCallback', Name: 'approval' });
    const callback = done.history.find((e) => e.EventType === 'CallbackStarted');
    expect(callback).toMatchObject({ SubType: 'Callback', ParentId: ctx?.Id, CallbackStartedDetails: { Timeout: 30 } });
    expect(callback?.Name).toBeUndefined();
  });

  it('waitForCallback timing out surfaces Callback.Timeout', async () => {
    const runner = new DurableTestRunner({
      handler: withDurableExecution(async (_event: unknown, ctx) =>
        ctx.waitForCallback('approval', async () => undefined, { timeout: { hours: 1 } })),
    });
    const done = await runner.run();
    expect(done.status).toBe('FAILED');
    const timedOut = done.history.find((e) => e.EventType === 'CallbackTimedOut');
    expect(timedOut?.CallbackTimedOutDetails?.Error?.Payload?.ErrorType).toBe('Callback.Timeout');
    expect(new Date(timedOut!.EventTimestamp).getTime() - new Date(done.history[0]!.EventTimestamp).getTime()).toBeGreaterThanOrEqual(3_600_000);
  });

  it('invoke: a failing child execution is ChainedInvokeFailed with its error', async () => {
    const runner = new DurableTestRunner({
      handler: withDurableExecution(async (_event: unknown, ctx) => {
        try {
          await ctx.invoke('charge', 'payments', { amount: 5 });
          return 'charged';
        } catch (error) {
          return `caught ${(error as Error).message}`;
        }
      }),
      functions: {
        payments: withDurableExecution(async () => {
          throw new TypeError('card declined');
        }),
      },
    });
    const done = await runner.run();
    expect(done).toMatchObject({ status: 'SUCCEEDED', result: 'caught card declined' });
    const failed = done.history.find((e) => e.EventType === 'ChainedInvokeFailed');
    expect(failed).toMatchObject({ SubType: 'ChainedInvoke', Name: 'charge' });
    expect(failed?.ChainedInvokeFailedDetails?.Error?.Payload).toMatchObject({ ErrorType: 'TypeError', ErrorMessage: 'card declined' });
  });

  it('invoke of an unknown function fails the execution with ResourceNotFoundException', async () => {
    const runner = new DurableTestRunner({
      handler: withDurableExecution(async (_event: unknown, ctx) => ctx.invoke('nowhere', { x: 1 })),
    });
    const done = await runner.run();
    expect(done.status).toBe('FAILED');
    expect(done.error?.ErrorMessage).toMatch(/Function not found: nowhere/);
  });
});
