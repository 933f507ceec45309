/**
 * The root exports match the official SDK 2.4 (§7.1), and an official-README-style handler
 * compiles and runs with only the import changed.
 */
import * as official from '@aws/durable-execution-sdk-js';
import * as ours from 'durable-lambda';
import {
  createRetryStrategy,
  createWaitStrategy,
  type DurableContext,
  StepSemantics,
  withDurableExecution,
} from 'durable-lambda';
import { describe, expect, it } from 'vitest';
import { driveToCompletion } from '../support/drive.js';
import { FakeCheckpointClient } from '../support/fake-checkpoint-client.js';

/** Exports delivered by later work (none left). */
const LATER = new Set<string>([]);

describe('public API parity with @aws/durable-execution-sdk-js 2.4', () => {
  it('exports every runtime name of the official root module (except the ones listed for later work)', () => {
    const missing = Object.keys(official).filter((name) => !LATER.has(name) && !(name in ours));
    expect(missing).toEqual([]);
    expect(ours.StepSemantics.AtMostOncePerRetry).toBe(official.StepSemantics.AtMostOncePerRetry);
    expect(ours.OperationSubType.WAIT_FOR_CONDITION).toBe(official.OperationSubType.WAIT_FOR_CONDITION);
    expect(ours.completeBatch()).toEqual(official.completeBatch());
    expect(ours.completeBatch(ours.CompletionOutcome.FAILED)).toEqual(official.completeBatch(official.CompletionOutcome.FAILED));
    expect(ours.continueBatch()).toEqual(official.continueBatch());
    expect(ours.DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION).toBe(official.DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION);
    expect(ours.PluginInvocationStatus).toEqual(official.PluginInvocationStatus);
    expect(ours.PluginOperationStatus).toEqual(official.PluginOperationStatus);
    expect(ours.AttemptEndInfoOutcome).toEqual(official.AttemptEndInfoOutcome);
  });

  it('runs an official-README-style handler', async () => {
    const handler = withDurableExecution(async (event: { orderId: string }, context: DurableContext) => {
      const order = await context.step('validate', async ({ logger }) => {
        logger.info('validating');
        return { id: event.orderId, ok: true };
      }, { retryStrategy: createRetryStrategy({ maxAttempts: 3 }), semantics: StepSemantics.AtLeastOncePerRetry });
      await context.wait('cool-off', { seconds: 10 });
      const shipped = await context.runInChildContext('ship', async (child) => child.step(async () => `shipped ${order.id}`));
      const status = await context.waitForCondition(async (s: { polls: number }) => ({ polls: s.polls + 1 }), {
        initialState: { polls: 0 },
        waitStrategy: createWaitStrategy({ shouldContinuePolling: (s) => s.polls < 2, initialDelay: { seconds: 1 } }),
      });
      return { shipped, polls: status.polls };
    });
    const service = new FakeCheckpointClient({ input: { orderId: 'o-1' } });
    const outputs = await driveToCompletion({ handler, service });
    expect(outputs.at(-1)).toEqual({ Status: 'SUCCEEDED', Result: '{"shipped":"shipped o-1","polls":2}' });
  });
});
