/**
 * The Powertools Tracer and Metrics adapters with the real packages: a real Tracer (enabled as in
 * Lambda, over a real X-Ray facade segment; and disabled, its test mode outside Lambda) and a real
 * Metrics instance whose EMF lines are parsed from the captured stdout.
 */
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import AWSXRay from 'aws-xray-sdk-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPowertoolsMetricsPlugin, createPowertoolsTracerPlugin, DurableMetricNames } from 'durable-lambda/powertools';
import { withDurableExecution } from '../../src/handler.js';
import type { DurableInstrumentationPlugin } from '../../src/plugins/types.js';
import type { DurableContext } from '../../src/types.js';
import { driveToCompletion } from '../support/drive.js';
import { FakeCheckpointClient } from '../support/fake-checkpoint-client.js';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** A workflow: a retried step, a child context with a step, a wait across invocations. */
const workflow = async (_event: unknown, ctx: DurableContext) => {
  const tries = await ctx.step(
    'flaky',
    async ({ attempt }) => {
      if (attempt < 2) throw new Error('try again');
      return attempt;
    },
    { retryStrategy: (_e: Error, attempt: number) => ({ shouldRetry: attempt < 3, delay: { seconds: 1 } }) },
  );
  const inner = await ctx.runInChildContext('group', async (child) => child.step('inner', async () => 'x'));
  await ctx.wait('pause', { seconds: 5 });
  return { tries, inner };
};

/** Runs the workflow to the end; like the service, each invocation lists what completed in between. */
const service = { last: new FakeCheckpointClient() };
function run(plugin: DurableInstrumentationPlugin) {
  const handler = withDurableExecution(workflow, { plugins: [plugin] });
  service.last = new FakeCheckpointClient({ updatedOperationIds: true });
  return driveToCompletion({ handler, service: service.last });
}

type Sub = { name: string; annotations?: Record<string, unknown>; subsegments?: Sub[]; end_time?: number; fault?: boolean; error?: boolean };

describe('Powertools Tracer adapter', () => {
  it('one subsegment per executed operation, nested as the operation tree, none for replays', async () => {
    vi.stubEnv('AWS_EXECUTION_ENV', 'AWS_Lambda_nodejs20.x');
    vi.stubEnv('AWS_XRAY_CONTEXT_MISSING', 'IGNORE_ERROR');
    vi.stubEnv('AWS_XRAY_DAEMON_ADDRESS', '127.0.0.1:2000');
    const tracer = new Tracer({ serviceName: 'orders' });
    expect(tracer.isTracingEnabled()).toBe(true);
    // One facade segment per invocation, as Lambda creates them.
    const facades: AWSXRay.Segment[] = [];
    const plugin = createPowertoolsTracerPlugin(tracer);
    const traced: DurableInstrumentationPlugin = {
      ...plugin,
      onInvocationStart: async (info) => {
        const facade = new AWSXRay.Segment(`invocation ${facades.length + 1}`);
        facades.push(facade);
        tracer.setSegment(facade);
        await plugin.onInvocationStart?.(info);
      },
    };
    const outputs = await tracer.provider.getNamespace().runPromise(() => run(traced));
    expect(outputs.at(-1)).toEqual({ Status: 'SUCCEEDED', Result: '{"tries":2,"inner":"x"}' });
    const tree = facades.map((facade) => ((facade.subsegments ?? []) as unknown as Sub[]).map((s) => [s.name, (s.subsegments ?? []).map((c) => c.name), s.annotations?.durable_suspended ?? false]));
    expect(tree).toEqual([
      // Invocation 1: the step fails its first attempt and is left retrying.
      [['Step flaky', [], true]],
      // Invocation 2: the retry succeeds (the step is reported again from its recorded start), the context runs, the wait begins.
      [
        ['Step flaky', [], false],
        ['RunInChildContext group', ['Step inner'], false],
        ['Wait pause', [], true],
      ],
      // Invocation 3: the wait ends; everything else replays without subsegments.
      [['Wait pause', [], false]],
    ]);
    const closed = facades.flatMap((f) => (f.subsegments ?? []) as unknown as Sub[]);
    expect(closed.every((s) => typeof s.end_time === 'number')).toBe(true);
    expect(closed.find((s) => s.name === 'Step flaky')?.annotations).toMatchObject({ durable_operation_type: 'STEP', durable_operation_name: 'flaky' });
  });

  it('in its test mode (tracing disabled outside Lambda) the adapter is inert and the execution unaffected', async () => {
    vi.stubEnv('AWS_EXECUTION_ENV', '');
    const tracer = new Tracer({ serviceName: 'orders' });
    expect(tracer.isTracingEnabled()).toBe(false);
    const outputs = await run(createPowertoolsTracerPlugin(tracer));
    expect(outputs.at(-1)).toEqual({ Status: 'SUCCEEDED', Result: '{"tries":2,"inner":"x"}' });
  });
});

describe('Powertools Metrics adapter', () => {
  it('EMF lines: operations run once, replays apart, attempts, retries, checkpoints, invocations', async () => {
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const metrics = new Metrics({ namespace: 'durable-test', serviceName: 'orders' });
    const outputs = await run(createPowertoolsMetricsPlugin(metrics));
    vi.restoreAllMocks();
    expect(outputs.map((o) => o.Status)).toEqual(['PENDING', 'PENDING', 'SUCCEEDED']);

    const emf = lines
      .flatMap((chunk) => chunk.split('\n'))
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line) as Record<string, unknown> & { _aws: { CloudWatchMetrics: { Namespace: string; Metrics: { Name: string; Unit: string }[] }[] } });
    expect(emf).toHaveLength(3);
    const value = (record: Record<string, unknown>, name: string): number => {
      const v = record[name];
      return Array.isArray(v) ? (v as number[]).reduce((a, b) => a + b, 0) : typeof v === 'number' ? v : 0;
    };
    const total = (name: string) => emf.reduce((sum, record) => sum + value(record, name), 0);
    const N = DurableMetricNames;
    // Operations that ran: flaky, group, inner, pause = 4, each counted once across the three invocations.
    expect(total(N.OPERATIONS_RUN)).toBe(4);
    // Replays: invocation 2 replays nothing completed; invocation 3 replays flaky and group (a
    // completed context replays its result, not its children); the wait ended live there.
    expect(emf.map((r) => value(r, N.OPERATIONS_REPLAYED))).toEqual([0, 0, 2]);
    expect(total(N.ATTEMPTS)).toBe(3);
    expect(total(N.RETRIES)).toBe(1);
    expect(emf.map((r) => value(r, N.INVOCATIONS))).toEqual([1, 1, 1]);
    expect(emf.map((r) => value(r, N.EXECUTIONS_ENDED))).toEqual([0, 0, 1]);
    expect(total(N.CHECKPOINT_CALLS)).toBe(service.last.requests.length);
    expect(total(N.PAYLOAD_BYTES_WRITTEN)).toBeGreaterThan(0);
    const first = emf[0]!;
    expect(first._aws.CloudWatchMetrics[0]?.Namespace).toBe('durable-test');
    expect(first._aws.CloudWatchMetrics[0]?.Metrics).toEqual(expect.arrayContaining([{ Name: N.CHECKPOINT_LATENCY, Unit: 'Milliseconds' }]));
    expect(first.service).toBe('orders');
  });
});
