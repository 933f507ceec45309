import { describe, expect, it } from 'vitest';
import { hashOperationId } from '../../src/engine/ids.js';
import { SerdesFailedError, StepError, StepInterruptedError } from '../../src/errors.js';
import { withDurableExecution } from '../../src/handler.js';
import type { DurableContext } from '../../src/types.js';
import { StepSemantics } from '../../src/types.js';
import { driveToCompletion, invokeOnce } from '../support/drive.js';
import { FakeCheckpointClient } from '../support/fake-checkpoint-client.js';

const ID1 = hashOperationId('1');

describe('step (§5.7.1)', () => {
  it('records RETRY with the error and delay, suspends, and re-runs with the next attempt', async () => {
    const attempts: number[] = [];
    const h = withDurableExecution(async (_e, ctx: DurableContext) =>
      ctx.step(
        'flaky',
        async ({ attempt }) => {
          attempts.push(attempt);
          if (attempt === 1) throw new Error('transient');
          return 'ok';
        },
        { retryStrategy: (_err, attempt) => ({ shouldRetry: attempt < 3, delay: { seconds: 7 } }) },
      ),
    );
    const service = new FakeCheckpointClient();
    const outputs = await driveToCompletion({ handler: h, service });
    expect(outputs).toEqual([{ Status: 'PENDING' }, { Status: 'SUCCEEDED', Result: '"ok"' }]);
    expect(attempts).toEqual([1, 2]);
    const actions = service.updates.flat().map((u) => u.Action);
    expect(actions).toEqual(['START', 'RETRY', 'START', 'SUCCEED']);
    const retry = service.updates.flat()[1];
    expect(retry).toEqual({
      Type: 'STEP',
      Action: 'RETRY',
      Id: ID1,
      SubType: 'Step',
      Name: 'flaky',
      Error: { ErrorType: 'Error', ErrorMessage: 'transient' },
      StepOptions: { NextAttemptDelaySeconds: 7 },
    });
    expect(service.get(ID1)?.StepDetails?.Attempt).toBe(2);
  });

  it('uses the default retry preset (retries with a 1-5 s delay) when no strategy is given', async () => {
    const h = withDurableExecution(async (_e, ctx: DurableContext) =>
      ctx.step(async () => {
        throw new Error('always');
      }),
    );
    const service = new FakeCheckpointClient();
    expect(await invokeOnce(h, service)).toEqual({ Status: 'PENDING' });
    const delay = service.updates.flat().find((u) => u.Action === 'RETRY')?.StepOptions?.NextAttemptDelaySeconds;
    expect(delay).toBeGreaterThanOrEqual(1);
    expect(delay).toBeLessThanOrEqual(5);
  });

  it('fails with a StepError whose cause keeps the original type, identically on replay', async () => {
    const errors: unknown[] = [];
    const h = withDurableExecution(async (_e, ctx: DurableContext) => {
      try {
        await ctx.step('bad', async () => {
          throw new TypeError('wrong type');
        }, { retryStrategy: () => ({ shouldRetry: false }) });
      } catch (error) {
        errors.push(error);
      }
      await ctx.wait({ seconds: 1 });
      return 'handled';
    });
    const service = new FakeCheckpointClient();
    await driveToCompletion({ handler: h, service });
    expect(errors).toHaveLength(2);
    for (const error of errors) {
      expect(error).toBeInstanceOf(StepError);
      expect((error as StepError).message).toBe('wrong type');
      expect((error as StepError).cause).toMatchObject({ name: 'TypeError', message: 'wrong type' });
    }
    expect(service.updates.flat().find((u) => u.Action === 'FAIL')?.Error).toEqual({ ErrorType: 'TypeError', ErrorMessage: 'wrong type' });
  });

  it('AT_MOST_ONCE: START is acknowledged before the function runs', async () => {
    const service = new FakeCheckpointClient();
    let statusWhenRunning: string | undefined;
    const h = withDurableExecution(async (_e, ctx: DurableContext) =>
      ctx.step('charge', async () => {
        statusWhenRunning = service.get(ID1)?.Status;
        return 1;
      }, { semantics: StepSemantics.AtMostOncePerRetry }),
    );
    await invokeOnce(h, service);
    expect(statusWhenRunning).toBe('STARTED');
    expect(service.updates.map((batch) => batch.map((u) => u.Action))).toEqual([['START'], ['SUCCEED']]);
  });

  it('AT_MOST_ONCE: an interrupted attempt is not re-run; the strategy sees StepInterruptedError', async () => {
    const service = new FakeCheckpointClient();
    service.operations.set(ID1, { Id: ID1, Type: 'STEP', SubType: 'Step', Name: 'charge', Status: 'STARTED', StepDetails: {} });
    const seen: [unknown, number][] = [];
    let ran = false;
    const h = withDurableExecution(async (_e, ctx: DurableContext) =>
      ctx.step('charge', async () => (ran = true), {
        semantics: StepSemantics.AtMostOncePerRetry,
        retryStrategy: (error, attempt) => {
          seen.push([error, attempt]);
          return { shouldRetry: false };
        },
      }),
    );
    const output = await invokeOnce(h, service);
    expect(ran).toBe(false);
    expect(seen[0]?.[0]).toBeInstanceOf(StepInterruptedError);
    expect(seen[0]?.[1]).toBe(1);
    expect(output).toEqual({ Status: 'FAILED', Error: { ErrorType: 'StepError', ErrorMessage: expect.stringContaining('interruption') } });
    expect(service.updates.flat().map((u) => [u.Action, u.Error?.ErrorType])).toEqual([['FAIL', 'StepInterruptedError']]);
  });

  it('AT_LEAST_ONCE: a STARTED step simply runs again without a new START', async () => {
    const service = new FakeCheckpointClient();
    service.operations.set(ID1, { Id: ID1, Type: 'STEP', SubType: 'Step', Name: 's', Status: 'STARTED', StepDetails: {} });
    const h = withDurableExecution(async (_e, ctx: DurableContext) => ctx.step('s', async ({ attempt }) => attempt));
    expect(await invokeOnce(h, service)).toEqual({ Status: 'SUCCEEDED', Result: '1' });
    expect(service.updates.flat().map((u) => u.Action)).toEqual(['SUCCEED']);
  });

  it('an unrecoverable error thrown in a step ends the invocation instead of retrying', async () => {
    const h = withDurableExecution(async (_e, ctx: DurableContext) =>
      ctx.step('s', async () => {
        throw new SerdesFailedError('inner serdes broke');
      }),
    );
    const service = new FakeCheckpointClient();
    await expect(invokeOnce(h, service)).rejects.toBeInstanceOf(SerdesFailedError);
    expect(service.updates.flat().some((u) => u.Action === 'RETRY' || u.Action === 'FAIL')).toBe(false);
  });

  it('assigns ids at call time and runs unawaited steps eagerly', async () => {
    const order: string[] = [];
    const h = withDurableExecution(async (_e, ctx: DurableContext) => {
      const b = ctx.step('b', async () => {
        order.push('b');
        return 'B';
      });
      const a = ctx.step('a', async () => {
        order.push('a');
        return 'A';
      });
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(a.isExecuted).toBe(false);
      return [await a, await b];
    });
    const service = new FakeCheckpointClient();
    expect(await invokeOnce(h, service)).toEqual({ Status: 'SUCCEEDED', Result: '["A","B"]' });
    expect(order).toEqual(['b', 'a']);
    expect(service.get(hashOperationId('1'))?.Name).toBe('b');
    expect(service.get(hashOperationId('2'))?.Name).toBe('a');
  });

  it('returns the serdes round trip on the first run (Date becomes a string, as on replay)', async () => {
    const h = withDurableExecution(async (_e, ctx: DurableContext) => {
      const value = await ctx.step(async () => ({ at: new Date(0) }));
      return typeof value.at;
    });
    expect(await invokeOnce(h, new FakeCheckpointClient())).toEqual({ Status: 'SUCCEEDED', Result: '"string"' });
  });

  it('uses the context default serdes set by configureSerdes', async () => {
    const h = withDurableExecution(async (_e, ctx: DurableContext) => {
      ctx.configureSerdes({
        defaultSerdes: {
          serialize: async (v: unknown) => (v === undefined ? undefined : `wrapped:${JSON.stringify(v)}`),
          deserialize: async (s: string | undefined) => (s === undefined ? undefined : JSON.parse(s.slice('wrapped:'.length))),
        },
      });
      return ctx.step(async () => 5);
    });
    const service = new FakeCheckpointClient();
    expect(await invokeOnce(h, service)).toEqual({ Status: 'SUCCEEDED', Result: '5' });
    expect(service.get(ID1)?.StepDetails?.Result).toBe('wrapped:5');
  });
});

describe('step retry strategy edge cases', () => {
  it('a strategy returning nothing falls back to the default preset (retry)', async () => {
    const h = withDurableExecution(async (_e, ctx: DurableContext) =>
      ctx.step('s', async () => {
        throw new Error('x');
      }, { retryStrategy: (() => undefined) as never }),
    );
    const service = new FakeCheckpointClient();
    expect(await invokeOnce(h, service)).toEqual({ Status: 'PENDING' });
    expect(service.updates.flat().map((u) => u.Action)).toEqual(['START', 'RETRY']);
  });
});
