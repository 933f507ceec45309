/**
 * Lambda's function timeout on the local service, per registered function, for each way a
 * function runs: in-process (the service stops waiting and refuses what the invocation sends
 * later), in a worker thread and in a process (both terminated).
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withDurableExecution } from '../../../src/index.js';
import type { DurableContext } from '../../../src/index.js';
import { inProcessInvoker } from '../../../src/service/invokers/in-process-invoker.js';
import type { FunctionInvoker } from '../../../src/service/invokers/invoker.js';
import { processInvoker } from '../../../src/service/invokers/process-invoker.js';
import { WorkerPool } from '../../../src/service/invokers/worker-invoker.js';
import { DurableExecutionService } from '../../../src/service/service.js';

const FIXTURE = resolve('test/testing/fixtures/fault-handlers.mjs');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const runOnce = async (invoker: FunctionInvoker, functionTimeoutSeconds: number) => {
  const service = new DurableExecutionService({ maxInvocationAttempts: 1 });
  service.registerFunction({ name: 'fn', invoker, functionTimeoutSeconds });
  const arn = service.startExecution({ functionName: 'fn' });
  const started = Date.now();
  const done = await service.waitForCompletion(arn);
  const elapsed = Date.now() - started;
  const errors = service.history(arn)
    .filter((e) => e.EventType === 'InvocationCompleted')
    .map((e) => e.InvocationCompletedDetails?.Error?.Payload);
  return { service, arn, done, errors, elapsed };
};

describe('function timeout on the local service', () => {
  it('in-process: stops waiting at the timeout, records Sandbox.Timedout, and refuses the late checkpoint', async () => {
    let lateCheckpoint: string | undefined;
    const handler = withDurableExecution(
      async (_event, ctx: DurableContext) => {
        // Runs past the 0.3 s timeout, then tries to record a step.
        await sleep(600);
        try {
          await ctx.step('late', async () => 'written');
          lateCheckpoint = 'accepted';
        } catch (error) {
          lateCheckpoint = String(error);
        }
        return 'done';
      },
      { deadlineMargin: false },
    );
    const { service, arn, done, errors, elapsed } = await runOnce(inProcessInvoker(handler), 0.3);
    expect(done.Status).toBe('FAILED');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.ErrorType).toBe('Sandbox.Timedout');
    expect(errors[0]?.ErrorMessage).toMatch(/Task timed out after 0\.30 seconds/);
    expect(elapsed).toBeLessThan(600);
    await sleep(800);
    expect(lateCheckpoint).not.toBe('accepted');
    expect(service.history(arn).some((e) => e.EventType === 'StepStarted' || e.EventType === 'StepSucceeded')).toBe(false);
  });

  it('worker isolation: terminates the worker at the registered function timeout', async () => {
    const pool = new WorkerPool({ modulePath: FIXTURE, exportPath: ['hangs'] });
    try {
      const { done, errors, elapsed } = await runOnce(pool.invoker, 0.2);
      expect(done.Status).toBe('FAILED');
      expect(errors.map((e) => e?.ErrorType)).toEqual(['Sandbox.Timedout']);
      expect(elapsed).toBeLessThan(2_000);
    } finally {
      await pool.close();
    }
  });

  it('process isolation: kills the process at the registered function timeout', async () => {
    const invoker = processInvoker({ modulePath: FIXTURE, exportPath: ['hangs'], endpointUrl: 'http://127.0.0.1:9' });
    const { done, errors, elapsed } = await runOnce(invoker, 0.5);
    expect(done.Status).toBe('FAILED');
    expect(errors.map((e) => e?.ErrorType)).toEqual(['Sandbox.Timedout']);
    expect(elapsed).toBeLessThan(3_000);
  });

  it('the handler sees the function timeout in getRemainingTimeInMillis', async () => {
    let remaining = 0;
    const handler = withDurableExecution(async (_event, ctx: DurableContext) => {
      remaining = ctx.lambdaContext.getRemainingTimeInMillis();
      return 'ok';
    });
    const { done } = await runOnce(inProcessInvoker(handler), 12);
    expect(done.Status).toBe('SUCCEEDED');
    expect(remaining).toBeGreaterThan(11_000);
    expect(remaining).toBeLessThanOrEqual(12_000);
  });

  it('refuses a function timeout that is not a positive number of seconds', () => {
    const service = new DurableExecutionService();
    expect(() => service.registerFunction({ name: 'fn', invoker: inProcessInvoker(async () => 1), functionTimeoutSeconds: 0 })).toThrow(
      /functionTimeoutSeconds must be a number of seconds above 0/,
    );
  });
});
