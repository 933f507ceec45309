/**
 * Messages and log fields tests commonly assert on: the same handler body under both SDKs on
 * the local service. Our message must start with the official one (our detail may follow), and
 * our log lines must carry the official logger's fields with the same values.
 */
import { describe, expect, it } from 'vitest';
import { DurableTestRunner } from '../../src/testing/test-runner.js';
import { bothHandlers, type AnyContext, type ScenarioBody } from './scenarios.js';

interface Observed {
  status: string;
  caught?: { name: string; message: string };
  error?: { ErrorType?: string; ErrorMessage?: string };
  logs: Record<string, unknown>[];
}

const runBoth = async (body: ScenarioBody, input: unknown = {}, answer?: (execution: ReturnType<DurableTestRunner['start']>) => Promise<void>): Promise<{ ours: Observed; official: Observed }> => {
  const handlers = bothHandlers(body);
  const observe = async (handler: unknown): Promise<Observed> => {
    const runner = new DurableTestRunner({ handler: handler as never });
    const execution = runner.start(input);
    if (answer) await answer(execution);
    const done = await execution.result();
    const result = done.result as { caught?: { name: string; message: string } } | undefined;
    return {
      status: done.status,
      ...(result?.caught ? { caught: result.caught } : {}),
      ...(done.error ? { error: done.error } : {}),
      logs: done.logs.flatMap((line) => {
        try {
          const parsed = JSON.parse(line) as Record<string, unknown>;
          return typeof parsed === 'object' && parsed !== null && 'level' in parsed ? [parsed] : [];
        } catch {
          return [];
        }
      }),
    };
  };
  return { official: await observe(handlers.official), ours: await observe(handlers.ours) };
};

/** Runs `fn` and reports what it threw as `{ caught: { name, message } }`. */
const catching = async (fn: () => PromiseLike<unknown>): Promise<unknown> => {
  try {
    await fn();
    return { caught: { name: 'none', message: 'nothing thrown' } };
  } catch (error) {
    const e = error as Error;
    return { caught: { name: e.constructor.name, message: e.message } };
  }
};

const expectPrefix = (ours: string | undefined, official: string | undefined): void => {
  expect(official).toBeDefined();
  expect(ours?.startsWith(official ?? '\u0000'), `ours: ${ours}\nofficial: ${official}`).toBe(true);
};

describe('error messages: official wording first', () => {
  it('context misuse inside runInChildContext', async () => {
    const { ours, official } = await runBoth(async (_e, ctx) =>
      ctx.runInChildContext('outer', async () => catching(() => ctx.step('misused', async () => 1))),
    );
    expect(official.caught?.message ?? official.error?.ErrorMessage).toContain('You are using a parent or sibling context');
    expectPrefix(ours.caught?.message ?? ours.error?.ErrorMessage, official.caught?.message ?? official.error?.ErrorMessage);
  });

  it('a failed step, child context, callback and invoke as the handler catches them', async () => {
    const bodies: [string, ScenarioBody][] = [
      ['step', async (_e, ctx) => catching(() => ctx.step('boom', async () => { throw new Error('card declined'); }, { retryStrategy: () => ({ shouldRetry: false }) }))],
      ['child context', async (_e, ctx) => catching(() => ctx.runInChildContext('child', async () => { throw new Error('child broke'); }))],
      ['invoke', async (_e, ctx) => catching(() => ctx.invoke('call', 'missing-function', {}))],
    ];
    for (const [label, body] of bodies) {
      const { ours, official } = await runBoth(body);
      expect(ours.caught?.name, label).toBe(official.caught?.name);
      expect(ours.error?.ErrorType, label).toBe(official.error?.ErrorType);
      expectPrefix(ours.caught?.message ?? ours.error?.ErrorMessage, official.caught?.message ?? official.error?.ErrorMessage);
    }
  });

  it('a failed and a timed-out callback', async () => {
    const failed = await runBoth(
      async (_e, ctx: AnyContext) => catching(async () => (await ctx.createCallback('approval'))[0]),
      {},
      async (execution) => {
        const id = await execution.waitForCallback({ name: 'approval' });
        execution.sendCallbackFailure(id, { ErrorType: 'Rejected', ErrorMessage: 'manager said no' });
      },
    );
    expect(failed.ours.caught?.name).toBe(failed.official.caught?.name);
    expectPrefix(failed.ours.caught?.message, failed.official.caught?.message);
    const timedOut = await runBoth(async (_e, ctx) => catching(async () => (await ctx.createCallback('approval', { timeout: { seconds: 30 } }))[0]));
    expect(timedOut.ours.caught?.name).toBe(timedOut.official.caught?.name);
    expectPrefix(timedOut.ours.caught?.message, timedOut.official.caught?.message);
  });

  it('non-deterministic replay (a step renamed between invocations)', async () => {
    let invocation = 0;
    const { ours, official } = await runBoth(async (_e, ctx) => {
      invocation += 1;
      await ctx.step(invocation % 2 === 1 ? 'first-name' : 'second-name', async () => 1);
      await ctx.wait('pause', { seconds: 5 });
      return 'done';
    });
    expect(official.status).toBe('FAILED');
    expectPrefix(ours.error?.ErrorMessage, official.error?.ErrorMessage);
  });

  it('waitForCondition running out of attempts', async () => {
    const { ours, official } = await runBoth(async (_e, ctx) =>
      catching(() =>
        ctx.waitForCondition('poll', async (n: number) => n + 1, {
          initialState: 0,
          waitStrategy: (_s: number, attempt: number) => (attempt >= 2 ? { shouldContinue: false } : { shouldContinue: true, delay: { seconds: 1 } }),
        }),
      ),
    );
    expectPrefix(ours.caught?.message ?? ours.error?.ErrorMessage, official.caught?.message ?? official.error?.ErrorMessage);
  });
});

