import 'durable-lambda/testing/vitest';
import { withDurableExecution } from 'durable-lambda';
import { DurableTestRunner } from 'durable-lambda/testing';
import { describe, expect, it } from 'vitest';

const order = withDurableExecution(async (_event: unknown, context) => {
  for (let i = 0; i < 20; i += 1) await context.step(`line-${i}`, async () => i);
  await context.wait('settle', { hours: 1 });
  await context.step('charge', async () => ({ id: 'ch_1', amount: 42 }));
  return 'done';
});

const messageOf = (fn: () => void): string => {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the assertion to fail');
};

describe('history assertions people can write', () => {
  it("'**' matches any number of events, none included", async () => {
    const result = await new DurableTestRunner({ handler: order }).run();
    expect(result).toMatchHistory([{ EventType: 'ExecutionStarted' }, '**', { EventType: 'StepSucceeded', Name: 'charge' }, { EventType: 'ExecutionSucceeded' }]);
    expect(result).toMatchHistory(['**', { EventType: 'WaitSucceeded', Name: 'settle' }, '**']);
    expect(result).toMatchHistory([{ EventType: 'ExecutionStarted' }, '**', '**', { EventType: 'StepStarted', Name: 'line-0' }, '**']);
    expect(result).not.toMatchHistory([{ EventType: 'ExecutionStarted' }, '**', { EventType: 'StepSucceeded', Name: 'charge' }]);
    expect(messageOf(() => expect(result).toMatchHistory([{ EventType: 'ExecutionStarted' }, '**', { EventType: 'StepSucceeded', Name: 'charge' }])))
      .toMatch(/events left over after the last expectation \(end with '\*\*' to allow them\): ExecutionSucceeded/);
  });

  it('toContainHistory matches a subsequence, in order', async () => {
    const result = await new DurableTestRunner({ handler: order }).run();
    expect(result).toContainHistory([{ EventType: 'StepSucceeded', Name: 'line-3' }, { EventType: 'WaitSucceeded' }, { EventType: 'StepSucceeded', Name: 'charge', StepSucceededDetails: { Result: { Payload: expect.stringContaining('ch_1') } } }]);
    expect(result).not.toContainHistory([{ EventType: 'WaitSucceeded' }, { EventType: 'StepSucceeded', Name: 'line-3' }]);
    const message = messageOf(() => expect(result).toContainHistory([{ EventType: 'WaitSucceeded' }, { EventType: 'StepSucceeded', Name: 'line-3' }]));
    expect(message).toMatch(/expectation 1 [\s\S]* matched no event; closest: event 44 \(StepSucceeded "charge"\): Name is "charge", expected "line-3"/);
  });

  it('prints a diff in the framework format, asymmetric matchers as such', async () => {
    const result = await new DurableTestRunner({ handler: order }).run();
    const message = messageOf(() => expect(result).toContainHistory([
      { EventType: 'StepSucceeded', Name: 'charge', StepSucceededDetails: { Result: { Payload: expect.stringContaining('ch_2') } }, SubType: expect.anything() },
    ]));
    expect(message).toMatch(/^expected the history to contain these events in this order/);
    expect(message).toContain('closest: event');
    expect(message).toContain('StepSucceeded "charge"');
    // Vitest's own diff markers and its names for asymmetric matchers, never their JSON.
    expect(message).toContain('- Expected');
    expect(message).toContain('+ Received');
    expect(message).toContain('StringContaining "ch_2"');
    expect(message).not.toContain('{"inverse":false}');
    expect(message).not.toContain('{"sample"');
    // The parts that matched are not reported as differences.
    expect(message).not.toMatch(/^[-+] +"EventType"/m);
    expect(message).toMatch(/history \(\d+ events\):\n {2}0: ExecutionStarted/);
  });

  it('names asymmetric matchers in one-line messages too', async () => {
    const result = await new DurableTestRunner({ handler: order }).run();
    const message = messageOf(() => expect(result).toHaveSucceededWith(expect.any(Number)));
    expect(message).toMatch(/expected the execution to succeed with Any<Number>, but it SUCCEEDED with "done"/);
  });

  it('toStayWithin compares result.usage with limits', async () => {
    const result = await new DurableTestRunner({ handler: order }).run();
    // Hand count: start 1 + 20 steps + wait 1 + charge 1 = 23.
    expect(result.usage.operations).toBe(23);
    expect(result).toStayWithin({ operations: 23, storageWrittenBytes: 10_000_000 });
    expect(result).not.toStayWithin({ operations: 22 });
    expect(messageOf(() => expect(result).toStayWithin({ operations: 10 }))).toMatch(/to stay within \{"operations":10\}: operations 23 > 10 \(operations 23, storageWrittenBytes \d+, invocations 2\)/);
  });
});
