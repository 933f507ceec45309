import { describe, expect, it } from 'vitest';
import { hashOperationId } from '../../src/engine/ids.js';
import { StepError } from '../../src/errors.js';
import { withDurableExecution } from '../../src/handler.js';
import type { DurableContext } from '../../src/types.js';
import { driveToCompletion, invokeOnce } from '../support/drive.js';
import { FakeCheckpointClient } from '../support/fake-checkpoint-client.js';

describe('waitForCondition (§5.7.3)', () => {
  it('records each state with RETRY, suspends between polls and SUCCEEDs with the final state', async () => {
    const checks: [number, number][] = [];
    const h = withDurableExecution(async (_e, ctx: DurableContext) =>
      ctx.waitForCondition(
        'poll',
        async (state: { n: number }, { attempt }) => {
          checks.push([state.n, attempt]);
          return { n: state.n + 1 };
        },
        {
          initialState: { n: 0 },
          waitStrategy: (state) => (state.n >= 3 ? { shouldContinue: false } : { shouldContinue: true, delay: { seconds: 2 } }),
        },
      ),
    );
    const service = new FakeCheckpointClient();
    const outputs = await driveToCompletion({ handler: h, service });
    expect(outputs.map((o) => o.Status)).toEqual(['PENDING', 'PENDING', 'SUCCEEDED']);
    expect(outputs.at(-1)).toEqual({ Status: 'SUCCEEDED', Result: '{"n":3}' });
    expect(checks).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
    const updates = service.updates.flat();
    expect(updates.map((u) => [u.Action, u.Payload, u.StepOptions?.NextAttemptDelaySeconds])).toEqual([
      ['START', undefined, undefined],
      ['RETRY', '{"n":1}', 2],
      ['START', undefined, undefined],
      ['RETRY', '{"n":2}', 2],
      ['START', undefined, undefined],
      ['SUCCEED', '{"n":3}', undefined],
    ]);
    expect(updates.every((u) => u.SubType === 'WaitForCondition' && u.Type === 'STEP' && u.Id === hashOperationId('1'))).toBe(true);
  });

  it('records FAIL and throws when the check throws', async () => {
    let caught: unknown;
    const h = withDurableExecution(async (_e, ctx: DurableContext) => {
      try {
        await ctx.waitForCondition(async () => {
          throw new Error('probe failed');
        }, { initialState: 1, waitStrategy: () => ({ shouldContinue: false }) });
      } catch (error) {
        caught = error;
      }
      return 'handled';
    });
    const service = new FakeCheckpointClient();
    expect(await invokeOnce(h, service)).toEqual({ Status: 'SUCCEEDED', Result: '"handled"' });
    expect(caught).toBeInstanceOf(StepError);
    expect(service.updates.flat().at(-1)).toMatchObject({ Action: 'FAIL', Error: { ErrorMessage: 'probe failed' } });
  });

  it('throws synchronously without a wait strategy or an initial state', async () => {
    const h = withDurableExecution(async (_e, ctx: DurableContext) => {
      const errors: string[] = [];
      for (const config of [{ initialState: 1 }, { waitStrategy: () => ({ shouldContinue: false as const }) }]) {
        try {
          void ctx.waitForCondition(async (s: number) => s, config as never);
        } catch (error) {
          errors.push((error as Error).message);
        }
      }
      return errors;
    });
    const output = await invokeOnce(h, new FakeCheckpointClient());
    expect(JSON.parse((output as { Result: string }).Result)).toEqual([
      expect.stringContaining('waitStrategy'),
      expect.stringContaining('initialState'),
    ]);
  });
});
