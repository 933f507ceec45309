/**
 * The invocation deadline on the local service with a short function timeout: a step that
 * outlives its invocation is recorded failed in time, retried, and the execution ends after the
 * retry budget; with the deadline off, the same step loops until the execution times out.
 */
import { describe, expect, it } from 'vitest';
import { createRetryStrategy, JitterStrategy, StepSemantics, withDurableExecution } from '../../src/index.js';
import type { DurableContext, DurableExecutionConfig } from '../../src/index.js';
import { inProcessInvoker } from '../../src/service/invokers/in-process-invoker.js';
import { DurableExecutionService } from '../../src/service/service.js';
import { DurableTestRunner } from '../../src/testing/index.js';

/** Our SDK always gives a signal; the type says optional so the official StepContext stays assignable. */
const missingSignal = (): AbortSignal => {
  throw new Error('the step context has no signal');
};

const never = <T>(): Promise<T> => new Promise<T>(() => undefined);

type Event = { EventType?: string; StepFailedDetails?: any; InvocationCompletedDetails?: any };

const invocations = (history: Event[]): Event[] => history.filter((e) => e.EventType === 'InvocationCompleted');
const invocationErrors = (history: Event[]): (string | undefined)[] =>
  invocations(history).map((e) => (e.InvocationCompletedDetails?.Error?.Payload as { ErrorType?: string } | undefined)?.ErrorType);
const stepFailures = (history: Event[]): { type?: string; message?: string; delay?: number }[] =>
  history
    .filter((e) => e.EventType === 'StepFailed')
    .map((e) => {
      const payload = e.StepFailedDetails?.Error?.Payload as { ErrorType?: string; ErrorMessage?: string } | undefined;
      return { type: payload?.ErrorType, message: payload?.ErrorMessage, delay: e.StepFailedDetails?.RetryDetails?.NextAttemptDelaySeconds as number | undefined };
    });

/** A step that never ends on its own, with 3 attempts 2 s apart. */
const stuckStep = (runs: number[], semantics?: StepSemantics) => async (_event: unknown, ctx: DurableContext) =>
  ctx.step(
    'stuck',
    async ({ attempt }) => {
      runs.push(attempt);
      return never<string>();
    },
    {
      retryStrategy: createRetryStrategy({ maxAttempts: 3, initialDelay: { seconds: 2 }, backoffRate: 1, jitter: JitterStrategy.NONE }),
      ...(semantics ? { semantics } : {}),
    },
  );

describe('the invocation deadline', () => {
  it('records a step running past a 2 s function timeout as failed in time, retries it, and fails after the retry budget', async () => {
    const runs: number[] = [];
    const runner = new DurableTestRunner({ handler: withDurableExecution(stuckStep(runs)), functionTimeout: { seconds: 2 } });
    const started = Date.now();
    const done = await runner.run();
    const elapsed = Date.now() - started;
    expect(done.status).toBe('FAILED');
    expect(done.error?.ErrorType).toBe('StepError');
    expect(runs).toEqual([1, 2, 3]);
    const failures = stepFailures(done.history);
    expect(failures.map((f) => [f.type, f.delay])).toEqual([
      ['StepTimeoutError', 2],
      ['StepTimeoutError', 2],
      ['StepTimeoutError', undefined],
    ]);
    expect(failures[0]?.message).toMatch(/stopped at the invocation deadline/);
    // No invocation was killed by the function timeout: each ended by itself before it.
    expect(invocationErrors(done.history).filter((t) => t === 'Sandbox.Timedout')).toEqual([]);
    for (const inv of invocations(done.history)) {
      const { StartTimestamp, EndTimestamp } = inv.InvocationCompletedDetails as { StartTimestamp: Date; EndTimestamp: Date };
      expect(new Date(EndTimestamp).getTime() - new Date(StartTimestamp).getTime()).toBeLessThan(2_000);
    }
    // Three attempts of about 1.6 s (2 s minus the scaled margin of 0.4 s), then the replay.
    expect(elapsed).toBeLessThan(9_000);
  }, 20_000);

  it('with the deadline off, the same step runs again in every invocation until the execution times out', async () => {
    const runs: number[] = [];
    const config: DurableExecutionConfig = { deadlineMargin: false };
    const service = new DurableExecutionService({ maxInvocationAttempts: 100 });
    service.registerFunction({
      name: 'fn',
      invoker: inProcessInvoker(withDurableExecution(stuckStep(runs), config)),
      functionTimeoutSeconds: 1,
      executionTimeoutSeconds: 20,
    });
    const arn = service.startExecution({ functionName: 'fn' });
    const done = await service.waitForCompletion(arn);
    const history = service.history(arn) as Event[];
    expect(done.Status).toBe('TIMED_OUT');
    // Every invocation was killed mid-step: no failure recorded, the retry budget never used.
    expect(stepFailures(history)).toEqual([]);
    expect(runs.length).toBeGreaterThanOrEqual(4);
    expect(new Set(runs)).toEqual(new Set([1]));
    const errors = invocationErrors(history);
    expect(errors.length).toBe(runs.length);
    expect(errors.every((t) => t === 'Sandbox.Timedout')).toBe(true);
  }, 20_000);

  it('an at-most-once step at the deadline is recorded failed and not run again', async () => {
    const runs: number[] = [];
    const handler = async (_event: unknown, ctx: DurableContext) =>
      ctx.step(
        'charge',
        async ({ attempt }) => {
          runs.push(attempt);
          return never<string>();
        },
        { semantics: StepSemantics.AtMostOncePerRetry, retryStrategy: () => ({ shouldRetry: false }) },
      );
    const runner = new DurableTestRunner({ handler: withDurableExecution(handler), functionTimeout: { seconds: 1 } });
    const done = await runner.run();
    expect(done.status).toBe('FAILED');
    expect(runs).toEqual([1]);
    expect(stepFailures(done.history).map((f) => f.type)).toEqual(['StepTimeoutError']);
    expect(done.operations.find((op) => op.Name === 'charge')?.Status).toBe('FAILED');
    expect(invocationErrors(done.history).filter((t) => t === 'Sandbox.Timedout')).toEqual([]);
  }, 20_000);

  it('aborts the running step signal at the deadline and checkpoints nothing after it', async () => {
    let reason: unknown;
    let afterDeadline = 0;
    const handler = async (_event: unknown, ctx: DurableContext) => {
      await Promise.all([
        ctx.step(
          'fetch',
          async ({ signal = missingSignal() }) =>
            new Promise<string>((_resolve, reject) => {
              signal.addEventListener('abort', () => {
                reason = signal.reason;
                // Code that keeps going after the abort must not reach the service.
                void ctx.step('too-late', async () => {
                  afterDeadline += 1;
                  return 1;
                }).catch(() => undefined);
                reject(signal.reason as Error);
              });
            }),
          { retryStrategy: (_e, attempt) => ({ shouldRetry: attempt < 2, delay: { seconds: 1 } }) },
        ),
      ]);
      return 'never';
    };
    const runner = new DurableTestRunner({ handler: withDurableExecution(handler), functionTimeout: { seconds: 1 } });
    const done = await runner.run();
    expect(done.status).toBe('FAILED');
    expect((reason as Error).name).toBe('StepTimeoutError');
    expect(afterDeadline).toBe(0);
    expect(done.operations.filter((op) => op.Name === 'too-late')).toEqual([]);
    expect(stepFailures(done.history).map((f) => f.type)).toEqual(['StepTimeoutError', 'StepTimeoutError']);
  }, 20_000);
});
