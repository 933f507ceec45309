// Issue 14 under Jest: time that waits for the test, callbacks by name, history assertions with
// Jest's own diffs, usage, and the user's console lines attributed to the user's file.
import { describe, expect, it } from '@jest/globals';
import { withDurableExecution } from 'durable-lambda';
import { DurableTestRunner } from 'durable-lambda/testing';
import { orderApprovalHandler } from '../testing/fixtures/order-approval.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('testing that fits Jest', () => {
  it('runs the order workflow with default options, answering the approval by name after 50 ms', async () => {
    const execution = new DurableTestRunner({ handler: orderApprovalHandler }).start({ orderId: 'j-1' });
    const callbackId = await execution.waitForCallback({ name: 'manager-approval' });
    await sleep(50);
    execution.sendCallbackSuccess(callbackId, { approved: true, by: 'jest' });
    const result = await execution.result();
    expect(result).toHaveSucceededWith({ orderId: 'j-1', reservation: 'reservation-j-1', outcome: 'shipped', approvedBy: 'jest' });
    expect(result).toContainHistory([{ EventType: 'WaitSucceeded', Name: 'settle-payment' }, { EventType: 'CallbackSucceeded' }, { EventType: 'WaitSucceeded', Name: 'cool-off' }]);
    expect(result).toMatchHistory([{ EventType: 'ExecutionStarted' }, '**', { EventType: 'ExecutionSucceeded' }]);
  });

  it('runs the order workflow with a callbacks map and no test code', async () => {
    const runner = new DurableTestRunner({ handler: orderApprovalHandler, callbacks: { 'manager-approval': { after: { hours: 2 }, success: { approved: false } } } });
    expect(await runner.run({ orderId: 'j-2' })).toHaveSucceededWith(expect.objectContaining({ outcome: 'cancelled' }));
  });

  it("prints history failures as Jest diffs, asymmetric matchers by Jest's names", async () => {
    const handler = withDurableExecution(async (_event: unknown, context) => context.step('charge', async () => ({ id: 'ch_1' })));
    const result = await new DurableTestRunner({ handler }).run();
    let message = '';
    try {
      expect(result).toContainHistory([{ EventType: 'StepSucceeded', Name: 'charge', StepSucceededDetails: { Result: { Payload: expect.stringContaining('ch_2') } } }]);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('- Expected');
    expect(message).toContain('+ Received');
    expect(message).toContain('StringContaining "ch_2"');
    expect(message).not.toContain('{"inverse":false}');
    expect(result).toStayWithin({ operations: 2 });
    expect(result.usage).toEqual({ operations: 2, storageWrittenBytes: expect.any(Number), invocations: 1 });
  });

  it('leaves the call site of the test’s own console lines alone', async () => {
    const handler = withDurableExecution(async (_event: unknown, context) => {
      console.log('a line from the handler');
      return context.step('noop', async () => 1);
    });
    const result = await new DurableTestRunner({ handler }).run();
    expect(result.logs).toContain('a line from the handler');
    console.log('a line from the jest test itself');
  });
});
