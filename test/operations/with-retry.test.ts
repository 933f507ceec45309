import { describe, expect, it } from 'vitest';
import { hashOperationId } from '../../src/engine/ids.js';
import { ChildContextError } from '../../src/errors.js';
import { withDurableExecution } from '../../src/handler.js';
import { withRetry } from '../../src/operations/with-retry.js';
import type { WithRetryConfig } from '../../src/operations/with-retry.js';
import { JitterStrategy } from '../../src/retry/jitter.js';
import { createRetryStrategy } from '../../src/retry/retry-strategy.js';
import type { DurableContext } from '../../src/types.js';
import { driveToCompletion, invokeOnce } from '../support/drive.js';
import { FakeCheckpointClient } from '../support/fake-checkpoint-client.js';

const resultOf = (outputs: { Status: string; Result?: string }[]): unknown => JSON.parse(outputs.at(-1)?.Result ?? 'null');

const report = (error: unknown) => {
  const e = error as Error & { cause?: Error };
  return { error: e.constructor.name, message: e.message, cause: e.cause?.constructor.name, causeMessage: e.cause?.message };
};

describe('withRetry (§5.7.10)', () => {
  it('re-runs the block after durable back-off waits named "<name>-backoff-<attempt>" inside one child context', async () => {
    const attempts: number[] = [];
    const h = withDurableExecution(async (_e, ctx: DurableContext) =>
      withRetry(ctx, 'charge', async (c, attempt) => {
        attempts.push(attempt);
        const seen = await c.step(`try-${attempt}`, async () => attempt);
        if (attempt < 3) throw new Error(`attempt ${attempt}`);
        return seen;
      }, { retryStrategy: (_error, attempt) => ({ shouldRetry: attempt < 5, delay: { seconds: 2 * attempt } }) }),
    );
    const service = new FakeCheckpointClient();
    const outputs = await driveToCompletion({ handler: h, service });
    expect(outputs.map((o) => o.Status)).toEqual(['PENDING', 'PENDING', 'SUCCEEDED']);
    expect(resultOf(outputs)).toBe(3);
    const h1 = hashOperationId('1');
    const waits = service.updates.flat().filter((u) => u.Type === 'WAIT' && u.Action === 'START');
    expect(waits.map((u) => [u.Id, u.ParentId, u.Name, u.WaitOptions?.WaitSeconds])).toEqual([
      [hashOperationId('1-2'), h1, 'charge-backoff-1', 2],
      [hashOperationId('1-4'), h1, 'charge-backoff-2', 4],
    ]);
    expect(service.get(h1)).toMatchObject({ Type: 'CONTEXT', SubType: 'RunInChildContext', Name: 'charge', Status: 'SUCCEEDED', ContextDetails: { Result: '3' } });
    // Each invocation replays the earlier attempts (their steps come from the log) before running the new one.
    expect(attempts).toEqual([1, 1, 2, 1, 2, 3]);
  });

  it('anonymous: unnamed child context and unnamed waits of 1 s when the strategy gives no delay', async () => {
    const h = withDurableExecution(async (_e, ctx: DurableContext) =>
      withRetry(ctx, async (_c, attempt) => {
        if (attempt < 2) throw new Error('once');
        return 'ok';
      }, { retryStrategy: () => ({ shouldRetry: true }) }),
    );
    const service = new FakeCheckpointClient();
    const outputs = await driveToCompletion({ handler: h, service });
    expect(resultOf(outputs)).toBe('ok');
    expect(service.updates.flat().map((u) => [u.Type, u.Action, u.Name, u.WaitOptions?.WaitSeconds])).toEqual([
      ['CONTEXT', 'START', undefined, undefined],
      ['WAIT', 'START', undefined, 1],
      ['CONTEXT', 'SUCCEED', undefined, undefined],
    ]);
  });

  it('exhaustion: a ChildContextError whose cause is the last attempt error', async () => {
    const seenByStrategy: string[] = [];
    const h = withDurableExecution(async (_e, ctx: DurableContext) =>
      withRetry(ctx, 'never', async (_c, attempt) => {
        throw new RangeError(`failure ${attempt}`);
      }, {
        retryStrategy: (error, attempt) => {
          seenByStrategy.push(`${attempt}:${error.message}`);
          return createRetryStrategy({ maxAttempts: 3, initialDelay: { seconds: 1 }, jitter: JitterStrategy.NONE })(error, attempt);
        },
      }).then(() => 'no', report),
    );
    const service = new FakeCheckpointClient();
    const outputs = await driveToCompletion({ handler: h, service });
    expect(resultOf(outputs)).toEqual({ error: ChildContextError.name, message: 'failure 3', cause: 'StepError', causeMessage: 'failure 3' });
    expect(service.get(hashOperationId('1'))).toMatchObject({ Status: 'FAILED', ContextDetails: { Error: { ErrorType: 'RangeError', ErrorMessage: 'failure 3' } } });
    expect(new Set(seenByStrategy)).toEqual(new Set(['1:failure 1', '2:failure 2', '3:failure 3']));
  });

  it('wrapWithRunInChildContext: false runs in the caller context and rethrows the original error', async () => {
    const h = withDurableExecution(async (_e, ctx: DurableContext) =>
      withRetry(ctx, 'flat', async (c, attempt) => {
        await c.step(`s-${attempt}`, async () => attempt);
        throw new TypeError(`t${attempt}`);
      }, { retryStrategy: (_error, attempt) => ({ shouldRetry: attempt < 2, delay: { seconds: 3 } }), wrapWithRunInChildContext: false }).then(() => 'no', report),
    );
    const service = new FakeCheckpointClient();
    const outputs = await driveToCompletion({ handler: h, service });
    expect(resultOf(outputs)).toEqual({ error: 'TypeError', message: 't2' });
    expect(service.updates.flat().filter((u) => u.Action === 'START').map((u) => [u.Id, u.Type, u.Name, u.ParentId])).toEqual([
      [hashOperationId('1'), 'STEP', 's-1', undefined],
      [hashOperationId('2'), 'WAIT', 'flat-backoff-1', undefined],
      [hashOperationId('3'), 'STEP', 's-2', undefined],
    ]);
  });

  it('forwards childContextConfig (errorMapper runs once, on the final error)', async () => {
    let mapped = 0;
    const config: WithRetryConfig<string> = {
      retryStrategy: (_error, attempt) => ({ shouldRetry: attempt < 2 }),
      childContextConfig: {
        subType: 'Retried',
        errorMapper: (error) => {
          mapped += 1;
          return error;
        },
      },
    };
    const h = withDurableExecution(async (_e, ctx: DurableContext) =>
      withRetry(ctx, 'mapped', async () => Promise.reject(new Error('x')), config).then(() => 'no', report),
    );
    const service = new FakeCheckpointClient();
    const outputs = await driveToCompletion({ handler: h, service });
    expect(resultOf(outputs)).toMatchObject({ error: 'StepError', message: 'x' });
    expect(service.get(hashOperationId('1'))?.SubType).toBe('Retried');
    expect(mapped).toBe(1);
  });

  it('bad arguments reject with clear TypeErrors and record nothing', async () => {
    const h = withDurableExecution(async (_e, ctx: DurableContext) => {
      const loose = withRetry as unknown as (...args: unknown[]) => Promise<unknown>;
      const messages: string[] = [];
      for (const args of [[ctx, 'n', async () => 1], [ctx, async () => 1], [ctx, 'n', 'not a function', { retryStrategy: () => ({ shouldRetry: false }) }], [ctx, async () => 1, {}]]) {
        await loose(...args).then(undefined, (error: Error) => messages.push(`${error.name}: ${error.message}`));
      }
      return messages;
    });
    const service = new FakeCheckpointClient();
    const output = await invokeOnce(h, service);
    expect(JSON.parse((output as { Result: string }).Result)).toEqual([
      'TypeError: withRetry: config with a retryStrategy is required: withRetry(context, name?, func, { retryStrategy }).',
      'TypeError: withRetry: config with a retryStrategy is required: withRetry(context, name?, func, { retryStrategy }).',
      'TypeError: withRetry: the attempt function is missing: call withRetry(context, name?, func, config).',
      'TypeError: withRetry: config with a retryStrategy is required: withRetry(context, name?, func, { retryStrategy }).',
    ]);
    expect(service.updates).toEqual([]);
  });

  it('a strategy returning nothing fails the block with a clear error instead of crashing on undefined', async () => {
    const h = withDurableExecution(async (_e, ctx: DurableContext) =>
      withRetry(ctx, 'x', async () => Promise.reject(new Error('boom')), { retryStrategy: (() => undefined) as never }).then(() => 'no', report),
    );
    const service = new FakeCheckpointClient();
    const output = await invokeOnce(h, service);
    expect(JSON.parse((output as { Result: string }).Result)).toMatchObject({
      error: ChildContextError.name,
      message: 'withRetry: retryStrategy returned no decision for attempt 1.',
    });
  });
});
