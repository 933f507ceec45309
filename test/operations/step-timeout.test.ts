import { describe, expect, it } from 'vitest';
import { createRetryStrategy, JitterStrategy, StepTimeoutError, withDurableExecution } from '../../src/index.js';
import type { DurableContext, StepContext } from '../../src/index.js';
import { DurableTestRunner } from '../../src/testing/index.js';

/** Our SDK always gives a signal; the type says optional so the official StepContext stays assignable. */
const missingSignal = (): AbortSignal => {
  throw new Error('the step context has no signal');
};

const never = <T>(): Promise<T> => new Promise<T>(() => undefined);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The StepFailed events' error types and retry delays, in order. */
const failedAttempts = (history: { EventType?: string; StepFailedDetails?: any }[]): { type: string; delay?: number }[] =>
  history
    .filter((e) => e.EventType === 'StepFailed')
    .map((e) => {
      const payload = e.StepFailedDetails?.Error?.Payload as { ErrorType?: string } | undefined;
      const delay = e.StepFailedDetails?.RetryDetails?.NextAttemptDelaySeconds as number | undefined;
      return { type: String(payload?.ErrorType), ...(delay !== undefined ? { delay } : {}) };
    });

describe('step timeouts', () => {
  it('a step that never settles fails after 3 StepTimeoutError attempts with the strategy delays', async () => {
    const seen: { name: string; limitMs: number; elapsedMs: number; reason: string }[] = [];
    const strategy = createRetryStrategy({ maxAttempts: 3, initialDelay: { seconds: 5 }, backoffRate: 2, jitter: JitterStrategy.NONE });
    const runner = new DurableTestRunner({
      handler: withDurableExecution(async (_event, ctx: DurableContext) =>
        ctx.step('stuck', async () => never<string>(), {
          timeout: { seconds: 0.1 },
          retryStrategy: (error, attempt) => {
            if (error instanceof StepTimeoutError) seen.push({ name: error.name, limitMs: error.limitMs, elapsedMs: error.elapsedMs, reason: error.reason });
            return strategy(error, attempt);
          },
        }),
      ),
    });
    const done = await runner.run();
    expect(done.status).toBe('FAILED');
    expect(done.error?.ErrorType).toBe('StepError');
    expect(failedAttempts(done.history)).toEqual([
      { type: 'StepTimeoutError', delay: 5 },
      { type: 'StepTimeoutError', delay: 10 },
      { type: 'StepTimeoutError' },
    ]);
    expect(seen).toHaveLength(3);
    for (const s of seen) {
      expect(s).toMatchObject({ name: 'StepTimeoutError', limitMs: 100, reason: 'step timeout' });
      expect(s.elapsedMs).toBeGreaterThanOrEqual(99);
    }
    // The waits between attempts are the strategy's, on the service clock.
    const starts = done.history.filter((e) => e.EventType === 'StepStarted').map((e) => new Date(e.EventTimestamp as Date).getTime());
    expect(starts).toHaveLength(3);
    expect(Math.round(((starts[1] as number) - (starts[0] as number)) / 1000)).toBe(5);
    expect(Math.round(((starts[2] as number) - (starts[1] as number)) / 1000)).toBe(10);
  });

  it('a step that respects its signal stops its work when the timeout passes', async () => {
    let ticks = 0;
    let abortedWith: unknown;
    const runner = new DurableTestRunner({
      handler: withDurableExecution(async (_event, ctx: DurableContext) =>
        ctx.step(
          'poll',
          async ({ signal = missingSignal() }: StepContext) =>
            new Promise<string>((_resolve, reject) => {
              const timer = setInterval(() => {
                ticks += 1;
              }, 10);
              signal.addEventListener('abort', () => {
                clearInterval(timer);
                abortedWith = signal.reason;
                reject(signal.reason as Error);
              });
            }),
          { timeout: { seconds: 0.2 }, retryStrategy: () => ({ shouldRetry: false }) },
        ),
      ),
    });
    const done = await runner.run();
    expect(done.status).toBe('FAILED');
    expect(abortedWith).toBeInstanceOf(StepTimeoutError);
    const ticksAtEnd = ticks;
    expect(ticksAtEnd).toBeGreaterThan(3);
    await sleep(100);
    expect(ticks).toBe(ticksAtEnd);
    expect(failedAttempts(done.history)).toEqual([{ type: 'StepTimeoutError' }]);
  });

  it('a function that ignores its signal is not awaited: its late result is discarded and logged once', async () => {
    let finishedLate = false;
    const runner = new DurableTestRunner({
      handler: withDurableExecution(async (_event, ctx: DurableContext) => {
        // A second step keeps the invocation running until after the first function settles.
        const [first, second] = await Promise.all([
          ctx
            .step(
              'slow',
              async () => {
                await sleep(300);
                finishedLate = true;
                return 'late';
              },
              { timeout: { seconds: 0.05 }, retryStrategy: () => ({ shouldRetry: false }) },
            )
            .catch((error: unknown) => `failed: ${((error as Error).cause as Error).name}`),
          ctx.step('pause', async () => {
            await sleep(500);
            return 'paused';
          }),
        ]);
        return { first, second };
      }),
    });
    const done = await runner.run();
    expect(done.status).toBe('SUCCEEDED');
    expect(done.result).toEqual({ first: 'failed: StepTimeoutError', second: 'paused' });
    expect(finishedLate).toBe(true);
    expect(failedAttempts(done.history)).toEqual([{ type: 'StepTimeoutError' }]);
    expect(done.operations.find((op) => op.Name === 'slow')?.Status).toBe('FAILED');
    const notes = done.logs.filter((line) => line.includes('no longer awaited'));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('Step \\"slow\\"');
  });

  it('a step without a timeout gets a signal too (created lazily) that never aborts', async () => {
    let aborted: boolean | undefined;
    const runner = new DurableTestRunner({
      handler: withDurableExecution(async (_event, ctx: DurableContext) =>
        ctx.step('plain', async ({ signal = missingSignal() }) => {
          await sleep(20);
          aborted = signal.aborted;
          return 1;
        }),
      ),
    });
    const done = await runner.run();
    expect(done.status).toBe('SUCCEEDED');
    expect(aborted).toBe(false);
  });

  it('rejects a timeout that is not a positive duration with a clear error', async () => {
    const runner = new DurableTestRunner({
      handler: withDurableExecution(async (_event, ctx: DurableContext) => {
        try {
          await ctx.step('bad', async () => 1, { timeout: { seconds: 0 } });
          return 'accepted';
        } catch (error) {
          return (error as Error).message;
        }
      }),
    });
    const done = await runner.run();
    expect(done.result).toMatch(/step: config.timeout must be a positive duration/);
    expect(done.operations.filter((op) => op.Type === 'STEP')).toHaveLength(0);
  });

  it('times out a waitForCondition check (the waitForCondition fails) and a waitForCallback submitter (retried)', async () => {
    let submits = 0;
    const runner = new DurableTestRunner({
      handler: withDurableExecution(async (_event, ctx: DurableContext) => {
        let checkError = '';
        try {
          await ctx.waitForCondition('check', async (state: number, { signal = missingSignal() }) => {
            await new Promise((resolve) => signal.addEventListener('abort', resolve));
            return state + 1;
          }, { initialState: 0, waitStrategy: () => ({ shouldContinue: false }), timeout: { seconds: 0.05 } });
        } catch (error) {
          checkError = ((error as Error).cause as Error | undefined)?.name ?? '';
        }
        const answer = await ctx.waitForCallback(
          'approval',
          async (_id, { signal = missingSignal() }) => {
            submits += 1;
            if (submits === 1) await new Promise((resolve) => signal.addEventListener('abort', resolve));
          },
          { submitterTimeout: { seconds: 0.05 }, retryStrategy: (_e, attempt) => ({ shouldRetry: attempt < 2, delay: { seconds: 1 } }) },
        );
        return { checkError, answer };
      }),
    });
    const execution = runner.start();
    const callbackId = await execution.waitForCallback({ index: 2 });
    await execution.waitForOperation({ index: 3 }, 'SUCCEEDED');
    execution.sendCallbackSuccess(callbackId, 'ok');
    const done = await execution.result();
    expect(done.status).toBe('SUCCEEDED');
    expect(done.result).toEqual({ checkError: 'StepTimeoutError', answer: 'ok' });
    expect(submits).toBe(2);
    expect(failedAttempts(done.history).map((a) => a.type)).toEqual(['StepTimeoutError', 'StepTimeoutError']);
  });
});
