/**
 * Interop at the wire: the same handler body wrapped by our SDK and by the official SDK runs
 * against identical in-memory services; the checkpoint requests (batching included) and the
 * responses must be the same, invocation after invocation.
 */
import { DurableExecutionInvocationInputWithClient as OfficialInput } from '@aws/durable-execution-sdk-js';
import { describe, expect, it } from 'vitest';
import type { OperationUpdate } from '../../src/protocol.js';
import { FakeCheckpointClient, fakeLambdaContext } from '../support/fake-checkpoint-client.js';
import type { ScenarioBody } from './scenarios.js';
import { bothHandlers } from './scenarios.js';

interface Trace {
  outputs: unknown[];
  requests: OperationUpdate[][];
}

async function trace(handler: any, between?: (service: FakeCheckpointClient, invocation: number) => void): Promise<Trace> {
  const service = new FakeCheckpointClient({ input: { orderId: 7 }, now: () => 1_700_000_000_000 });
  const outputs: unknown[] = [];
  for (let i = 0; i < 10; i += 1) {
    const event = new OfficialInput(service.event() as never, service as never);
    const output = (await handler(event, fakeLambdaContext())) as { Status: string };
    outputs.push(output);
    if (output.Status !== 'PENDING') break;
    service.fireTimers();
    between?.(service, i);
  }
  return { outputs, requests: service.updates.map((batch) => JSON.parse(JSON.stringify(batch)) as OperationUpdate[]) };
}

async function compare(body: ScenarioBody, between?: (service: FakeCheckpointClient, invocation: number) => void): Promise<Trace> {
  const { ours, official } = bothHandlers(body);
  const expected = await trace(official, between);
  const actual = await trace(ours, between);
  expect(actual).toEqual(expected);
  expect(actual.requests.length).toBeGreaterThan(0);
  expect(actual.outputs.at(-1)).not.toEqual({ Status: 'PENDING' });
  return actual;
}

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
});