describe('argument errors', () => {
  it('bad map, parallel, waitForCallback and waitForCondition arguments', async () => {
    const bodies: [string, ScenarioBody][] = [
      ['map items', async (_e, ctx) => catching(() => ctx.map('m', 'not-an-array' as unknown as unknown[], async () => 1))],
      ['map function', async (_e, ctx) => catching(() => ctx.map('m', [1], undefined as never))],
      ['parallel branches', async (_e, ctx) => catching(() => ctx.parallel('p', 'nope' as unknown as unknown[]))],
      ['parallel branch kinds', async (_e, ctx) => catching(() => ctx.parallel('p', [42]))],
      ['waitForCallback submitter', async (_e, ctx) => catching(() => ctx.waitForCallback('named', undefined as never))],
      ['waitForCondition config', async (_e, ctx) => catching(() => ctx.waitForCondition('c', async () => 1, undefined))],
      ['serialization', async (_e, ctx) => catching(() => ctx.step('big', async () => 1n))],
    ];
    for (const [label, body] of bodies) {
      const { ours, official } = await runBoth(body);
      expect(ours.status, label).toBe(official.status);
      expectPrefix(ours.caught?.message ?? ours.error?.ErrorMessage, official.caught?.message ?? official.error?.ErrorMessage);
    }
  });

  it('a handler invoked without the durable envelope', async () => {
    const { ours, official } = bothHandlers(async () => 'never');
    const message = async (handler: (event: any, context: any) => Promise<unknown>): Promise<string> =>
      handler({ not: 'durable' }, {}).then(
        () => 'resolved',
        (error: unknown) => (error as Error).message,
      );
    const officialMessage = await message(official);
    expect(officialMessage).toContain('Unexpected payload provided to start the durable execution.');
    expectPrefix(await message(ours), officialMessage);
  });
});

describe('log fields: the official logger fields, operationName in runInChildContext', () => {
  it('logs at top level, in a step and in a child context carry the same fields and values', async () => {
    const { ours, official } = await runBoth(async (_e, ctx) => {
      (ctx as AnyContext & { logger: { info(m: string): void } }).logger.info('top');
      await ctx.step('charge', async (stepCtx) => (stepCtx as unknown as { logger: { info(m: string): void } }).logger.info('in step'));
      await ctx.runInChildContext('billing', async (child) => {
        (child as unknown as { logger: { info(m: string): void } }).logger.info('in child');
        return 1;
      });
      return 'ok';
    });
    const fields = (logs: Record<string, unknown>[]): Record<string, unknown>[] =>
      logs.map((line) => {
        const { timestamp: _t, requestId: _r, executionArn: _a, ...rest } = line;
        return { ...rest, keys: Object.keys(line).sort().join(',') };
      });
    expect(official.logs.length).toBeGreaterThanOrEqual(3);
    expect(fields(ours.logs)).toEqual(fields(official.logs));
    expect(official.logs.find((l) => l.message === 'in child')?.operationName).toBe('billing');
  });
});
