import { describe, expect, it } from 'vitest';
import { withDurableExecution } from '../../src/index.js';
import { assertCrashSafe, DurableTestRunner } from '../../src/testing/index.js';
import { createDemoTravelServices, createTripSaga } from '../../examples/saga/handler.js';
import { orderApprovalHandler } from './fixtures/order-approval.js';

describe('assertCrashSafe', () => {
  it('passes a safe workflow, once per checkpoint boundary and phase', async () => {
    const handler = withDurableExecution(async (event: { n: number }, context) => {
      const doubled = await context.step('double', async () => event.n * 2);
      await context.wait('pause', { minutes: 5 });
      return context.step('add', async () => doubled + 1);
    });
    const execution = new DurableTestRunner({ handler }).start({ n: 4 });
    expect(await execution.result()).toMatchObject({ status: 'SUCCEEDED', result: 9 });
    const report = await assertCrashSafe(execution);
    expect(report.boundaries).toBeGreaterThanOrEqual(3);
    expect(report.runs).toBe(report.boundaries * 2);
  });

  it('catches a step that assigns a handler variable instead of returning its value', async () => {
    const handler = withDurableExecution(async (_event: unknown, context) => {
      let total = 0;
      await context.step('compute', async () => {
        total = 42; // lost when the step replays from its record
      });
      await context.step('log', async () => 'logged');
      return total;
    });
    const execution = new DurableTestRunner({ handler }).start();
    expect(await execution.result()).toMatchObject({ status: 'SUCCEEDED', result: 42 });
    await expect(assertCrashSafe(execution)).rejects.toThrow(/Not crash-safe: a crash at checkpoint call \d+ of \d+ \((before|after)[^)]*\) ended SUCCEEDED with 0 instead of SUCCEEDED with 42\.\nTimeline of that run:\n/);
  });

  it('runs on the order workflow and the saga example, answering callbacks as the original did', async () => {
    const started = Date.now();
    const order = new DurableTestRunner({ handler: orderApprovalHandler, callbacks: { 'manager-approval': { success: { approved: true } } } }).start({ orderId: 'c-1' });
    await order.result();
    const orderReport = await assertCrashSafe(order);
    const saga = new DurableTestRunner({ handler: createTripSaga(createDemoTravelServices()) }).start({ tripId: 't-1', flight: 'LH-400', hotel: 'harbour-view', card: 'tok_visa', amountCents: 120000 });
    await saga.result();
    const sagaReport = await assertCrashSafe(saga);
    console.log(`assertCrashSafe: order workflow ${orderReport.boundaries} boundaries, ${orderReport.runs} runs; saga ${sagaReport.boundaries} boundaries, ${sagaReport.runs} runs; ${Date.now() - started} ms`);
    expect(orderReport.runs).toBeGreaterThan(0);
    expect(sagaReport.runs).toBeGreaterThan(0);
  }, 60_000);
});
