import { withDurableExecution as officialWithDurableExecution } from '@aws/durable-execution-sdk-js';
import { describe, expect, it } from 'vitest';
import { StepSemantics, withDurableExecution } from '../../src/index.js';
import { runWithCrash } from '../../src/testing/crash-run.js';
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
    expect(report.runs).toBe(report.boundaries * 3);
    expect(report.attempts).toBe(2);
    expect(report.divergences).toEqual([]);
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
    await expect(assertCrashSafe(execution)).rejects.toThrow(/^Not crash-safe: a crash at checkpoint call \d+ of \d+ \[[^\]]*\] \((before|after|the call never)[^)]*\): the run ended SUCCEEDED with 0 instead of SUCCEEDED with 42\.\nTimeline of that run:\n/);
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

  it('re-runs at-least-once steps only where a crash lost their record, and never an at-most-once attempt', async () => {
    // Each run's handler writes the attempts of 'charge' it ran into its own ledger.
    const ledgers: number[][] = [];
    const build = () => {
      const charges: number[] = [];
      ledgers.push(charges);
      return withDurableExecution(async (event: { n: number }, context) => {
      const doubled = await context.step('double', async () => event.n * 2);
      const charged = await context.step('charge', async (step) => {
        charges.push(step.attempt);
        return doubled + 1;
      }, { semantics: StepSemantics.AtMostOncePerRetry });
      await context.wait('pause', { minutes: 5 });
      return context.step('add', async () => charged + 1);
      });
    };
    const execution = new DurableTestRunner({ handler: build() }).start({ n: 4 });
    expect(await execution.result()).toMatchObject({ status: 'SUCCEEDED', result: 10 });
    const report = await assertCrashSafe(execution, { handlerFactory: build });
    // 5 checkpoint calls × 3 phases; 3 attempts in a crash-free run. 'double' and 'add' run again
    // when their SUCCEED is lost (phases before and timeout): 4 re-runs. 'charge' never repeats an
    // attempt: once its START is committed, a lost outcome makes the replay record the attempt
    // as interrupted and run attempt 2 instead.
    expect(report).toMatchObject({ boundaries: 5, runs: 15, attempts: 3, reruns: 4, divergences: [] });
    // The ledgers agree: the original run, the crash-free run and 15 crash runs; no run ran an
    // attempt of 'charge' twice. In 3 runs attempt 2 ran: after a crash once its START was
    // committed (attempt 1 never ran), and before or at the timeout of its SUCCEED call (attempt 1
    // ran, its outcome was lost, the replay recorded it as interrupted).
    expect(ledgers).toHaveLength(17);
    expect(ledgers.filter((l) => new Set(l).size !== l.length)).toEqual([]);
    expect(ledgers.filter((l) => l.includes(2)).map((l) => l.join(','))).toEqual(['2', '1,2', '1,2']);
  });

  it('at the invocation timeout, lets the invocation run on, then ends it as Sandbox.Timedout', async () => {
    const handler = withDurableExecution(async (_event: unknown, context) => {
      const [a, b] = await context.parallel('both', [
        async (child) => child.step('a', async () => 'A'),
        async (child) => child.step('b', async () => 'B'),
      ]).then((batch) => batch.getResults());
      return `${a}${b}`;
    });
    const setup = { handler, input: undefined, answers: [], functionName: 'handler', functions: {} };
    const clean = await runWithCrash(setup, undefined, 'before');
    expect(clean.result).toBe('"AB"');
    const run = await runWithCrash(setup, 1, 'timeout');
    expect(run.result).toBe('"AB"');
    const failures = run.history.filter((e) => e.EventType === 'InvocationCompleted').map((e) => e.InvocationCompletedDetails?.Error?.Payload?.ErrorType);
    expect(failures[0]).toBe('Sandbox.Timedout');
    // Both branches began in the invocation whose first checkpoint call hung.
    expect(run.attempts.filter((a) => a.invocation === 1).map((a) => a.name).sort()).toEqual(['a', 'b']);
  });

  it("explores an official SDK handler too, checking results (its attempts are not counted)", async () => {
    const handler = officialWithDurableExecution(async (event: { n: number }, context) => {
      const doubled = await context.step('double', async () => event.n * 2);
      await context.wait('pause', { seconds: 30 });
      return context.step('add', async () => doubled + 1);
    });
    const execution = new DurableTestRunner({ handler }).start({ n: 4 });
    expect(await execution.result()).toMatchObject({ status: 'SUCCEEDED', result: 9 });
    const report = await assertCrashSafe(execution);
    expect(report.runs).toBe(report.boundaries * 3);
    expect(report.boundaries).toBeGreaterThanOrEqual(3);
    expect(report).toMatchObject({ attempts: 0, reruns: 0, divergences: [] });
  });
});
