/**
 * Interop at the wire: the same handler body wrapped by our SDK and by the official SDK runs
 * against identical in-memory services; the checkpoint requests (batching included) and the
 * responses must be the same, invocation after invocation.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DurableExecutionInvocationInputWithClient as OfficialInput } from '@aws/durable-execution-sdk-js';
import { describe, expect, it } from 'vitest';
import type { OperationUpdate } from '../../src/protocol.js';
import { FakeCheckpointClient, fakeLambdaContext } from '../support/fake-checkpoint-client.js';
import type { AnyContext, ScenarioBody } from './scenarios.js';
import { bothHandlers } from './scenarios.js';

interface Trace {
  outputs: unknown[];
  requests: OperationUpdate[][];
}

type Between = (service: FakeCheckpointClient, invocation: number) => void;

/**
 * The service clock, fixed so both SDKs see the same timestamps. It lies far in the future, so
 * wait and retry end times are never already past on the real clock: otherwise both SDKs poll
 * at once with empty checkpoints, and how many of those land before suspension depends on load.
 */
const FIXED_NOW = Date.UTC(2090, 0, 1);

async function trace(handler: any, between?: Between, prepare?: (service: FakeCheckpointClient) => void, realClock = false): Promise<Trace> {
  // Batches with concurrent work may also use the real clock, where the invocation suspends
  // before any poll as well.
  const service = new FakeCheckpointClient({ input: { orderId: 7 }, now: realClock ? undefined : () => FIXED_NOW });
  prepare?.(service);
  const outputs: unknown[] = [];
  for (let i = 0; i < 10; i += 1) {
    const event = new OfficialInput(service.event(), service as never);
    const output = (await handler(event, fakeLambdaContext())) as { Status: string };
    outputs.push(output);
    if (output.Status !== 'PENDING') break;
    service.fireTimers();
    between?.(service, i);
  }
  return { outputs, requests: service.updates.map((batch) => JSON.parse(JSON.stringify(batch)) as OperationUpdate[]) };
}

async function compare(
  body: ScenarioBody,
  between?: Between,
  options: { prepare?: (service: FakeCheckpointClient) => void; normalize?: (trace: Trace) => void; realClock?: boolean } = {},
): Promise<Trace> {
  const { ours, official } = bothHandlers(body);
  const expected = await trace(official, between, options.prepare, options.realClock);
  const actual = await trace(ours, between, options.prepare, options.realClock);
  options.normalize?.(expected);
  options.normalize?.(actual);
  expect(actual).toEqual(expected);
  expect(actual.outputs.length).toBeGreaterThan(0);
  expect(actual.outputs.at(-1)).not.toEqual({ Status: 'PENDING' });
  return actual;
}

const findOp = (service: FakeCheckpointClient, type: string) => [...service.operations.values()].find((op) => op.Type === type && op.Status === 'STARTED');

/** Our messages for context misuse and non-determinism are worded differently; types and prefixes match. */
const dropErrorMessage = (t: Trace): void => {
  for (const output of t.outputs as { Error?: { ErrorMessage?: string } }[]) {
    if (output.Error?.ErrorMessage) output.Error.ErrorMessage = output.Error.ErrorMessage.split(':')[0];
  }
};

const slow = <T>(value: T): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), 3));

