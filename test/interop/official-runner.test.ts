/**
 * Interop: the official LocalDurableTestRunner drives the same handler body wrapped by our SDK
 * and by the official SDK; both must end the same way with the same history.
 */
import { LocalDurableTestRunner, WaitingOperationStatus } from '@aws/durable-execution-sdk-js-testing';
import type { TestResult } from '@aws/durable-execution-sdk-js-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyContext, ScenarioBody } from './scenarios.js';
import { bothHandlers } from './scenarios.js';

beforeAll(async () => LocalDurableTestRunner.setupTestEnvironment({ skipTime: true }));
afterAll(async () => LocalDurableTestRunner.teardownTestEnvironment());

interface Observed {
  status: string | undefined;
  result: unknown;
  error: { errorType: string | undefined; errorMessage: string | undefined } | undefined;
  history: string[];
}

const TERMINAL_EXECUTION_EVENTS = new Set(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionTimedOut', 'ExecutionStopped']);

function observe(result: TestResult): Observed {
  const status = result.getStatus();
  const error = status === 'FAILED' ? result.getError() : undefined;
  return {
    status,
    result: status === 'SUCCEEDED' ? result.getResult() : undefined,
    error: error && { errorType: error.errorType, errorMessage: error.errorMessage },
    // Invocation boundaries move under skipTime, so InvocationCompleted events are not compared.
    // The runner collects history with a polling loop that can stop before the terminal
    // Execution event (seen for either SDK on a loaded machine); the outcome is compared above.
    history: result
      .getHistoryEvents()
      .filter((event) => event.EventType !== 'InvocationCompleted' && !TERMINAL_EXECUTION_EVENTS.has(event.EventType ?? ''))
      .map((event) => {
        // The EXECUTION operation's id is a random UUID of the emulator.
        const id = event.EventType?.startsWith('Execution') ? 'execution' : (event.Id ?? '');
        return [event.EventType, event.SubType ?? '', event.Name ?? '', id, event.ParentId ?? ''].join('|');
      }),
  };
}

type Driver = (runner: LocalDurableTestRunner) => Promise<TestResult>;

const plainRun =
  (payload: unknown = { orderId: 42 }): Driver =>
  (runner) =>
    runner.run({ payload });

async function runBoth(body: ScenarioBody, drive: Driver = plainRun()): Promise<{ ours: Observed; official: Observed }> {
  const handlers = bothHandlers(body);
  const official = observe(await drive(new LocalDurableTestRunner({ handlerFunction: handlers.official })));
  const ours = observe(await drive(new LocalDurableTestRunner({ handlerFunction: handlers.ours })));
  return { ours, official };
}

const callbackDriver =
  (complete: (op: Awaited<ReturnType<ReturnType<LocalDurableTestRunner['getOperation']>['waitForData']>>) => Promise<unknown>): Driver =>
  async (runner) => {
    const callback = runner.getOperation('approval');
    const notified = runner.getOperation('notify');
    const running = runner.run({ payload: {} });
    const started = await callback.waitForData(WaitingOperationStatus.STARTED);
    // Answer once the handler has sent the notification, as the external system would: answering
    // at STARTED races the step, and the callback's completion lands before or after it by load.
    await notified.waitForData(WaitingOperationStatus.COMPLETED);
    await complete(started);
    return running;
  };

describe('our handlers under the official LocalDurableTestRunner', () => {
  it('step: same result and history', async () => {
    const { ours, official } = await runBoth(async (event: { orderId: number }, ctx) => {
      const order = await ctx.step('load', async () => ({ id: event.orderId, total: 12.5 }));
      const unnamed = await ctx.step('double', async () => 2 * (order as { total: number }).total);
      return { order, unnamed };
    });
    expect(official.status).toBe('SUCCEEDED');
    expect(ours).toEqual(official);
  });

  it('step retries: same attempts recorded, same final result', async () => {
    const retryTwice = (_error: Error, attempt: number) => (attempt < 3 ? { shouldRetry: true, delay: { seconds: 1 } } : { shouldRetry: false });
    const { ours, official } = await runBoth(async (_event, ctx) => {
      return ctx.step(
        'flaky',
        async ({ attempt }) => {
          if (attempt < 3) throw new Error(`attempt ${attempt} failed`);
          return `ok on ${attempt}`;
        },
        { retryStrategy: retryTwice },
      );
    });
    expect(official.result).toBe('ok on 3');
    expect(ours).toEqual(official);
  });

  it('step failing for good: same FAILED error and history', async () => {
    const { ours, official } = await runBoth(async (_event, ctx) => {
      await ctx.step('boom', async () => {
        throw new TypeError('bad input');
      }, { retryStrategy: () => ({ shouldRetry: false }) });
      return 'unreachable';
    });
    expect(official.status).toBe('FAILED');
    expect(ours).toEqual(official);
  });

  it('wait (named and unnamed): same history', async () => {
    const { ours, official } = await runBoth(async (_event, ctx) => {
      await ctx.wait('pause', { seconds: 10 });
      await ctx.wait({ seconds: 3 });
      return 'done';
    });
    expect(official.result).toBe('done');
    expect(ours).toEqual(official);
  });

  it('child contexts (nested, with a wait inside): same ids, parents and result', async () => {
    const { ours, official } = await runBoth(async (_event, ctx) => {
      const before = await ctx.step('before', async () => 1);
      const inner = await ctx.runInChildContext('outer', async (child) => {
        const a = await child.step('a', async () => 10);
        await child.wait({ seconds: 2 });
        const nested = await child.runInChildContext('inner', async (grandChild) => grandChild.step('b', async () => 20));
        return (a as number) + (nested as number);
      });
      return { before, inner };
    });
    expect(official.result).toEqual({ before: 1, inner: 30 });
    expect(ours).toEqual(official);
  });

  it('child context failure: same ChildContextError', async () => {
    const { ours, official } = await runBoth(async (_event, ctx) => {
      await ctx.runInChildContext('fails', async (child) => {
        await child.step('ok', async () => 'fine');
        throw new RangeError('out of range');
      });
      return 'unreachable';
    });
    expect(official.status).toBe('FAILED');
    expect(ours).toEqual(official);
  });

  const callbackBody: ScenarioBody = async (_event, ctx) => {
    const [promise, callbackId] = await ctx.createCallback('approval', { timeout: { seconds: 30 } });
    await ctx.step('notify', async () => `sent ${callbackId.length > 0}`);
    const answer = await promise;
    return { answer };
  };

  it('callback success: same raw result and history', async () => {
    const { ours, official } = await runBoth(callbackBody, callbackDriver((op) => op.sendCallbackSuccess('{"approved":true}')));
    expect(official.result).toEqual({ answer: '{"approved":true}' });
    expect(ours).toEqual(official);
  });

  it('callback failure: same CallbackError and history', async () => {
    const { ours, official } = await runBoth(
      callbackBody,
      callbackDriver((op) => op.sendCallbackFailure({ ErrorType: 'Rejected', ErrorMessage: 'manager said no' })),
    );
    expect(official.status).toBe('FAILED');
    expect(ours).toEqual(official);
  });

  it('callback timeout: same CallbackTimeoutError and history', async () => {
    const { ours, official } = await runBoth(async (_event, ctx) => {
      const [promise] = await ctx.createCallback('approval', { timeout: { seconds: 5 } });
      return promise;
    });
    expect(official.status).toBe('FAILED');
    expect(ours).toEqual(official);
  });

  it('waitForCondition: same polls, states and history', async () => {
    const { ours, official } = await runBoth(async (_event, ctx) =>
      ctx.waitForCondition('poll', async (state: { n: number }) => ({ n: state.n + 1 }), {
        initialState: { n: 0 },
        waitStrategy: (state: { n: number }) => (state.n >= 3 ? { shouldContinue: false } : { shouldContinue: true, delay: { seconds: 1 } }),
      }),
    );
    expect(official.result).toEqual({ n: 3 });
    expect(ours).toEqual(official);
  });

  it('concurrent steps and a wait started before awaiting: same ids and history', async () => {
    const { ours, official } = await runBoth(async (_event, ctx) => {
      const a = ctx.step('a', async () => 'A');
      const b = ctx.step('b', async () => 'B');
      const pause = ctx.wait('pause', { seconds: 1 });
      const values = await Promise.all([a, b]);
      await pause;
      return values;
    });
    expect(official.result).toEqual(['A', 'B']);
    expect(ours).toEqual(official);
  });

  it('at-most-once step semantics: same history', async () => {
    const { ours, official } = await runBoth(async (_event, ctx) =>
      ctx.step('charge', async () => 'charged', { semantics: 'AT_MOST_ONCE_PER_RETRY' }),
    );
    expect(official.result).toBe('charged');
    expect(ours).toEqual(official);
  });

  it('map and parallel (concurrency, waits, failures, FLAT, > 256 KiB): same result and history', async () => {
    const { ours, official } = await runBoth(async (_event, ctx) => {
      const mapped = await ctx.map('double', [1, 2, 3, 4], async (c, item: number) => {
        // Fails before any step: a live step settles sooner in our engine than in the official
        // SDK (engine timing, not map), which would reorder this FAIL with a sibling's SUCCEED.
        if (item === 4) throw new Error('four');
        const value = await c.step('x2', async () => item * 2);
        if (item === 2) await c.wait({ seconds: 2 });
        return value;
      }, { maxConcurrency: 2, completionConfig: { toleratedFailureCount: 1 } });
      const branches = await ctx.parallel('branches', [
        { name: 'a', func: async (c: AnyContext) => c.step('a', async () => 'A') },
        async (c: AnyContext) => {
          await c.wait({ seconds: 1 });
          return 'B';
        },
      ], { nesting: 'FLAT' });
      const big = await ctx.map('big', [0, 1, 2], async (c, i: number) => c.step('p', async () => String(i).repeat(100 * 1024)));
      return [mapped.getResults(), mapped.failureCount, branches.getResults(), big.getResults().map((r: string) => r.length)];
    });
    expect(official.result).toEqual([[2, 4, 6], 1, ['A', 'B'], [102400, 102400, 102400]]);
    expect(ours).toEqual(official);
  });
});

describe('waitForCallback, context.promise.* and withRetry under the official LocalDurableTestRunner', () => {
  const submitted =
    (complete: (op: Awaited<ReturnType<ReturnType<LocalDurableTestRunner['getOperation']>['waitForData']>>) => Promise<unknown>): Driver =>
    async (runner) => {
      const operation = runner.getOperation('approval');
      const running = runner.run({ payload: {} });
      await complete(await operation.waitForData(WaitingOperationStatus.SUBMITTED));
      return running;
    };
  const waitForApproval: ScenarioBody = async (_event, ctx) => {
    const answer = await ctx.waitForCallback('approval', async (callbackId) => void callbackId.length, { timeout: { seconds: 30 } });
    const after = await ctx.step('after', async () => 'continued');
    return { answer, after };
  };

  it('waitForCallback success: same raw result and history', async () => {
    const { ours, official } = await runBoth(waitForApproval, submitted((op) => op.sendCallbackSuccess('{"approved":true}')));
    expect(official.result).toEqual({ answer: '{"approved":true}', after: 'continued' });
    expect(ours).toEqual(official);
  });

  it('waitForCallback failure: same CallbackExternalError and history', async () => {
    const { ours, official } = await runBoth(
      waitForApproval,
      submitted((op) => op.sendCallbackFailure({ ErrorType: 'Rejected', ErrorMessage: 'manager said no' })),
    );
    expect(official.status).toBe('FAILED');
    expect(official.error?.errorType).toBe('CallbackExternalError');
    expect(ours).toEqual(official);
  });

  it('waitForCallback timeout: same CallbackTimeoutError and history', async () => {
    const { ours, official } = await runBoth(async (_event, ctx) => ctx.waitForCallback('approval', async () => undefined, { timeout: { seconds: 5 } }));
    expect(official.status).toBe('FAILED');
    expect(official.error?.errorType).toBe('CallbackTimeoutError');
    expect(ours).toEqual(official);
  });

  it('waitForCallback submitter failure (after a retry): same CallbackSubmitterError and history', async () => {
    const { ours, official } = await runBoth(async (_event, ctx) =>
      ctx.waitForCallback('approval', async () => {
        throw new Error('mail server down');
      }, { retryStrategy: (_error: Error, attempt: number) => ({ shouldRetry: attempt < 2, delay: { seconds: 1 } }) }),
    );
    expect(official.status).toBe('FAILED');
    expect(official.error?.errorType).toBe('CallbackSubmitterError');
    expect(ours).toEqual(official);
  });

  it('promise.all / allSettled / any / race, replayed after a wait: same results and history', async () => {
    const { ours, official } = await runBoth(async (_event, ctx) => {
      const all = await ctx.promise.all('all', [ctx.step('a', async () => 1), ctx.step('b', async () => 2)]);
      const settled = (await ctx.promise.allSettled('settled', [
        ctx.step('ok', async () => 'fine'),
        ctx.step('bad', async () => {
          throw new RangeError('nope');
        }, { retryStrategy: () => ({ shouldRetry: false }) }),
      ])) as PromiseSettledResult<unknown>[];
      // No wait is left pending across the combinators: under skipTime its completion could land
      // anywhere in the history, whichever SDK runs.
      const any = await ctx.promise.any('any', [
        ctx.step('down', async () => Promise.reject(new Error('down')), { retryStrategy: () => ({ shouldRetry: false }) }),
        ctx.step('fast', async () => 'fast'),
      ]);
      const race = await ctx.promise.race([ctx.step('r', async () => 'r'), ctx.step('r2', async () => 'r2')]);
      await ctx.wait('between', { seconds: 2 });
      const failed = await ctx.promise.all('fails', [ctx.step('x', async () => {
        throw new TypeError('x broke');
      }, { retryStrategy: () => ({ shouldRetry: false }) })]).then(
        () => 'no',
        (error: Error) => `${error.name}:${error.message}`,
      );
      return { all, settled: settled.map((r) => (r.status === 'rejected' ? (r.reason as Error).name : r.value)), any, race, failed };
    });
    expect(official.result).toEqual({ all: [1, 2], settled: ['fine', 'StepError'], any: 'fast', race: 'r', failed: 'PromiseCombinatorError:x broke' });
    expect(ours).toEqual(official);
  });

  it('withRetry: same attempts, back-off waits and result', async () => {
    const { ours, official } = await runBoth(async (_event, ctx, { withRetry }) =>
      withRetry(ctx, 'charge', async (c: typeof ctx, attempt: number) => {
        const seen = await c.step(`try-${attempt}`, async () => attempt);
        if (attempt < 3) throw new Error(`attempt ${attempt} failed`);
        return seen;
      }, { retryStrategy: (_error: Error, attempt: number) => ({ shouldRetry: attempt < 4, delay: { seconds: 2 } }) }),
    );
    expect(official.result).toBe(3);
    expect(ours).toEqual(official);
    expect(ours.history.filter((line) => line.includes('charge-backoff-'))).toHaveLength(4);
  });
});

