import { describe, expect, it } from 'vitest';
import { hashOperationId } from '../../src/engine/ids.js';
import { PromiseCombinatorError, StepError } from '../../src/errors.js';
import { withDurableExecution } from '../../src/handler.js';
import { settledResultsSerdes } from '../../src/operations/promise-combinators.js';
import type { DurableContext } from '../../src/types.js';
import { driveToCompletion, invokeOnce } from '../support/drive.js';
import { FakeCheckpointClient } from '../support/fake-checkpoint-client.js';

const noRetry = { retryStrategy: () => ({ shouldRetry: false }) };
const serdesContext = { entityId: '3', durableExecutionArn: 'arn' };

describe('context.promise.* (§5.7.9)', () => {
  it('records a RunInChildContext CONTEXT, created when awaited (not when called)', async () => {
    const h = withDurableExecution(async (_e, ctx: DurableContext) => {
      const a = ctx.step('a', async () => 1);
      const b = ctx.step('b', async () => 2);
      const combined = ctx.promise.all('both', [a, b]);
      const c = ctx.step('c', async () => 3);
      ctx.promise.race('never-awaited', [c]);
      return [await combined, await c];
    });
    const service = new FakeCheckpointClient();
    expect(await invokeOnce(h, service)).toEqual({ Status: 'SUCCEEDED', Result: '[[1,2],3]' });
    const contexts = service.updates.flat().filter((u) => u.Type === 'CONTEXT');
    expect(contexts.map((u) => [u.Action, u.Id, u.SubType, u.Name, u.Payload])).toEqual([
      ['START', hashOperationId('4'), 'RunInChildContext', 'both', undefined],
      ['SUCCEED', hashOperationId('4'), 'RunInChildContext', 'both', '[1,2]'],
    ]);
  });

  it('replays every combinator from its record on later invocations', async () => {
    const runs: Record<string, number> = {};
    const counted = (name: string, value: unknown) => async () => {
      runs[name] = (runs[name] ?? 0) + 1;
      return value;
    };
    const h = withDurableExecution(async (_e, ctx: DurableContext) => {
      const all = await ctx.promise.all([ctx.step('a', counted('a', 1)), ctx.step('b', counted('b', 2))]);
      const any = await ctx.promise.any('any', [ctx.step('c', counted('c', 'c'))]);
      const race = await ctx.promise.race('race', [ctx.step('d', counted('d', 'd')), ctx.wait({ seconds: 30 })]);
      await ctx.wait({ seconds: 1 });
      const settled = await ctx.promise.allSettled('settled', [ctx.step('e', counted('e', 'e'))]);
      return { all, any, race, settled };
    });
    const service = new FakeCheckpointClient();
    const outputs = await driveToCompletion({ handler: h, service });
    expect(outputs.length).toBeGreaterThan(1);
    expect(JSON.parse((outputs.at(-1) as { Result: string }).Result)).toEqual({
      all: [1, 2],
      any: 'c',
      race: 'd',
      settled: [{ status: 'fulfilled', value: 'e' }],
    });
    expect(runs).toEqual({ a: 1, b: 1, c: 1, d: 1, e: 1 });
    const again = await invokeOnce(h, service);
    expect(again).toEqual(outputs.at(-1));
    expect(runs).toEqual({ a: 1, b: 1, c: 1, d: 1, e: 1 });
  });

  it('maps failures to PromiseCombinatorError with the reconstructed cause, on the first run and on replay', async () => {
    const perInvocation: unknown[] = [];
    const h = withDurableExecution(async (_e, ctx: DurableContext) => {
      const report = (error: unknown) => {
        const e = error as PromiseCombinatorError & { cause: Error };
        return { type: e.constructor.name, isCombinator: e instanceof PromiseCombinatorError, message: e.message, cause: e.cause.constructor.name, causeName: e.cause.name };
      };
      const all = await ctx.promise
        .all('all', [ctx.step('ok', async () => 1), ctx.step('bad', async () => Promise.reject(new TypeError('bad')), noRetry)])
        .then(() => 'no', report);
      const any = await ctx.promise.any('any', [ctx.step('bad2', async () => Promise.reject(new Error('x')), noRetry)]).then(() => 'no', report);
      const race = await ctx.promise.race('race', [ctx.step('bad3', async () => Promise.reject(new RangeError('r')), noRetry)]).then(() => 'no', report);
      perInvocation.push({ all, any, race });
      await ctx.wait({ seconds: 1 });
      return { all, any, race };
    });
    const service = new FakeCheckpointClient();
    const outputs = await driveToCompletion({ handler: h, service });
    const expected = {
      all: { type: 'PromiseCombinatorError', isCombinator: true, message: 'bad', cause: StepError.name, causeName: 'StepError' },
      any: { type: 'PromiseCombinatorError', isCombinator: true, message: 'All promises were rejected', cause: StepError.name, causeName: 'StepError' },
      race: { type: 'PromiseCombinatorError', isCombinator: true, message: 'r', cause: StepError.name, causeName: 'StepError' },
    };
    expect(JSON.parse((outputs.at(-1) as { Result: string }).Result)).toEqual(expected);
    expect(perInvocation).toEqual([expected, expected]);
    expect(service.get(hashOperationId('3'))).toMatchObject({ Status: 'FAILED', ContextDetails: { Error: { ErrorType: 'StepError', ErrorMessage: 'bad' } } });
    expect(service.get(hashOperationId('5'))?.ContextDetails?.Error?.ErrorType).toBe('AggregateError');
  });

  it('allSettled stores rejected reasons as {message,name,stack} and rebuilds Errors, live and on replay', async () => {
    const seen: unknown[] = [];
    const h = withDurableExecution(async (_e, ctx: DurableContext) => {
      const settled = await ctx.promise.allSettled([ctx.step('ok', async () => 'fine'), ctx.step('bad', async () => Promise.reject(new RangeError('nope')), noRetry)]);
      const rejected = settled[1] as PromiseRejectedResult;
      seen.push({ isError: rejected.reason instanceof Error, name: (rejected.reason as Error).name, message: (rejected.reason as Error).message });
      await ctx.wait({ seconds: 1 });
      return settled.map((r) => r.status);
    });
    const service = new FakeCheckpointClient();
    const outputs = await driveToCompletion({ handler: h, service });
    expect(outputs.at(-1)).toEqual({ Status: 'SUCCEEDED', Result: '["fulfilled","rejected"]' });
    expect(seen).toEqual([
      { isError: true, name: 'StepError', message: 'nope' },
      { isError: true, name: 'StepError', message: 'nope' },
    ]);
    const stored = JSON.parse(service.get(hashOperationId('3'))?.ContextDetails?.Result ?? 'null') as { reason?: { message: string; name: string; stack: string } }[];
    expect(stored[0]).toEqual({ status: 'fulfilled', value: 'fine' });
    expect(stored[1]?.reason).toMatchObject({ message: 'nope', name: 'StepError', stack: expect.stringContaining('StepError: nope') });
  });

  it('the allSettled serdes leaves non-Error reasons and undefined alone', async () => {
    const value: PromiseSettledResult<unknown>[] = [
      { status: 'rejected', reason: 'a string' },
      { status: 'rejected', reason: { code: 7 } },
      { status: 'fulfilled', value: { message: 'not an error' } },
    ];
    const data = await settledResultsSerdes.serialize(value, serdesContext);
    expect(await settledResultsSerdes.deserialize(data, serdesContext)).toEqual(value);
    expect(await settledResultsSerdes.serialize(undefined, serdesContext)).toBeUndefined();
    expect(await settledResultsSerdes.deserialize(undefined, serdesContext)).toBeUndefined();
    const restored = await settledResultsSerdes.deserialize('[{"status":"rejected","reason":{"message":"m"}}]', serdesContext);
    expect((restored?.[0] as PromiseRejectedResult).reason).toBeInstanceOf(Error);
    expect(((restored?.[0] as PromiseRejectedResult).reason as Error).name).toBe('Error');
  });

  it('unnamed and explicitly undefined names are both unnamed', async () => {
    const h = withDurableExecution(async (_e, ctx: DurableContext) => {
      await ctx.promise.all([ctx.step(async () => 1)]);
      await ctx.promise.all(undefined, [ctx.step(async () => 2)]);
      return 'ok';
    });
    const service = new FakeCheckpointClient();
    await invokeOnce(h, service);
    expect(service.updates.flat().filter((u) => u.Type === 'CONTEXT').map((u) => [u.Id, u.Name])).toEqual([
      [hashOperationId('2'), undefined],
      [hashOperationId('2'), undefined],
      [hashOperationId('4'), undefined],
      [hashOperationId('4'), undefined],
    ]);
  });

  it('a missing promises array fails the combinator with a clear message (recorded like any failure)', async () => {
    const h = withDurableExecution(async (_e, ctx: DurableContext) => {
      return (ctx.promise.all as unknown as (...args: unknown[]) => PromiseLike<unknown>)('named-only').then(
        () => 'no',
        (error: Error & { cause?: Error }) => `${error.constructor.name}: ${error.message}`,
      );
    });
    const service = new FakeCheckpointClient();
    const output = await invokeOnce(h, service);
    expect(JSON.parse((output as { Result: string }).Result)).toBe('PromiseCombinatorError: context.promise.all expects an array of durable promises, got undefined.');
    expect(service.updates.flat().map((u) => [u.Action, u.Name])).toEqual([
      ['START', 'named-only'],
      ['FAIL', 'named-only'],
    ]);
  });
});
