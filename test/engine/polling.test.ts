import { describe, expect, it } from 'vitest';
import { CheckpointPipeline } from '../../src/engine/checkpoint-pipeline.js';
import { ExecutionState } from '../../src/engine/execution-state.js';
import { hashOperationId } from '../../src/engine/ids.js';
import { OperationWaiter, pollBackoffMs } from '../../src/engine/polling.js';
import { SuspensionTracker } from '../../src/engine/suspension.js';
import { FakeCheckpointClient, TEST_ARN } from '../support/fake-checkpoint-client.js';

async function setup(remainingMs: number) {
  const service = new FakeCheckpointClient();
  const event = service.event();
  const state = new ExecutionState({ durableExecutionArn: TEST_ARN, checkpointToken: event.CheckpointToken, operations: [] });
  const holder: { pipeline?: CheckpointPipeline } = {};
  const tracker = new SuspensionTracker({ isPipelineBusy: () => holder.pipeline?.busy ?? false });
  const pipeline = new CheckpointPipeline({ client: service, state, tracker });
  holder.pipeline = pipeline;
  const waiter = new OperationWaiter({ state, pipeline, remainingTimeMs: () => remainingMs });
  await pipeline.enqueue({ rawId: '1', update: { Type: 'WAIT', Action: 'START', WaitOptions: { WaitSeconds: 0 } } });
  return { service, state, waiter, pipeline };
}

describe('polling (§5.4)', () => {
  it('backs off 1 s, 2 s, … up to 10 s, then 60 s after 95 polls', () => {
    expect([0, 1, 2, 8, 9, 20].map(pollBackoffMs)).toEqual([1000, 2000, 3000, 9000, 10000, 10000]);
    expect(pollBackoffMs(94)).toBe(10000);
    expect(pollBackoffMs(95)).toBe(60000);
    expect(pollBackoffMs(200)).toBe(60000);
  });

  it('refreshes state with an empty checkpoint at the known end time and resolves on a status change', async () => {
    const { service, waiter } = await setup(60_000);
    const wireId = hashOperationId('1');
    const changed = waiter.waitForStatusChange(wireId, 'STARTED', new Date(Date.now() + 30));
    setTimeout(() => service.fireTimers(), 10);
    const record = await changed;
    expect(record.Status).toBe('SUCCEEDED');
    expect(service.updates.at(-1)).toEqual([]);
    waiter.dispose();
  });

  it('does not arm timers when less than a second of invocation time remains, and disposes cleanly', async () => {
    const { service, waiter } = await setup(900);
    let settled = false;
    void waiter.waitForStatusChange(hashOperationId('1'), 'STARTED', new Date(Date.now() + 10)).then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(settled).toBe(false);
    expect(service.requests).toHaveLength(1);
    waiter.dispose();
  });

  it('resolves immediately from a checkpoint response that changed the status', async () => {
    const { service, waiter, pipeline } = await setup(60_000);
    const changed = waiter.waitForStatusChange(hashOperationId('1'), 'STARTED');
    service.fireTimers();
    await pipeline.enqueue({ rawId: '2', update: { Type: 'STEP', Action: 'START' } });
    expect((await changed).Status).toBe('SUCCEEDED');
    waiter.dispose();
  });
});
