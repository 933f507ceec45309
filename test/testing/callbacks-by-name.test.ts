import { describe, expect, it } from 'vitest';
import { withDurableExecution } from '../../src/index.js';
import { DurableTestRunner, type CallbackInfo } from '../../src/testing/index.js';

const approval = withDurableExecution(async (event: { amount: number }, context) => {
  const answer = await context.waitForCallback<string>('manager-approval', async () => undefined, { timeout: { days: 3 }, heartbeatTimeout: { hours: 3 } });
  const [receipt] = await context.createCallback('receipt', { timeout: { hours: 1 } });
  return { approval: answer, receipt: await receipt, amount: event.amount };
});

describe('callbacks by name', () => {
  it('finds the callback inside a waitForCallback by the operation name', async () => {
    const execution = new DurableTestRunner({ handler: approval }).start({ amount: 3 });
    const approvalId = await execution.waitForCallback({ name: 'manager-approval' });
    execution.sendCallbackSuccess(approvalId, { ok: true });
    execution.sendCallbackSuccess(await execution.waitForCallback({ name: 'receipt' }), 'r-1');
    // A value that is not a string is JSON-encoded; a string arrives as it was sent.
    expect(await execution.result()).toMatchObject({ status: 'SUCCEEDED', result: { approval: '{"ok":true}', receipt: 'r-1', amount: 3 } });
  });

  it('says what an operation is when it is not a callback', async () => {
    const handler = withDurableExecution(async (_event: unknown, context) => {
      await context.step('charge', async () => 1);
      const [answer] = await context.createCallback('cb');
      return answer;
    });
    const execution = new DurableTestRunner({ handler }).start();
    await expect(execution.waitForCallback({ name: 'charge' })).rejects.toThrow('Operation {"name":"charge"} is a STEP (Step), not a callback or a waitForCallback');
    execution.stop();
  });

  it('answers by a callbacks map: functions get the callback, answers can be failures, heartbeats and delayed', async () => {
    const seen: CallbackInfo[] = [];
    const runner = new DurableTestRunner({
      handler: approval,
      callbacks: {
        'manager-approval': (info) => {
          seen.push(info);
          return [
            { after: { hours: 2 }, heartbeat: true },
            { after: { hours: 4 }, heartbeat: true },
            { after: { hours: 6 }, success: { approved: true } },
          ];
        },
        receipt: { after: { minutes: 30 }, failure: { ErrorType: 'Declined', ErrorMessage: 'card declined' } },
      },
    });
    const result = await runner.run({ amount: 5 });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ name: 'manager-approval', callbackId: expect.any(String), operation: { Type: 'CALLBACK', Status: 'STARTED' } });
    // The heartbeats kept the 3-hour heartbeat timeout from firing during the 6 hours.
    expect(result.status).toBe('FAILED');
    expect(result.error).toMatchObject({ ErrorMessage: 'card declined' });
    const approvalOp = result.operations.find((op) => op.Type === 'CALLBACK' && op.Name === undefined);
    expect(approvalOp?.Status).toBe('SUCCEEDED');
    expect(approvalOp!.EndTimestamp!.getTime() - approvalOp!.StartTimestamp!.getTime()).toBeGreaterThanOrEqual(6 * 3_600_000);
  });

  it('without the heartbeats the same approval times out on its heartbeat timeout', async () => {
    const runner = new DurableTestRunner({ handler: approval, callbacks: { 'manager-approval': { after: { hours: 6 }, success: 'late' } } });
    const result = await runner.run({ amount: 5 });
    expect(result.status).toBe('FAILED');
    expect(JSON.stringify(result.error)).toMatch(/heartbeat/i);
  });

  it('stops the execution with the error when a responder throws', async () => {
    const runner = new DurableTestRunner({
      handler: approval,
      callbacks: { 'manager-approval': () => { throw new Error('no answer prepared'); } },
    });
    const result = await runner.run({ amount: 1 });
    expect(result.status).toBe('STOPPED');
    expect(result.error?.ErrorMessage).toBe("The runner's callbacks['manager-approval'] failed: no answer prepared");
  });
});
