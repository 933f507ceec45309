import 'durable-lambda/testing/vitest';
import { withDurableExecution } from 'durable-lambda';
import { DurableTestRunner, durableMatchers } from 'durable-lambda/testing';
import { describe, expect, it } from 'vitest';

const order = withDurableExecution(async (event: { fail?: boolean }, context) => {
  const charged = await context.step('charge', async () => ({ id: 'ch_1', amount: 42 }));
  await context.wait('settle', { seconds: 30 });
  if (event.fail === true) throw new RangeError('refund window closed');
  return { charged, at: 'done' };
});

describe('durable matchers', () => {
  it('toHaveSucceededWith checks status and value, with asymmetric matchers', async () => {
    const result = await new DurableTestRunner({ handler: order }).run({});
    expect(result).toHaveSucceededWith({ charged: { id: 'ch_1', amount: 42 }, at: 'done' });
    expect(result).toHaveSucceededWith({ charged: expect.objectContaining({ amount: expect.any(Number) }), at: expect.any(String) });
    expect(result).toHaveSucceededWith();
    expect(result).not.toHaveSucceededWith({ at: 'done' });
    expect(result).not.toHaveFailedWith();
    expect(() => expect(result).toHaveSucceededWith({ at: 'other' })).toThrow(/expected the execution to succeed with \{"at":"other"\}, but it SUCCEEDED with \{"charged"/);
  });

  it('toHaveFailedWith matches the message (string, RegExp) or a subset of the error object', async () => {
    const result = await new DurableTestRunner({ handler: order }).run({ fail: true });
    expect(result).toHaveFailedWith();
    expect(result).toHaveFailedWith('refund window closed');
    expect(result).toHaveFailedWith(/window/);
    expect(result).toHaveFailedWith({ ErrorType: 'RangeError', ErrorMessage: expect.stringContaining('refund') });
    expect(result).not.toHaveFailedWith('other message');
    expect(result).not.toHaveSucceededWith();
    expect(() => expect(result).toHaveSucceededWith()).toThrow(/but it FAILED with RangeError: refund window closed/);
    expect(() => expect({ nope: 1 }).toHaveFailedWith()).toThrow(/expects the result of a DurableTestRunner/);
  });

  it('toMatchHistory matches events in order with "*" wildcards and expect.any', async () => {
    const runner = new DurableTestRunner({ handler: order });
    const execution = runner.start({});
    const result = await execution.result();
    const expected = [
      { EventType: 'ExecutionStarted', Name: '*' },
      { EventType: 'StepStarted', Name: 'charge' },
      { EventType: 'StepSucceeded', Name: 'charge', StepSucceededDetails: { Result: { Payload: '{"id":"ch_1","amount":42}' } } },
      { EventType: 'WaitStarted', WaitStartedDetails: { Duration: 30, ScheduledEndTimestamp: expect.any(Date) } },
      '*',
      { EventType: 'ExecutionSucceeded', EventId: expect.any(Number) },
    ];
    expect(result).toMatchHistory(expected);
    expect(execution).toMatchHistory(expected);
    expect(result.history).toMatchHistory(expected);
    expect(result).toMatchHistory([...expected.slice(0, 2), expect.objectContaining({ EventType: 'StepSucceeded' }), '*', { EventType: 'InvocationCompleted' }, '*', '*', '*'], { includeInvocations: true });
    expect(result).not.toMatchHistory(expected.slice(1));
    expect(() => expect(result).toMatchHistory([...expected.slice(0, 2), { EventType: 'StepSucceeded', Name: 'refund' }, ...expected.slice(3)]))
      .toThrow('expected the history to match: event 2 (StepSucceeded "charge"): Name is "charge", expected "refund"');
    expect(() => expect(result).toMatchHistory([{ EventType: 'ExecutionStarted', ParentId: '*' }, ...expected.slice(1)]))
      .toThrow('event 0 (ExecutionStarted');
    expect(() => expect(result).toMatchHistory(expected.slice(0, 2))).toThrow(/the history has 6 events, expected 2: ExecutionStarted/);
  });

  it('is one object for expect.extend in any framework', () => {
    expect(Object.keys(durableMatchers).sort()).toEqual(['toContainHistory', 'toHaveFailedWith', 'toHaveSucceededWith', 'toMatchHistory', 'toStayWithin']);
  });
});
