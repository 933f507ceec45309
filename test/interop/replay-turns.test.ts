/**
 * On replay, completed operations resolve in the same microtask turn as with the official SDK,
 * so concurrent code that mixes replayed steps, waits and child contexts interleaves (and
 * numbers its later operations) the same way after switching SDKs.
 */
import { DurableExecutionInvocationInputWithClient as OfficialInput } from '@aws/durable-execution-sdk-js';
import { describe, expect, it } from 'vitest';
import { FakeCheckpointClient, fakeLambdaContext } from '../support/fake-checkpoint-client.js';
import type { AnyContext } from './scenarios.js';
import { bothHandlers } from './scenarios.js';

/** Turn (counted by a parallel loop of awaits) at which each of the operations resolved. */
type Turns = Record<string, number>;

async function replayTurns(start: (ctx: AnyContext) => Record<string, PromiseLike<unknown>>): Promise<{ ours: Turns; official: Turns }> {
  const result = { ours: {} as Turns, official: {} as Turns };
  for (const which of ['official', 'ours'] as const) {
    const turns = result[which];
    let recording = false;
    const handlers = bothHandlers(async (_event, ctx) => {
      const operations = start(ctx);
      if (!recording) return Promise.allSettled(Object.values(operations));
      let turn = 0;
      let pending = Object.keys(operations).length;
      for (const [name, operation] of Object.entries(operations)) {
        const settled = (): void => {
          turns[name] = turn;
          pending -= 1;
        };
        void Promise.resolve(operation).then(settled, settled);
      }
      while (pending > 0 && turn < 200) {
        await Promise.resolve();
        turn += 1;
      }
      return 'done';
    });
    const service = new FakeCheckpointClient();
    const input = (): never => new OfficialInput(service.event(), service as never) as never;
    // The first invocations write the history (the wait needs a second one); the last replays it all.
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const output = (await handlers[which](input(), fakeLambdaContext())) as { Status: string };
      if (output.Status === 'SUCCEEDED') break;
      service.fireTimers();
    }
    recording = true;
    const replay = (await handlers[which](input(), fakeLambdaContext())) as { Status: string };
    expect(replay.Status).toBe('SUCCEEDED');
  }
  return result;
}

describe('replayed operations resolve in the official SDK turn', () => {
  it('steps, child contexts and waits replayed together', async () => {
    const { ours, official } = await replayTurns((ctx) => ({
      step: ctx.step('a', async () => 1),
      child: ctx.runInChildContext('c', async (child) => child.step('x', async () => 2)),
      second: ctx.step('b', async () => 3),
    }));
    expect(Object.keys(official)).toHaveLength(3);
    expect(ours).toEqual(official);
  });

  it('failed steps and child contexts', async () => {
    const { ours, official } = await replayTurns((ctx) => ({
      step: ctx.step('a', async () => {
        throw new Error('no');
      }, { retryStrategy: () => ({ shouldRetry: false }) }),
      child: ctx.runInChildContext('c', async () => {
        throw new Error('no');
      }),
      fine: ctx.step('b', async () => 1),
    }));
    expect(Object.keys(official)).toHaveLength(3);
    expect(ours).toEqual(official);
  });

  it('a replayed wait between steps', async () => {
    const { ours, official } = await replayTurns((ctx) => ({
      before: ctx.step('a', async () => 1),
      wait: ctx.wait('w', { seconds: 5 }),
      after: ctx.step('b', async () => 2),
    }));
    expect(Object.keys(official)).toHaveLength(3);
    expect(ours).toEqual(official);
  });
});
