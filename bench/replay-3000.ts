/**
 * Scenario 1: replay of an execution whose log holds 3,000 completed steps (the service's
 * operation cap). The history is produced by a fresh, untimed run of the same SDK; then the
 * invocation that replays all of it is timed. Heap: bytes allocated on the JS heap during the
 * replay (see measureAllocation).
 */
import { benchLambdaContext, expectSucceeded, runExecution } from './driver.js';
import { MemoryCheckpointService } from './memory-client.js';
import type { Scenario } from './scenario.js';
import { sequentialStepsHandler, sequentialSum } from './sequential-handler.js';
import { collectGarbage, measure, measureAllocation, nowNs, summarise } from './stats.js';

export const replay3000: Scenario = {
  name: 'replay-3000-steps',
  description: 'replay of an execution with 3,000 completed steps',
  needs: ['step'],
  metrics: [
    { metric: 'replay wall time', unit: 'ms', better: 'lower', target: 0.2 },
    { metric: 'replay heap allocated', unit: 'MB', better: 'lower', target: null },
    { metric: 'replay checkpoint calls', unit: 'calls', better: 'lower', target: 1.0 },
  ],
  async run(adapter, settings) {
    const count = settings.quick ? 300 : 3000;
    const service = new MemoryCheckpointService({ input: {} });
    const handler = adapter.wrap(sequentialStepsHandler(count), service);
    expectSucceeded(await runExecution({ handler, service }), sequentialSum(count));
    service.resetCounts();
    const allocations: number[] = [];
    const warmup = settings.quick ? 1 : 3;
    const repeats = settings.quick ? 3 : 9;
    const time = await measure({
      warmup,
      repeats,
      run: async () => {
        const event = service.invocationEvent();
        collectGarbage();
        const start = nowNs();
        const { result: output, allocatedBytes } = await measureAllocation(() => handler(event, benchLambdaContext()));
        const elapsed = Number(nowNs() - start) / 1e6;
        allocations.push(allocatedBytes / (1024 * 1024));
        expectSucceeded({ output, invocations: 1, handlerMs: elapsed }, sequentialSum(count));
        return elapsed;
      },
    });
    const calls = service.counts.checkpointCalls / (warmup + repeats);
    settings.log(`  ${adapter.name}: replay ${time.values.map((value) => value.toFixed(1)).join(' ')} ms`);
    return {
      'replay wall time': time.median,
      'replay heap allocated': summarise(allocations.slice(warmup)).median,
      'replay checkpoint calls': calls,
    };
  },
};