describe('checkpoint traffic equals the official SDK 2.4', () => {
  it('the §3.10 worked example', async () => {
    const result = await compare(async (_e, ctx) => {
      const u = await ctx.step('fetch', async () => slow({ id: 7 }));
      await ctx.wait({ seconds: 30 });
      return u;
    });
    expect(result.outputs.at(-1)).toEqual({ Status: 'SUCCEEDED', Result: '{"id":7}' });
  });

  it('a step that resolves within the tick (START coalesced with SUCCEED)', async () => {
    await compare(async (_e, ctx) => ctx.step('instant', async () => 1));
  });

  it('retries and a final failure', async () => {
    const result = await compare(async (_e, ctx) =>
      ctx.step('flaky', async ({ attempt }) => {
        throw new Error(`attempt ${attempt}`);
      }, { retryStrategy: (_err: Error, attempt: number) => ({ shouldRetry: attempt < 3, delay: { seconds: 2 } }) }),
    );
    expect(result.outputs.at(-1)).toMatchObject({ Status: 'FAILED' });
  });

  it('nested child contexts and a large (ReplayChildren) child', async () => {
    await compare(async (_e, ctx) => {
      const small = await ctx.runInChildContext('small', async (child) => {
        const a = await child.step('a', async () => slow(1));
        return child.runInChildContext('inner', async (g) => g.step('b', async () => slow((a as number) + 1)));
      });
      const big = (await ctx.runInChildContext('big', async (child) => child.step('part', async () => slow('x'.repeat(300 * 1024))))) as string;
      await ctx.wait({ seconds: 1 });
      return { small, bigLength: big.length };
    });
  });

  it('callbacks (success) and waitForCondition', async () => {
    await compare(
      async (_e, ctx) => {
        const [promise, id] = await ctx.createCallback('approval', { timeout: { seconds: 60 }, heartbeatTimeout: { seconds: 10 } });
        const answer = await promise;
        const polled = await ctx.waitForCondition('poll', async (s: number) => s + 1, {
          initialState: 0,
          waitStrategy: (s: number) => (s >= 2 ? { shouldContinue: false } : { shouldContinue: true, delay: { seconds: 3 } }),
        });
        return { answer, polled, idLength: id.length };
      },
      (service, invocation) => {
        if (invocation === 0) {
          const callback = [...service.operations.values()].find((op) => op.Type === 'CALLBACK');
          service.succeedCallback(callback?.CallbackDetails?.CallbackId as string, 'yes');
        }
      },
    );
  });

  it('chained invoke', async () => {
    await compare(
      async (_e, ctx) => ctx.invoke('charge', 'payments-fn', { amount: 3 }),
      (service) => {
        const invoke = [...service.operations.values()].find((op) => op.Type === 'CHAINED_INVOKE');
        if (invoke && invoke.Status === 'STARTED') service.completeInvoke(invoke.Id, { result: '{"ok":true}' });
      },
    );
  });

  it('failures: step FAIL, child FAIL with errorMapper, waitForCondition FAIL', async () => {
    await compare(async (_e, ctx) => {
      const errors: string[] = [];
      for (const run of [
        () => ctx.step('s', async () => slow(0).then(() => { throw new TypeError('t'); }), { retryStrategy: () => ({ shouldRetry: false }) }),
        () => ctx.runInChildContext('c', async (c) => { await c.step('inner', async () => 1); throw new RangeError('r'); }),
        () => ctx.runInChildContext('m', async () => { throw new Error('m'); }, { errorMapper: (e: Error) => e }),
        () => ctx.waitForCondition('w', async () => { throw new Error('bad'); }, { initialState: 1, waitStrategy: () => ({ shouldContinue: false }) }),
      ]) {
        try {
          await run();
        } catch (error) {
          errors.push(`${(error as Error).name}:${(error as Error).message}`);
        }
      }
      return errors;
    });
  });

  it('callback failure and timeout, chained invoke timing out', async () => {
    for (const complete of [
      (s: FakeCheckpointClient) => s.failCallback(findOp(s, 'CALLBACK')?.CallbackDetails?.CallbackId as string, { ErrorType: 'X', ErrorMessage: 'no', ErrorData: 'd' }),
      (s: FakeCheckpointClient) => s.timeOutCallback(findOp(s, 'CALLBACK')?.CallbackDetails?.CallbackId as string),
    ]) {
      await compare(async (_e, ctx) => (await ctx.createCallback('cb'))[0], (s) => findOp(s, 'CALLBACK') && complete(s));
    }
    await compare(
      async (_e, ctx) => ctx.invoke('i', 'fn'),
      (s) => {
        const op = findOp(s, 'CHAINED_INVOKE');
        if (op) s.completeInvoke(op.Id, { status: 'TIMED_OUT', error: { ErrorType: 'T', ErrorMessage: 'late' } });
      },
    );
  });

  it('virtual child contexts and an undefined step result', async () => {
    await compare(async (_e, ctx) => {
      await ctx.step('nothing', async () => undefined);
      return ctx.runInChildContext('o', async (o) => o.runInChildContext('v', async (v) => v.step('x', async () => slow(1)), { virtualContext: true }));
    });
  });

  it('an interrupted at-most-once step goes through the retry strategy', async () => {
    await compare(
      async (_e, ctx) =>
        ctx.step('s', async () => 1, {
          semantics: 'AT_MOST_ONCE_PER_RETRY',
          retryStrategy: (_err: Error, attempt: number) => ({ shouldRetry: attempt < 2, delay: { seconds: 1 } }),
        }),
      undefined,
      {
        prepare: (s) =>
          s.operations.set('c4ca4238a0b92382', { Id: 'c4ca4238a0b92382', Type: 'STEP', SubType: 'Step', Name: 's', Status: 'STARTED', StepDetails: {} }),
      },
    );
  });

  it('non-determinism and context misuse end FAILED with the same error types and no traffic', async () => {
    const nondet = await compare(async (_e, ctx) => ctx.step('other', async () => 1), undefined, {
      prepare: (s) =>
        s.operations.set('c4ca4238a0b92382', { Id: 'c4ca4238a0b92382', Type: 'STEP', SubType: 'Step', Name: 's', Status: 'SUCCEEDED', StepDetails: { Result: '1' } }),
      normalize: dropErrorMessage,
    });
    expect(nondet.outputs).toEqual([{ Status: 'FAILED', Error: expect.objectContaining({ ErrorType: 'NonDeterministicExecutionError' }) }]);
    await compare(async (_e, ctx) => ctx.runInChildContext('c', async () => ctx.step('s', async () => 1)), undefined, { normalize: dropErrorMessage });
    await compare(async (_e, ctx) => ctx.step('s', async () => ctx.wait({ seconds: 1 })), undefined, { normalize: dropErrorMessage });
  });

  it('a result over 6 MiB: same traffic except that we send the real EXECUTION id', async () => {
    const result = await compare(async () => 'z'.repeat(6 * 1024 * 1024), undefined, {
      normalize: (t) => {
        for (const update of t.requests.flat()) {
          expect(update.Id === 'exec-0000-uuid' || /^[0-9a-f]{16}$/.test(update.Id)).toBe(true);
          update.Id = 'execution';
        }
      },
    });
    expect(result.outputs).toEqual([{ Status: 'SUCCEEDED', Result: '' }]);
  });

  it('concurrent sibling contexts record their STARTs before their children', async () => {
    await compare(async (_e, ctx) =>
      Promise.all([
        ctx.runInChildContext('a', async (c) => {
          await c.wait({ seconds: 1 });
          return c.step('s', async () => 'a');
        }),
        ctx.runInChildContext('b', async (c) => {
          await c.wait({ seconds: 2 });
          return c.step('s', async () => 'b');
        }),
      ]),
    );
  });

  it('retries inside a child context, at-most-once retries, nested replay', async () => {
    await compare(async (_e, ctx) => {
      const inChild = await ctx.runInChildContext('c', async (c) =>
        c.step('f', async ({ attempt }) => {
          if (attempt < 2) throw new Error('x');
          return attempt;
        }, { retryStrategy: (_x: Error, a: number) => ({ shouldRetry: a < 3, delay: { seconds: 1 } }) }),
      );
      const atMostOnce = await ctx.step('once', async ({ attempt }) => {
        if (attempt < 2) throw new Error('y');
        return 'ok';
      }, { semantics: 'AT_MOST_ONCE_PER_RETRY', retryStrategy: (_x: Error, a: number) => ({ shouldRetry: a < 3 }) });
      const deep = await ctx.runInChildContext('a', async (c) =>
        c.runInChildContext('b', async (d) => {
          await d.wait({ seconds: 1 });
          return d.step('s', async () => 'deep');
        }),
      );
      return { inChild, atMostOnce, deep };
    });
  });

  it('handler errors, thrown strings, null results and unawaited callbacks', async () => {
    await compare(async (_e, ctx) => {
      await ctx.step('s', async () => 1);
      throw new Error('after');
    });
    await compare(async (_e, ctx) =>
      ctx.step('st', async () => {
        throw 'plain string';
      }, { retryStrategy: () => ({ shouldRetry: false }) }),
    );
    await compare(async (_e, ctx) => ctx.step('n', async () => null));
    await compare(async (_e, ctx) => (await ctx.createCallback('cb'))[1].length > 0);
  });
});


