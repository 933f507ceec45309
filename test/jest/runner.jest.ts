// Runs under Jest (see jest.config.cjs): the runner, the matchers and the replay check.
import { describe, expect, it } from '@jest/globals';
import { withDurableExecution } from 'durable-lambda';
import { assertReplayDeterministic, DurableTestRunner } from 'durable-lambda/testing';

const handler = withDurableExecution(async (event: { n: number }, context) => {
  const doubled = await context.step('double', async () => event.n * 2);
  await context.wait('nap', { hours: 1 });
  const [answer] = await context.createCallback('approval');
  return { doubled, answer: await answer };
});

describe('DurableTestRunner under Jest', () => {
  it('runs an hour-long wait and a callback in virtual time, two executions at once', async () => {
    const runner = new DurableTestRunner({ handler });
    const started = Date.now();
    const executions = [1, 2].map((n) => runner.start({ n }));
    for (const execution of executions) execution.sendCallbackSuccess(await execution.waitForCallback({ name: 'approval' }), '"ok"');
    const results = await Promise.all(executions.map((e) => e.result()));
    expect(results[0]).toHaveSucceededWith({ doubled: 2, answer: '"ok"' });
    expect(results[1]).toHaveSucceededWith({ doubled: 4, answer: expect.any(String) });
    expect(results[0]).toMatchHistory([
      { EventType: 'ExecutionStarted' },
      { EventType: 'StepStarted', Name: 'double' },
      { EventType: 'StepSucceeded', Name: 'double', StepSucceededDetails: { Result: { Payload: '2' } } },
      { EventType: 'WaitStarted', WaitStartedDetails: { Duration: 3600 } },
      { EventType: 'WaitSucceeded', Name: 'nap' },
      { EventType: 'CallbackStarted', CallbackStartedDetails: { CallbackId: '*' } },
      { EventType: 'CallbackSucceeded' },
      { EventType: 'ExecutionSucceeded' },
    ]);
    expect(Date.now() - started).toBeLessThan(10_000);
    for (const execution of executions) await assertReplayDeterministic(execution);
  });

  it('reports a failed execution through toHaveFailedWith', async () => {
    const failing = withDurableExecution(async (_event: unknown, context) => {
      await context.step('check', async () => 'fine');
      throw new TypeError('bad order');
    });
    const result = await new DurableTestRunner({ handler: failing }).run();
    expect(result).toHaveFailedWith({ ErrorType: 'TypeError', ErrorMessage: 'bad order' });
    expect(result).not.toHaveSucceededWith();
  });
});
