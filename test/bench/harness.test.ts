import { describe, expect, it } from 'vitest';
import { createOfficialAdapter, createOursAdapter, missingFeature } from '../../bench/adapters.js';
import { expectSucceeded, runExecution } from '../../bench/driver.js';
import { InvalidCheckpointTokenError, MemoryCheckpointService } from '../../bench/memory-client.js';
import { runBench } from '../../bench/run.js';
import { ratioOf, toFigures } from '../../bench/scenario.js';
import type { Scenario } from '../../bench/scenario.js';
import { sequentialStepsHandler, sequentialSum } from '../../bench/sequential-handler.js';
import { measureAllocation, median } from '../../bench/stats.js';
import { summariseProfile } from '../../bench/profile.js';

const arnOf = (service: MemoryCheckpointService): string => service.arn;

describe('MemoryCheckpointService', () => {
  it('rotates the token on every checkpoint and rejects a stale one', async () => {
    const service = new MemoryCheckpointService();
    const { CheckpointToken: first } = service.invocationEvent();
    const answer = await service.checkpoint({ DurableExecutionArn: arnOf(service), CheckpointToken: first, Updates: [] });
    expect(answer.CheckpointToken).toBeDefined();
    expect(answer.CheckpointToken).not.toBe(first);
    await expect(
      service.checkpoint({ DurableExecutionArn: arnOf(service), CheckpointToken: first, Updates: [] }),
    ).rejects.toBeInstanceOf(InvalidCheckpointTokenError);
    expect(service.counts).toMatchObject({ checkpointCalls: 2, emptyCheckpointCalls: 2, updates: 0, invocations: 1 });
  });

  it('moves operations through their statuses and counts every update', async () => {
    const service = new MemoryCheckpointService();
    const token = service.invocationEvent().CheckpointToken;
    const answer = await service.checkpoint({
      DurableExecutionArn: arnOf(service),
      CheckpointToken: token,
      Updates: [
        { Id: 'step-a', Type: 'STEP', Action: 'START', SubType: 'Step' },
        { Id: 'step-a', Type: 'STEP', Action: 'SUCCEED', Payload: '42' },
        { Id: 'wait-a', Type: 'WAIT', Action: 'START', WaitOptions: { WaitSeconds: 30 } },
        { Id: 'callback-a', Type: 'CALLBACK', Action: 'START' },
        { Id: 'step-b', Type: 'STEP', Action: 'RETRY', StepOptions: { NextAttemptDelaySeconds: 5 } },
      ],
    });
    expect(service.counts).toMatchObject({ checkpointCalls: 1, updates: 5 });
    const returned = new Map((answer.NewExecutionState?.Operations ?? []).map((operation) => [operation.Id, operation]));
    expect(returned.get('step-a')).toMatchObject({ Status: 'SUCCEEDED', StepDetails: { Attempt: 1, Result: '42' } });
    expect(returned.get('wait-a')?.WaitDetails?.ScheduledEndTimestamp).toBeInstanceOf(Date);
    expect(returned.get('callback-a')?.CallbackDetails?.CallbackId).toEqual(expect.any(String));
    expect(returned.get('step-b')).toMatchObject({ Status: 'PENDING', StepDetails: { Attempt: 1 } });

    service.advanceClock(60_000);
    expect(service.operation('wait-a')?.Status).toBe('SUCCEEDED');
    expect(service.operation('step-b')?.Status).toBe('READY');
    expect(service.operation('callback-a')?.Status).toBe('STARTED');
  });

  it('prunes children of completed contexts and pages the state', async () => {
    const service = new MemoryCheckpointService({ pageSize: 2 });
    const token = service.invocationEvent().CheckpointToken;
    await service.checkpoint({
      DurableExecutionArn: arnOf(service),
      CheckpointToken: token,
      Updates: [
        { Id: 'ctx', Type: 'CONTEXT', Action: 'START' },
        { Id: 'child', ParentId: 'ctx', Type: 'STEP', Action: 'SUCCEED', Payload: '1' },
        { Id: 'ctx', Type: 'CONTEXT', Action: 'SUCCEED', Payload: '1' },
        { Id: 'after-1', Type: 'STEP', Action: 'SUCCEED' },
        { Id: 'after-2', Type: 'STEP', Action: 'SUCCEED' },
      ],
    });
    const event = service.invocationEvent();
    expect(event.InitialExecutionState.Operations.map((operation) => operation.Id)).toEqual(['execution-0', 'ctx']);
    expect(event.InitialExecutionState.NextMarker).toBe('2');
    const page = await service.getExecutionState({
      DurableExecutionArn: arnOf(service),
      CheckpointToken: event.CheckpointToken,
      Marker: event.InitialExecutionState.NextMarker,
    });
    expect(page.Operations?.map((operation) => operation.Id)).toEqual(['after-1', 'after-2']);
    expect(page.NextMarker).toBeUndefined();
    expect(service.counts.getStateCalls).toBe(1);
  });
});

