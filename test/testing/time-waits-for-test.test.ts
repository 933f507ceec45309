import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { withDurableExecution } from '../../src/index.js';
import { DurableTestRunner } from '../../src/testing/index.js';
import { orderApprovalHandler } from './fixtures/order-approval.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

describe('virtual time waits for the test', () => {
  it('runs the order workflow with default options: the 3-day approval is answered by name after 50 ms of real test time', async () => {
    const runner = new DurableTestRunner({ handler: orderApprovalHandler });
    const execution = runner.start({ orderId: 'o-1' });
    const callbackId = await execution.waitForCallback({ name: 'manager-approval' });
    await sleep(50);
    expect(execution.operation({ name: 'manager-approval' })?.Status).toBe('STARTED');
    execution.sendCallbackSuccess(callbackId, { approved: true, by: 'kim' });
    const result = await execution.result();
    expect(result.status).toBe('SUCCEEDED');
    expect(result.result).toEqual({ orderId: 'o-1', reservation: 'reservation-o-1', outcome: 'shipped', approvedBy: 'kim' });
    const started = (result.history[0]!.EventTimestamp as Date).getTime();
    const ended = (result.history.at(-1)!.EventTimestamp as Date).getTime();
    expect(ended - started).toBeGreaterThanOrEqual(DAY + HOUR);
    expect(ended - started).toBeLessThan(DAY + HOUR + 60_000);
  });

  it('tolerates waitForOperation STARTED then a 20 ms pause before the answer (the reported failure)', async () => {
    const runner = new DurableTestRunner({ handler: orderApprovalHandler });
    const execution = runner.start({ orderId: 'o-2' });
    await execution.waitForOperation({ name: 'manager-approval' }, 'STARTED');
    await sleep(20);
    execution.sendCallbackSuccess(await execution.waitForCallback({ name: 'manager-approval' }), '{"approved":false}');
    expect((await execution.result()).result).toMatchObject({ outcome: 'cancelled' });
  });

  it('runs the order workflow with a callbacks map and no test code', async () => {
    const runner = new DurableTestRunner({
      handler: orderApprovalHandler,
      callbacks: { 'manager-approval': { after: { hours: 2 }, success: { approved: true, by: 'map' } } },
    });
    const result = await runner.run({ orderId: 'o-3' });
    expect(result.status).toBe('SUCCEEDED');
    expect(result.result).toMatchObject({ outcome: 'shipped', approvedBy: 'map' });
    const callbackStarted = (result.history.find((e) => e.EventType === 'CallbackStarted')!.EventTimestamp as Date).getTime();
    const callbackDone = (result.history.find((e) => e.EventType === 'CallbackSucceeded')!.EventTimestamp as Date).getTime();
    expect(callbackDone - callbackStarted).toBeGreaterThanOrEqual(2 * HOUR);
    expect(callbackDone - callbackStarted).toBeLessThan(2 * HOUR + 60_000);
  });

  it('never times a pending callback out while nobody awaits, however long the test takes in real time', async () => {
    const handler = withDurableExecution(async (_event: unknown, context) => {
      const [answer] = await context.createCallback('quick', { timeout: { seconds: 1 } });
      return answer;
    });
    const execution = new DurableTestRunner({ handler }).start();
    const callbackId = await execution.waitForCallback({ name: 'quick' });
    await sleep(1_300); // longer than the callback's timeout, in real time
    expect(execution.operation({ name: 'quick' })?.Status).toBe('STARTED');
    execution.sendCallbackSuccess(callbackId, 'in time');
    expect(await execution.result()).toMatchObject({ status: 'SUCCEEDED', result: 'in time' });
  });

  it('moves time on advance() and runUntil(), and a callback times out once time is awaited past its timeout', async () => {
    const handler = withDurableExecution(async (_event: unknown, context) => {
      await context.wait('nap', { hours: 5 });
      const [answer] = await context.createCallback('approval', { timeout: { days: 3 } });
      return answer;
    });
    const execution = new DurableTestRunner({ handler }).start();
    await execution.runUntil((e) => e.operation({ name: 'approval' })?.Status === 'STARTED');
    const callbackStartedAt = execution.service.clock.now();
    await execution.advance({ days: 2 });
    expect(execution.service.clock.now() - callbackStartedAt).toBeGreaterThanOrEqual(2 * DAY);
    expect(execution.operation({ name: 'approval' })?.Status).toBe('STARTED');
    await execution.advance({ days: 1, seconds: 1 });
    expect(execution.operation({ name: 'approval' })?.Status).toBe('TIMED_OUT');
    const result = await execution.result();
    expect(result.status).toBe('FAILED');
    expect(result.error?.ErrorMessage).toMatch(/timed out/i);
  });

  it('does not move time while test code runs between awaits: a 1-hour wait is still pending after real sleeps', async () => {
    const handler = withDurableExecution(async (_event: unknown, context) => {
      await context.step('a', async () => 1);
      await context.wait('hour', { hours: 1 });
      return 'done';
    });
    const execution = new DurableTestRunner({ handler }).start();
    await execution.waitForOperation({ name: 'hour' }, 'STARTED');
    await sleep(100);
    expect(execution.operation({ name: 'hour' })?.Status).toBe('STARTED');
    expect(await execution.result()).toMatchObject({ status: 'SUCCEEDED', result: 'done' });
  });
});

describe('execution timeout', () => {
  const twoDays = withDurableExecution(async (_event: unknown, context) => {
    await context.wait('long', { days: 2 });
    return 'rested';
  });

  it('defaults to 366 days: a two-day wait succeeds', async () => {
    const result = await new DurableTestRunner({ handler: twoDays }).run();
    expect(result).toMatchObject({ status: 'SUCCEEDED', result: 'rested' });
    expect(result.history[0]?.ExecutionStartedDetails?.ExecutionTimeout).toBe(31_622_400);
  });

  it('takes executionTimeout as a Duration and names the option when the execution times out', async () => {
    const result = await new DurableTestRunner({ handler: twoDays, executionTimeout: { hours: 12 } }).run();
    expect(result.status).toBe('TIMED_OUT');
    expect(result.error?.ErrorMessage).toBe('Execution timed out: it ran longer than its execution timeout of 12 hours, set by the DurableTestRunner option executionTimeout');
  });

  it('ends an execution whose callback nobody answers at the default timeout instead of hanging, naming the default', async () => {
    const handler = withDurableExecution(async (_event: unknown, context) => {
      const [answer] = await context.createCallback('forgotten');
      return answer;
    });
    const result = await new DurableTestRunner({ handler }).run();
    expect(result.status).toBe('TIMED_OUT');
    expect(result.error?.ErrorMessage).toMatch(/execution timeout of 366 days, set by the DurableTestRunner option executionTimeout \(default: 366 days\)$/);
  });

  it('rejects an executionTimeout outside 1 s .. 366 days', () => {
    expect(() => new DurableTestRunner({ handler: twoDays, executionTimeout: { days: 367 } })).toThrow(/executionTimeout must be whole seconds from 1 second to 366 days/);
    expect(() => new DurableTestRunner({ handler: twoDays, executionTimeout: { seconds: 0 } })).toThrow(/executionTimeout/);
  });
});
