import { withDurableExecution as officialWithDurableExecution } from '@aws/durable-execution-sdk-js';
import { withDurableExecution } from 'durable-lambda';
import { assertReplayDeterministic, DurableTestRunner, ReplayMismatchError, replayExecution } from 'durable-lambda/testing';
import { describe, expect, it } from 'vitest';

const deterministic = withDurableExecution(async (event: { n: number }, context) => {
  const a = await context.step('a', async () => event.n * 2);
  await context.wait('w', { minutes: 1 });
  const b = await context.runInChildContext('child', async (c) => c.step('b', async () => a + 1));
  context.logger.info('before the callback');
  const [cb] = await context.createCallback('cb');
  return { a, b, cb: await cb };
});

const finish = async (runner: DurableTestRunner, input: unknown) => {
  const execution = runner.start(input);
  execution.sendCallbackSuccess(await execution.waitForCallback({ name: 'cb' }), '"yes"');
  await execution.result();
  return execution;
};

describe('assertReplayDeterministic', () => {
  it('passes for a deterministic handler: same result, no new operations, no replayed log lines', async () => {
    const execution = await finish(new DurableTestRunner({ handler: deterministic }), { n: 3 });
    const report = await assertReplayDeterministic(execution);
    expect(report).toMatchObject({ status: 'SUCCEEDED', result: '{"a":6,"b":7,"cb":"\\"yes\\""}', newUpdates: [] });
    expect(report.logs.filter((l) => l.includes('before the callback'))).toEqual([]); // replayed code does not log
  });

  it('works for the official SDK too, and for a FAILED execution', async () => {
    const failing = officialWithDurableExecution(async (_event: unknown, context) => {
      await context.step('x', async () => 1);
      throw new TypeError('always');
    });
    const execution = new DurableTestRunner({ handler: failing }).start();
    expect((await execution.result()).status).toBe('FAILED');
    await expect(assertReplayDeterministic(execution)).resolves.toMatchObject({ status: 'FAILED', error: { ErrorMessage: 'always' } });
  });

  it('fails on NonDeterministicExecutionError when the code takes another path on replay', async () => {
    let firstRun = true;
    const flipping = withDurableExecution(async (_event: unknown, context) => {
      const useStep = firstRun;
      firstRun = false;
      if (useStep) await context.step('pick', async () => 1);
      else await context.wait('pick', { seconds: 1 });
      return 'done';
    });
    const execution = new DurableTestRunner({ handler: flipping }).start();
    expect((await execution.result()).status).toBe('SUCCEEDED');
    const error = await assertReplayDeterministic(execution).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ReplayMismatchError);
    expect((error as Error).message).toMatch(/is not deterministic: NonDeterministicExecutionError: .*type mismatch/i);
  });

  it('fails when the replay runs operations the history does not have, or returns another result', async () => {
    let calls = 0;
    const growing = withDurableExecution(async (_event: unknown, context) => {
      calls += 1;
      await context.step('first', async () => 1);
      if (calls > 1) await context.step('extra', async () => 2);
      return 'done';
    });
    const grown = new DurableTestRunner({ handler: growing }).start();
    await grown.result();
    await expect(assertReplayDeterministic(grown)).rejects.toThrow(/ran operations the history does not have: (START|SUCCEED) STEP "extra"/);

    let clock = 0;
    const timeDependent = withDurableExecution(async (_event: unknown, context) => {
      await context.step('first', async () => 1);
      clock += 1;
      return `t${clock}`; // computed outside a step: differs on replay
    });
    const drifting = new DurableTestRunner({ handler: timeDependent }).start();
    await drifting.result();
    await expect(assertReplayDeterministic(drifting)).rejects.toThrow('the result differs: recorded "t1", replayed "t2"');
  });

  it('refuses a running execution', async () => {
    const execution = new DurableTestRunner({ handler: deterministic }).start({ n: 1 });
    await execution.waitForCallback({ name: 'cb' });
    await expect(replayExecution(execution)).rejects.toThrow(/Only a SUCCEEDED or FAILED execution can be replayed; .* is RUNNING/);
    execution.stop();
  });
});
