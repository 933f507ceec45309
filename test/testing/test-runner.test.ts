import { createRetryStrategy, JitterStrategy, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { withDurableExecution as oursWithDurableExecution } from 'durable-lambda';
import { describe, expect, it } from 'vitest';
import { DurableTestRunner, type LambdaHandler } from '../../src/testing/index.js';

/** Wraps a handler with one SDK; the context is loosely typed because the two SDKs' types are distinct. */
type Wrap = (handler: (event: any, ctx: any) => Promise<unknown>) => LambdaHandler;
const SDKS: [string, Wrap][] = [
  ['official', (handler) => withDurableExecution(handler)],
  ['ours', (handler) => oursWithDurableExecution(handler)],
];

describe.each(SDKS)('DurableTestRunner with the %s SDK', (_sdk, wrap) => {
  it('answers a callback found by name and reports result, operations, history and logs', async () => {
    const runner = new DurableTestRunner({
      handler: wrap(async (event: { user: string }, ctx) => {
        ctx.logger.info(`asking ${event.user}`);
        const [answer] = await ctx.createCallback('approval', { timeout: { minutes: 5 } });
        const reply = await answer;
        await ctx.wait('cooldown', { hours: 2 });
        return { reply };
      }),
    });
    const execution = runner.start({ user: 'ada' });
    const callbackId = await execution.waitForCallback({ name: 'approval' });
    execution.sendCallbackHeartbeat(callbackId);
    execution.sendCallbackSuccess(callbackId, 'yes');
    const done = await execution.result();
    expect(done.status).toBe('SUCCEEDED');
    expect(done.result).toEqual({ reply: 'yes' });
    expect(execution.operation({ name: 'cooldown' })?.Status).toBe('SUCCEEDED');
    expect(execution.operation({ index: 0 })?.Type).toBe('CALLBACK');
    expect(done.history.filter((e) => e.EventType === 'InvocationCompleted')).toHaveLength(3);
    const records = done.logs.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { message: string; executionArn: string });
    expect(records.filter((r) => r.message === 'asking ada')).toHaveLength(1);
    expect(records[0]?.executionArn).toBe(execution.arn);
  });

  it('runs chained invokes of durable and plain functions as child executions', async () => {
    const runner = new DurableTestRunner({
      handler: wrap(async (event: { x: number }, ctx) => {
        const doubled = await ctx.invoke('double', 'doubler', { x: event.x });
        const squared = await ctx.invoke('square', 'squarer', { x: doubled as number }, { tenantId: 't-1' });
        return squared;
      }),
      functions: {
        doubler: wrap(async (event: { x: number }, ctx) => ctx.step('mul', async () => event.x * 2)),
        squarer: { handler: async (event: { x: number }) => event.x * event.x, durable: false },
      },
    });
    const done = await runner.run({ x: 3 });
    expect(done.status).toBe('SUCCEEDED');
    expect(done.result).toBe(36);
    expect(done.history.map((e) => e.EventType)).toEqual([
      'ExecutionStarted', 'ChainedInvokeStarted', 'InvocationCompleted', 'ChainedInvokeSucceeded',
      'ChainedInvokeStarted', 'InvocationCompleted', 'ChainedInvokeSucceeded', 'InvocationCompleted', 'ExecutionSucceeded',
    ]);
    const started = done.history.filter((e) => e.EventType === 'ChainedInvokeStarted');
    expect(started.map((e) => e.ChainedInvokeStartedDetails?.FunctionName)).toEqual(['doubler', 'squarer']);
    expect(started[1]?.ChainedInvokeStartedDetails).toMatchObject({
      TenantId: 't-1', Input: { Payload: '{"x":6}' }, ExecutedVersion: '$LATEST',
      DurableExecutionArn: expect.stringMatching(/function:squarer:\$LATEST\/durable-execution\//),
    });
    const child = runner.service.getExecution(started[0]!.ChainedInvokeStartedDetails!.DurableExecutionArn!);
    expect(child).toMatchObject({ Status: 'SUCCEEDED', Result: '6' });
    expect(done.history.filter((e) => e.EventType === 'ChainedInvokeSucceeded')).toHaveLength(2);
  });
});

describe('DurableTestRunner (official SDK handlers)', () => {

  it('waits for an operation status across retries and keeps parallel executions apart', async () => {
    const runner = new DurableTestRunner({
      handler: withDurableExecution(async (event: { n: number }, ctx) => {
        console.log(`execution ${event.n} starting`);
        return ctx.step('flaky', async (step) => {
          if (step.attempt < 3) throw new Error(`attempt ${step.attempt} failed`);
          return event.n * 10;
        }, { retryStrategy: createRetryStrategy({ maxAttempts: 5, initialDelay: { seconds: 30 }, jitter: JitterStrategy.NONE }) });
      }),
    });
    const executions = [1, 2, 3].map((n) => runner.start({ n }));
    const first = await executions[0]!.waitForOperation({ name: 'flaky' }, 'SUCCEEDED');
    expect(first.StepDetails?.Attempt).toBe(3);
    const results = await Promise.all(executions.map((e) => e.result()));
    expect(results.map((r) => r.result)).toEqual([10, 20, 30]);
    for (const [i, r] of results.entries()) {
      expect(r.logs.filter((l) => l.includes('starting'))).toEqual([`execution ${i + 1} starting`, `execution ${i + 1} starting`, `execution ${i + 1} starting`]);
      const failed = r.history.filter((e) => e.EventType === 'StepFailed');
      expect(failed.map((e) => e.StepFailedDetails?.RetryDetails)).toEqual([
        { CurrentAttempt: 1, NextAttemptDelaySeconds: 30 },
        { CurrentAttempt: 2, NextAttemptDelaySeconds: 60 },
      ]);
    }
  });

  it('rejects waitForOperation when the execution ends first, and reports failures', async () => {
    const runner = new DurableTestRunner({
      handler: withDurableExecution(async () => {
        throw new RangeError('bad input');
      }),
    });
    const execution = runner.start();
    await expect(execution.waitForOperation({ name: 'never' })).rejects.toThrow(/Execution ended \(FAILED\)/);
    const done = await execution.result();
    expect(done.error).toMatchObject({ ErrorType: 'RangeError', ErrorMessage: 'bad input' });
  });
});
