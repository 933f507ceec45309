import { describe, expect, it } from 'vitest';
import { CheckpointPipeline } from '../../src/engine/checkpoint-pipeline.js';
import { ExecutionState } from '../../src/engine/execution-state.js';
import { hashOperationId } from '../../src/engine/ids.js';
import { SuspensionTracker } from '../../src/engine/suspension.js';
import { FakeCheckpointClient, serviceError, TEST_ARN } from '../support/fake-checkpoint-client.js';

function setup(options: { maxBatchBytes?: number; slow?: boolean } = {}) {
  const service = new FakeCheckpointClient();
  const event = service.event();
  const state = new ExecutionState({
    durableExecutionArn: TEST_ARN,
    checkpointToken: event.CheckpointToken,
    operations: event.InitialExecutionState.Operations,
  });
  const holder: { pipeline?: CheckpointPipeline } = {};
  const tracker = new SuspensionTracker({ isPipelineBusy: () => holder.pipeline?.busy ?? false });
  let inFlight = 0;
  let maxInFlight = 0;
  const client = {
    getExecutionState: service.getExecutionState.bind(service),
    checkpoint: async (request: Parameters<FakeCheckpointClient['checkpoint']>[0]) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      if (options.slow) await new Promise((resolve) => setTimeout(resolve, 5));
      try {
        return await service.checkpoint(request);
      } finally {
        inFlight -= 1;
      }
    },
  };
  const pipeline = new CheckpointPipeline({ client, state, tracker, maxBatchBytes: options.maxBatchBytes });
  holder.pipeline = pipeline;
  return { service, state, tracker, pipeline, maxInFlight: () => maxInFlight };
}

const start = (rawId: string, parentRawId?: string) => ({ rawId, parentRawId, update: { Type: 'STEP' as const, Action: 'START' as const, SubType: 'Step' } });

describe('checkpoint pipeline (§5.5)', () => {
  it('coalesces updates queued in the same tick into one request, hashing ids at send time', async () => {
    const { service, pipeline } = setup();
    await Promise.all([pipeline.enqueue(start('1')), pipeline.enqueue(start('2-1', '2'))]);
    expect(service.requests).toHaveLength(1);
    expect(service.updates[0]).toEqual([
      { Type: 'STEP', Action: 'START', SubType: 'Step', Id: hashOperationId('1') },
      { Type: 'STEP', Action: 'START', SubType: 'Step', Id: hashOperationId('2-1'), ParentId: hashOperationId('2') },
    ]);
  });

  it('keeps one call in flight, rotates the token and merges returned operations', async () => {
    const { service, state, pipeline, maxInFlight } = setup({ slow: true });
    const first = pipeline.enqueue(start('1'));
    await new Promise((resolve) => setImmediate(resolve));
    const second = pipeline.enqueue(start('2'));
    const third = pipeline.enqueue(start('3'));
    await Promise.all([first, second, third]);
    expect(maxInFlight()).toBe(1);
    expect(service.updates.map((u) => u.length)).toEqual([1, 2]);
    expect(service.requests.map((r) => r.CheckpointToken)).toEqual(['T1', 'T2']);
    expect(state.checkpointToken).toBe('T3');
    expect(state.getByRawId('3')?.Status).toBe('STARTED');
  });

  it('caps a request at 250 updates', async () => {
    const { service, pipeline } = setup();
    await Promise.all(Array.from({ length: 600 }, (_, i) => pipeline.enqueue(start(String(i + 1)))));
    expect(service.updates.map((u) => u.length)).toEqual([250, 250, 100]);
  });

  it('caps a request at the estimated byte budget and sends an oversize update alone', async () => {
    const { service, pipeline } = setup({ maxBatchBytes: 2_000 });
    const big = (rawId: string, size: number) => ({ rawId, update: { Action: 'SUCCEED' as const, Payload: 'x'.repeat(size) } });
    await Promise.all([pipeline.enqueue(big('1', 900)), pipeline.enqueue(big('2', 900)), pipeline.enqueue(big('3', 5_000)), pipeline.enqueue(big('4', 10))]);
    expect(service.updates.map((u) => u.map((x) => x.Id))).toEqual([
      [hashOperationId('1')],
      [hashOperationId('2')],
      [hashOperationId('3')],
      [hashOperationId('4')],
    ]);
  });

  it('uses the default 750 KiB budget', async () => {
    const { service, pipeline } = setup();
    const update = (rawId: string) => ({ rawId, update: { Action: 'SUCCEED' as const, Payload: 'y'.repeat(300 * 1024) } });
    await Promise.all([pipeline.enqueue(update('1')), pipeline.enqueue(update('2')), pipeline.enqueue(update('3'))]);
    expect(service.updates.map((u) => u.length)).toEqual([2, 1]);
  });

  it('sends an empty update list for a forced refresh', async () => {
    const { service, pipeline } = setup();
    await pipeline.forceRefresh();
    expect(service.updates).toEqual([[]]);
  });

  it('drops writes under a finished context (finished-ancestor gate) but not the context itself', async () => {
    const { service, tracker, pipeline } = setup();
    tracker.markContextFinished('2');
    let lateSettled = false;
    void pipeline.enqueue(start('2-1', '2')).then(() => (lateSettled = true));
    void pipeline.enqueue(start('2-3-1', '2-3')).then(() => (lateSettled = true));
    await pipeline.enqueue({ rawId: '2', update: { Type: 'CONTEXT', Action: 'SUCCEED' } });
    await pipeline.drain();
    expect(service.updates).toEqual([[{ Type: 'CONTEXT', Action: 'SUCCEED', Id: hashOperationId('2') }]]);
    expect(lateSettled).toBe(false);
  });

  it.each([
    ['5xx', serviceError('ServiceException', 500), 'throw'],
    ['429', serviceError('TooManyRequestsException', 429), 'throw'],
    ['stale token', serviceError('InvalidParameterValueException', 400, 'Invalid Checkpoint Token: stale'), 'throw'],
    ['4xx', serviceError('ValidationException', 400), 'fail'],
    ['KMS', serviceError('KMSDisabledException', 502), 'fail'],
  ])('a %s failure clears the queue and ends the invocation (%s)', async (_label, error, kind) => {
    const { service, tracker, pipeline } = setup();
    service.failNextCheckpoint(error);
    void pipeline.enqueue(start('1'));
    const outcome = await tracker.outcome;
    expect(outcome.kind).toBe(kind);
    expect(outcome.kind !== 'suspend' && outcome.reason).toBe('CHECKPOINT_FAILED');
    await pipeline.drain();
    let settled = false;
    void pipeline.enqueue(start('2')).then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(settled).toBe(false);
    expect(service.requests).toHaveLength(1);
  });
});

describe('verbose diagnostics', () => {
  it('logs each checkpoint request only when DURABLE_VERBOSE_MODE=true', async () => {
    const { refreshLogConfig } = await import('../../src/logger/log-config.js');
    const lines: string[] = [];
    const original = console.debug;
    console.debug = (...args: unknown[]) => void lines.push(args.join(' '));
    try {
      const quiet = setup();
      await quiet.pipeline.enqueue(start('1'));
      expect(lines).toEqual([]);
      process.env.DURABLE_VERBOSE_MODE = 'true';
      refreshLogConfig();
      const loud = setup();
      await loud.pipeline.enqueue(start('1'));
      expect(lines).toEqual([`durable-lambda: checkpoint {"updates":["STEP:START:${hashOperationId('1')}"]}`]);
    } finally {
      console.debug = original;
      delete process.env.DURABLE_VERBOSE_MODE;
      refreshLogConfig();
    }
  });
});