describe('bench harness on the official SDK', () => {
  it('counts one checkpoint call with START and SUCCEED per sequential step, and none on replay', async () => {
    const official = await createOfficialAdapter();
    const service = new MemoryCheckpointService({ input: {} });
    const handler = official.wrap(sequentialStepsHandler(5), service);
    const fresh = await runExecution({ handler, service });
    expectSucceeded(fresh, sequentialSum(5));
    expect(service.counts).toMatchObject({ checkpointCalls: 5, updates: 10, invocations: 1 });

    service.resetCounts();
    const replay = await runExecution({ handler, service });
    expectSucceeded(replay, sequentialSum(5));
    expect(service.counts).toMatchObject({ checkpointCalls: 0, updates: 0, invocations: 1 });
  });

  it('reports the official figures of the quick map scenario and n/a for an SDK that cannot run', async () => {
    const lines: string[] = [];
    const figures = await runBench({ quick: true, only: ['map-1000-items'], json: undefined }, (line) => lines.push(line));
    const byMetric = new Map(figures.map((figure) => [figure.metric, figure]));
    // 100 items, maxConcurrency 50: the official SDK batches them into 3 calls of 402 updates in all.
    expect(byMetric.get('checkpoint calls')?.official).toBe(3);
    expect(byMetric.get('updates')?.official).toBe(402);
    expect(byMetric.get('replay wall time')?.official).toBeGreaterThan(0);
    for (const figure of figures) {
      if (figure.ours === null) {
        expect(figure.ratio).toBeNull();
        expect(figure.met).toBe(false);
        expect(figure.notes?.ours).toEqual(expect.any(String));
      }
    }
    expect(lines.some((line) => line.startsWith('map-1000-items | checkpoint calls'))).toBe(true);
  });
});

describe('SDK adapters', () => {
  it('reports why an SDK cannot run instead of measuring it', async () => {
    const adapter = await createOursAdapter(async () => ({ defaultSerdes: {} }));
    expect(adapter.unavailable).toBe('src/index.ts exports no withDurableExecution yet');
    expect(missingFeature(adapter, ['step'])).toBe(adapter.unavailable);
    expect(() => adapter.wrap(async () => 1, new MemoryCheckpointService())).toThrow(adapter.unavailable);
  });

  it('finds features by running them, so a complete SDK offers all of them', async () => {
    const adapter = await createOursAdapter(() => import('@aws/durable-execution-sdk-js'));
    expect(adapter.unavailable).toBeUndefined();
    expect([...adapter.features].sort()).toEqual(['map', 'parallel', 'runInChildContext', 'step', 'wait']);
    expect(missingFeature(adapter, ['map', 'pipelined'])).toBe('not implemented yet: pipelined');
  });
});

describe('figures', () => {
  const scenario: Scenario = {
    name: 'example',
    description: 'example',
    needs: [],
    metrics: [
      { metric: 'time', unit: 'ms', better: 'lower', target: 0.2 },
      { metric: 'calls', unit: 'calls', better: 'lower', target: 1 },
    ],
    run: async () => ({}),
  };

  it('computes ratio ours/official and whether the target is met', () => {
    const [time, calls] = toFigures(scenario, { ours: { time: 10, calls: 4 }, official: { time: 100, calls: 3 } });
    expect(time).toMatchObject({ ratio: 0.1, met: true });
    expect(calls?.ratio).toBeCloseTo(4 / 3);
    expect(calls?.met).toBe(false);
  });

  it('never invents a figure for a side that did not run', () => {
    const [time] = toFigures(scenario, { ours: 'not implemented yet: map', official: { time: 100, calls: 3 } });
    expect(time).toMatchObject({ ours: null, official: 100, ratio: null, met: false, notes: { ours: 'not implemented yet: map' } });
  });

  it('counts heap allocations even when collections run in between', async () => {
    const count = 200_000;
    const { result, allocatedBytes } = await measureAllocation(async () => {
      let total = 0;
      for (let index = 0; index < count; index += 1) total += new Array<number>(8).fill(index).length;
      return total;
    });
    expect(result).toBe(count * 8);
    // Each 8-slot array holds at least 8 tagged values of 8 bytes; most of them are collected meanwhile.
    expect(allocatedBytes).toBeGreaterThan(count * 64);
  });

  it('treats 0 against 0 as equal and anything else against 0 as no ratio', () => {
    expect(ratioOf(0, 0)).toBe(1);
    expect(ratioOf(2, 0)).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('profile summary', () => {
  it('adds self time per function across nodes and sorts by it', () => {
    const frame = (functionName: string, line: number) => ({ functionName, url: 'file:///work/main/src/engine/x.ts', lineNumber: line });
    const hot = summariseProfile(
      {
        nodes: [
          { id: 1, callFrame: frame('replay', 9) },
          { id: 2, callFrame: frame('scan', 19) },
          { id: 3, callFrame: frame('scan', 19) },
        ],
        samples: [1, 2, 3, 2],
        timeDeltas: [1000, 2000, 3000, 4000],
      },
      5,
    );
    expect(hot.map((entry) => [entry.name, entry.location, entry.selfMs])).toEqual([
      ['scan', 'src/engine/x.ts:20', 9],
      ['replay', 'src/engine/x.ts:10', 1],
    ]);
    expect(hot[0]?.share).toBeCloseTo(0.9);
  });
});
