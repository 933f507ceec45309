/**
 * Scenario 2: a fresh run of 3,000 sequential steps. Checkpoint calls are counted with no latency
 * (warm-up and repeats, also giving the SDK's own CPU time); the wall time with 5 ms per call is
 * one run per SDK, because it is dominated by 3,000 × 5 ms of simulated latency and a repeat would
 * cost 15 s. With pipelined checkpoints (ours, when the engine offers them) the same is measured
 * again in that mode.
 */
import type { SdkAdapter, WrapOptions } from './adapters.js';
import { expectSucceeded, runExecution } from './driver.js';
import { MemoryCheckpointService } from './memory-client.js';
import { sequentialStepsHandler, sequentialSum } from './sequential-handler.js';
import type { MetricValues, Scenario, ScenarioSettings } from './scenario.js';
import { measure } from './stats.js';

/** One fresh execution; returns the service (for its counts) and the handler time. */
const freshRun = async (
  adapter: SdkAdapter,
  options: { count: number; latencyMs: number; wrap?: WrapOptions },
): Promise<{ service: MemoryCheckpointService; handlerMs: number }> => {
  const service = new MemoryCheckpointService({ input: {}, latencyMs: options.latencyMs });
  const handler = adapter.wrap(sequentialStepsHandler(options.count), service, options.wrap);
  const run = await runExecution({ handler, service });
  expectSucceeded(run, sequentialSum(options.count));
  return { service, handlerMs: run.handlerMs };
};

const measureMode = async (
  adapter: SdkAdapter,
  settings: ScenarioSettings,
  wrap: WrapOptions,
  suffix: string,
): Promise<MetricValues> => {
  const count = settings.quick ? 100 : 3000;
  let calls = 0;
  const cpu = await measure({
    warmup: 1,
    repeats: settings.quick ? 2 : 3,
    run: async () => {
      const { service, handlerMs } = await freshRun(adapter, { count, latencyMs: 0, wrap });
      calls = service.counts.checkpointCalls;
      return handlerMs;
    },
  });
  const latency = await freshRun(adapter, { count, latencyMs: 5, wrap });
  settings.log(`  ${adapter.name}${suffix}: ${calls} calls, ${cpu.median.toFixed(0)} ms at 0 ms, ${latency.handlerMs.toFixed(0)} ms at 5 ms`);
  return {
    [`checkpoint calls${suffix}`]: calls,
    [`wall time, 0 ms/call${suffix}`]: cpu.median,
    [`wall time, 5 ms/call${suffix}`]: latency.handlerMs,
  };
};

export const sequential3000: Scenario = {
  name: 'sequential-3000-steps',
  description: 'a fresh run of 3,000 sequential steps',
  needs: ['step'],
  metrics: [
    { metric: 'checkpoint calls', unit: 'calls', better: 'lower', target: 1.0 },
    { metric: 'wall time, 0 ms/call', unit: 'ms', better: 'lower', target: null },
    { metric: 'wall time, 5 ms/call', unit: 'ms', better: 'lower', target: null },
    { metric: 'checkpoint calls, pipelined', unit: 'calls', better: 'lower', target: null, needs: ['pipelined'] },
    { metric: 'wall time, 0 ms/call, pipelined', unit: 'ms', better: 'lower', target: null, needs: ['pipelined'] },
    { metric: 'wall time, 5 ms/call, pipelined', unit: 'ms', better: 'lower', target: null, needs: ['pipelined'] },
  ],
  async run(adapter, settings) {
    const awaited = await measureMode(adapter, settings, {}, '');
    if (adapter.features.has('pipelined')) {
      return { ...awaited, ...(await measureMode(adapter, settings, { pipelined: true }, ', pipelined')) };
    }
    if (adapter.name !== 'official') return awaited;
    // The official SDK has no pipelined mode: the pipelined rows compare against its only mode.
    const pipelinedRows = Object.entries(awaited).map(([metric, value]) => [`${metric}, pipelined`, value]);
    return { ...awaited, ...Object.fromEntries(pipelinedRows) };
  },
};
