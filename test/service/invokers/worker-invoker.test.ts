import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DurableExecutionService } from '../../../src/service/service.js';
import { WorkerPool } from '../../../src/service/invokers/worker-invoker.js';

const FIXTURE = resolve('test/testing/fixtures/fault-handlers.mjs');

const run = async (exportName: string, options: { invocationTimeoutMs?: number; maxInvocationAttempts?: number } = {}) => {
  const service = new DurableExecutionService(options);
  const pool = new WorkerPool({ modulePath: FIXTURE, exportPath: [exportName] });
  service.registerFunction({ name: 'fn', invoker: pool.invoker });
  try {
    const arn = service.startExecution({ functionName: 'fn' });
    const done = await service.waitForCompletion(arn);
    const errors = service.history(arn)
      .filter((e) => e.EventType === 'InvocationCompleted')
      .map((e) => e.InvocationCompletedDetails?.Error?.Payload);
    return { done, errors };
  } finally {
    await pool.close();
  }
};

describe('WorkerPool invoker', () => {
  it('records a process.exit as Runtime.ExitError and re-invokes in a fresh worker', async () => {
    const { done, errors } = await run('exits');
    expect(errors[0]).toMatchObject({ ErrorType: 'Runtime.ExitError', ErrorMessage: expect.stringMatching(/exit status 3/) });
    expect(errors[1]).toBeUndefined();
    expect(done).toMatchObject({ Status: 'SUCCEEDED', Result: '"recovered"' });
  });

  it('kills an invocation at its timeout (Sandbox.Timedout) and fails after the attempt limit', async () => {
    const { done, errors } = await run('hangs', { invocationTimeoutMs: 100, maxInvocationAttempts: 2 });
    expect(errors.map((e) => e?.ErrorType)).toEqual(['Sandbox.Timedout', 'Sandbox.Timedout']);
    expect(done.Status).toBe('FAILED');
  });

  it('reports an uncaught error thrown outside the handler promise', async () => {
    const { errors } = await run('throwsLater', { maxInvocationAttempts: 1 });
    expect(errors[0]).toMatchObject({ ErrorType: 'SyntaxError', ErrorMessage: 'thrown outside the handler promise' });
  });
});