const compareBatch = (body: ScenarioBody): Promise<Trace> => compare(body, undefined, { realClock: true });

/** What a BatchResult shows, SDK-independent (the classes differ between the SDKs). */
const batchView = (batch: any): unknown => ({
  all: batch.all.map((item: any) => ({ index: item.index, status: item.status, result: item.result, error: item.error && [item.error.name, item.error.message, item.error.cause?.name] })),
  reason: batch.completionReason,
  status: batch.status,
  counts: [batch.successCount, batch.failureCount, batch.startedCount, batch.totalCount],
});

describe('map and parallel traffic equals the official SDK 2.4', () => {
  it('map with maxConcurrency, one step per item, across a wait', async () => {
    const result = await compareBatch(async (_e, ctx) => {
      const batch = await ctx.map('items', [1, 2, 3, 4, 5], async (c, item: number) => {
        const doubled = await c.step('double', async () => item * 2);
        if (item % 2 === 1) await c.wait({ seconds: item });
        return doubled;
      }, { maxConcurrency: 2 });
      await ctx.wait({ seconds: 1 });
      return batchView(batch);
    });
    expect(result.outputs.at(-1)).toMatchObject({ Status: 'SUCCEEDED' });
  });

  it('map items that resolve within the tick, item namer, unnamed map', async () => {
    await compareBatch(async (_e, ctx) => {
      const batch = await ctx.map(undefined, ['a', 'b', 'c'], async (c, item: string, index) => c.step('s', async () => `${item}${index}`), {
        itemNamer: (item: string) => `item-${item}`,
      });
      return batchView(batch);
    });
  });

  it('parallel with named and unnamed branches and waits', async () => {
    await compareBatch(async (_e, ctx) => {
      const batch = await ctx.parallel('fan', [
        { name: 'left', func: async (c: AnyContext) => { await c.wait({ seconds: 2 }); return c.step('l', async () => 'L'); } },
        async (c: AnyContext) => c.step('r', async () => 'R'),
        { func: async (c: AnyContext) => c.runInChildContext('deep', async (d) => d.step('d', async () => 'D')) },
      ]);
      return batchView(batch);
    });
  });

  it('failures within tolerance, over tolerance, fail-fast', async () => {
    await compareBatch(async (_e, ctx) => {
      const failing = async (c: AnyContext, item: number) =>
        c.step('s', async () => {
          if (item % 2 === 1) throw new TypeError(`odd ${item}`);
          return item;
        }, { retryStrategy: () => ({ shouldRetry: false }) });
      const tolerated = await ctx.map('tolerated', [0, 1, 2, 3], failing, { completionConfig: { toleratedFailureCount: 2 } });
      const exceeded = await ctx.map('exceeded', [0, 1, 2, 3, 4, 5], failing, { maxConcurrency: 1, completionConfig: { toleratedFailurePercentage: 20 } });
      const failFast = await ctx.parallel('fast', [async () => { throw new RangeError('boom'); }, async (c: AnyContext) => c.step('ok', async () => slow(1))], { maxConcurrency: 1 });
      return [batchView(tolerated), batchView(exceeded), batchView(failFast)];
    });
  });

  it('minSuccessful completes early; late items are never checkpointed', async () => {
    const sleep = (ms: number): Promise<number> => new Promise((r) => setTimeout(() => r(ms), ms));
    const result = await compareBatch(async (_e, ctx) => {
      const batch = await ctx.map('race', [0, 30, 40], async (c, ms: number) => c.step('work', () => (ms === 0 ? Promise.resolve(0) : sleep(ms))), {
        completionConfig: { minSuccessful: 1 },
      });
      // The late items finish while this step runs: their SUCCEEDs must not be written.
      const after = await ctx.step('after', () => sleep(120));
      return [batchView(batch), after];
    });
    const succeeded = result.requests.flat().filter((u) => u.Action === 'SUCCEED').map((u) => u.Name);
    expect(succeeded).toEqual(['work', 'map-item-0', 'race', 'after']);
  });

  it('minSuccessful: our SDK aborts the late items\' signals, and the traffic stays the official SDK\'s', async () => {
    const aborted: string[] = [];
    const interruptible = (ms: number, signal: AbortSignal | undefined): Promise<number> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => resolve(ms), ms);
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          aborted.push(`${ms}:${(signal.reason as Error).name}`);
          reject(signal.reason as Error);
        });
      });
    const sleep = (ms: number): Promise<number> => new Promise((r) => setTimeout(() => r(ms), ms));
    const result = await compareBatch(async (_e, ctx) => {
      const batch = await ctx.map(
        'race',
        [0, 30, 40],
        async (c, ms: number) =>
          c.step('work', (stepContext: { attempt: number; signal?: AbortSignal }) => (ms === 0 ? Promise.resolve(0) : interruptible(ms, stepContext.signal))),
        { completionConfig: { minSuccessful: 1 } },
      );
      const after = await ctx.step('after', () => sleep(120));
      return [batchView(batch), after];
    });
    const written = result.requests.flat().filter((u) => u.Action !== 'START').map((u) => `${u.Action}:${u.Name}`);
    expect(written).toEqual(['SUCCEED:work', 'SUCCEED:map-item-0', 'SUCCEED:race', 'SUCCEED:after']);
    // Only our SDK has the signal (the official step context has none): its two late items stopped.
    expect(aborted.sort()).toEqual(['30:AbortError', '40:AbortError']);
  });

  it('custom completion and FLAT nesting', async () => {
    await compareBatch(async (_e, ctx) => {
      const custom = await ctx.map('custom', [1, 2, 3, 4], async (c, item: number) => c.step('s', async () => slow(item)), {
        maxConcurrency: 1,
        completionConfig: { shouldComplete: (s: { successCount: number }) => ({ complete: s.successCount >= 2, outcome: 'FAILED' }) },
      });
      const flat = await ctx.parallel('flat', [async (c: AnyContext) => c.step('a', async () => 1), async (c: AnyContext) => { await c.wait({ seconds: 1 }); return c.step('b', async () => 2); }], {
        nesting: 'FLAT',
      });
      const empty = await ctx.map('empty', [], async () => 1);
      return [batchView(custom), batchView(flat), batchView(empty)];
    });
  });

  it('a batch over 256 KiB is summarised and rebuilt on replay (NESTED and FLAT)', async () => {
    const result = await compareBatch(async (_e, ctx) => {
      const big = await ctx.map('big', [0, 1, 2], async (c, item: number) => c.step('part', async () => `${item}`.repeat(100 * 1024)), {
        summaryGenerator: (r: { totalCount: number }) => `n=${r.totalCount}`,
      });
      const flat = await ctx.parallel('flat-big', [async (c: AnyContext) => c.step('x', async () => 'x'.repeat(200 * 1024)), async (c: AnyContext) => c.step('y', async () => { throw new Error('y'); }, { retryStrategy: () => ({ shouldRetry: false }) }), async (c: AnyContext) => c.step('z', async () => 'z'.repeat(100 * 1024))], {
        nesting: 'FLAT', completionConfig: { toleratedFailureCount: 1 },
      });
      await ctx.wait({ seconds: 1 });
      return [batchView(big), big.all.map((i: any) => i.result.length), flat.all.map((i: any) => [i.status, i.result?.length, i.error?.name])];
    });
    const summaries = result.requests.flat().filter((u) => u.Type === 'CONTEXT' && u.ContextOptions?.ReplayChildren);
    expect(summaries.map((u) => JSON.parse(u.Payload ?? '{}').itemStatuses)).toEqual(['SSS', 'SFS']);
  });
});
describe('checkpoint traffic of waitForCallback, context.promise.* and withRetry equals the official SDK 2.4', () => {
  const completeCallback = (complete: (s: FakeCheckpointClient, id: string) => void): Between => (s) => {
    const callback = findOp(s, 'CALLBACK');
    if (callback) complete(s, callback.CallbackDetails?.CallbackId as string);
  };
  // allSettled stores rejected reasons with their stack, whose frames name each SDK's own files.
  const dropStacks = (t: Trace): void => {
    for (const update of t.requests.flat()) {
      if (update.Payload) update.Payload = update.Payload.replace(/"stack":"(?:[^"\\]|\\.)*"/g, '"stack":"…"');
    }
  };
  const outcome = async (run: () => PromiseLike<unknown>): Promise<unknown> => {
    try {
      return { value: await run() };
    } catch (error) {
      const e = error as Error & { cause?: Error };
      return { error: `${e.name}:${e.constructor.name}:${e.message}`, cause: e.cause && `${e.cause.name}:${e.cause.message}` };
    }
  };

  it('waitForCallback: success (named, raw string; custom serdes; unnamed with a context default deserializer)', async () => {
    const submitted: string[] = [];
    const result = await compare(
      async (_e, ctx) => {
        const raw = await ctx.waitForCallback('approval', async (id) => void submitted.push(id), { timeout: { seconds: 60 }, heartbeatTimeout: { seconds: 5 } });
        const parsed = await ctx.waitForCallback('parsed', async () => undefined, {
          serdes: { deserialize: async (s: string | undefined) => (s === undefined ? undefined : JSON.parse(s)) },
        });
        return { raw, parsed };
      },
      completeCallback((s, id) => s.succeedCallback(id, '{"ok":true}')),
    );
    expect(result.outputs.at(-1)).toEqual({ Status: 'SUCCEEDED', Result: JSON.stringify({ raw: '{"ok":true}', parsed: { ok: true } }) });
    await compare(
      async (_e, ctx) => {
        (ctx as unknown as { configureSerdes(c: unknown): void }).configureSerdes({
          defaultCallbackDeserializer: { deserialize: async (s: string | undefined) => `<${s}>` },
        });
        return ctx.waitForCallback(undefined, async () => undefined);
      },
      completeCallback((s, id) => s.succeedCallback(id, 'yes')),
    );
  });

  it('waitForCallback: callback failure, timeout, a failing submitter (with retries) and a missing submitter', async () => {
    for (const complete of [
      completeCallback((s, id) => s.failCallback(id, { ErrorType: 'Rejected', ErrorMessage: 'no', ErrorData: 'd' })),
      completeCallback((s, id) => s.timeOutCallback(id)),
    ]) {
      await compare(async (_e, ctx) => outcome(() => ctx.waitForCallback('cb', async () => undefined, { timeout: { seconds: 5 } })), complete);
    }
    const failed = await compare(async (_e, ctx) =>
      outcome(() =>
        ctx.waitForCallback('cb', async () => {
          throw new Error('mail server down');
        }, { retryStrategy: (_err: Error, attempt: number) => ({ shouldRetry: attempt < 2, delay: { seconds: 1 } }) }),
      ),
    );
    expect(JSON.parse((failed.outputs.at(-1) as { Result: string }).Result)).toMatchObject({ error: expect.stringContaining('CallbackSubmitterError') });
    await compare(async (_e, ctx) => {
      const missing = await outcome(() => (ctx.waitForCallback as (...a: unknown[]) => PromiseLike<unknown>)('no-submitter'));
      const notAFunction = await outcome(() => (ctx.waitForCallback as (...a: unknown[]) => PromiseLike<unknown>)(42));
      return { missing: (missing as { error: string }).error.split(':')[0], notAFunction: (notAFunction as { error: string }).error.split(':')[0], after: await ctx.step('after', async () => 1) };
    });
  });

  it('promise.all / allSettled / any / race: success, failures and replay across invocations', async () => {
    const result = await compare(async (_e, ctx) => {
      const all = await ctx.promise.all('all', [ctx.step('a', async () => 1), ctx.step('b', async () => 2)]);
      await ctx.wait({ seconds: 1 });
      const settled = await ctx.promise.allSettled([
        ctx.step('ok', async () => 'fine'),
        ctx.step('bad', async () => {
          throw new RangeError('nope');
        }, { retryStrategy: () => ({ shouldRetry: false }) }),
      ]);
      // No wait is left pending behind a combinator: its polls would make the number of empty
      // checkpoints depend on machine load, for either SDK.
      const any = await ctx.promise.any('any', [
        ctx.step('down', async () => Promise.reject(new Error('down')), { retryStrategy: () => ({ shouldRetry: false }) }),
        ctx.step('fast', async () => 'fast'),
      ]);
      const race = await ctx.promise.race(undefined, [ctx.step('r1', async () => 'r1'), ctx.step('r2', async () => 'r2')]);
      const failedAll = await outcome(() =>
        ctx.promise.all('fails', [ctx.step('x', async () => {
          throw new TypeError('x broke');
        }, { retryStrategy: () => ({ shouldRetry: false }) })]),
      );
      const failedAny = await outcome(() =>
        ctx.promise.any([ctx.step('y', async () => {
          throw new Error('y broke');
        }, { retryStrategy: () => ({ shouldRetry: false }) })]),
      );
      await ctx.wait({ seconds: 1 });
      const reasons = (settled as PromiseSettledResult<unknown>[]).map((r) => (r.status === 'rejected' ? `${(r.reason as Error).name}|${r.reason instanceof Error}` : r.value));
      return { all, reasons, any, race, failedAll, failedAny };
    }, undefined, { normalize: dropStacks });
    expect(result.outputs.length).toBeGreaterThan(2);
    expect(JSON.parse((result.outputs.at(-1) as { Result: string }).Result)).toMatchObject({
      all: [1, 2],
      reasons: ['fine', 'StepError|true'],
      any: 'fast',
      race: 'r1',
      failedAll: { error: 'PromiseCombinatorError:PromiseCombinatorError:x broke', cause: 'StepError:x broke' },
    });
  });

  it('withRetry: named and anonymous back-off waits, exhaustion, no wrapping', async () => {
    const result = await compare(async (_e, ctx, { withRetry }) => {
      const named = await withRetry(ctx, 'charge', async (c: AnyContext, attempt: number) => {
        const value = await c.step(`try-${attempt}`, async () => attempt);
        if (attempt < 3) throw new Error(`attempt ${attempt}`);
        return value;
      }, { retryStrategy: (_err: Error, attempt: number) => ({ shouldRetry: attempt < 5, delay: { seconds: 2 } }) });
      const anonymous = await withRetry(ctx, async (c: AnyContext, attempt: number) => {
        if (attempt < 2) throw new Error('once');
        return c.step('done', async () => 'anon');
      }, { retryStrategy: () => ({ shouldRetry: true }) });
      const exhausted = await outcome(() =>
        withRetry(ctx, 'never', async (c: AnyContext) => {
          await c.step('s', async () => 1);
          throw new RangeError('always');
        }, { retryStrategy: (_err: Error, attempt: number) => ({ shouldRetry: attempt < 2 }) }),
      );
      const unwrapped = await outcome(() =>
        withRetry(ctx, 'flat', async (c: AnyContext, attempt: number) => {
          if (attempt < 2) throw new Error('first');
          throw new TypeError('second');
        }, { retryStrategy: (_err: Error, attempt: number) => ({ shouldRetry: attempt < 2, delay: { seconds: 3 } }), wrapWithRunInChildContext: false }),
      );
      return { named, anonymous, exhausted, unwrapped };
    });
    expect(JSON.parse((result.outputs.at(-1) as { Result: string }).Result)).toMatchObject({ named: 3, anonymous: 'anon' });
  });

  it('the filesystem serdes as context default: same envelopes (paths, previews, inline data) and files', async () => {
    const base = await mkdtemp(join(tmpdir(), 'traffic-fs-'));
    try {
      const runs: { trace: Trace; files: Record<string, string> }[] = [];
      for (const which of ['official', 'ours'] as const) {
        const { [which]: handler } = bothHandlers(async (_e, ctx, sdk) => {
          (ctx as unknown as { configureSerdes(c: unknown): void }).configureSerdes({
            defaultSerdes: sdk.createFileSystemSerdes(join(base, 'always'), {
              generatePreview: (v) => sdk.buildPreview(v, { mode: 'EXCLUDE_ALL', include: [{ name: 'id' }], mask: [{ name: 'email' }] }),
            }),
          });
          const order = await ctx.step('order', async () => ({ id: 'o-1', email: 'a@b.c', lines: [1, 2] }));
          const inline = await ctx.step('small', async () => 'tiny', { serdes: sdk.createFileSystemSerdes(join(base, 'overflow'), { storageMode: 'OVERFLOW' }) });
          await ctx.wait({ seconds: 1 });
          return ctx.runInChildContext('child', async (c) => c.step('hashed', async () => ({ order, inline }), { serdes: sdk.createFileSystemSerdes(join(base, 'hash'), { pathEncoding: 'HASH' }) }));
        });
        runs.push(await traceAndReadFiles(handler, base));
      }
      const [expected, actual] = runs;
      expect(actual).toEqual(expected);
      // order (1), the child context's result (3) and hashed (3-1); "small" stays inline.
      expect(Object.keys(expected?.files ?? {})).toHaveLength(3);
      expect(JSON.stringify(expected?.trace.requests)).toContain('\\"preview\\":{\\"id\\":\\"o-1\\",\\"email\\":\\"***\\"}');
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });
});

/** Traces one handler and collects the files it left under `base` (relative path => contents), then clears them. */
async function traceAndReadFiles(handler: any, base: string): Promise<{ trace: Trace; files: Record<string, string> }> {
  const traced = await trace(handler);
  const files: Record<string, string> = {};
  for (const entry of await readdir(base, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[relative(base, path)] = await readFile(path, 'utf8');
  }
  await rm(base, { recursive: true, force: true });
  return { trace: traced, files };
}

