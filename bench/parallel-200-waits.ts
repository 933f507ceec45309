/**
 * Scenario 4: `parallel` of 200 branches, each waiting 60 s, across invocations: the first
 * invocation starts every wait and suspends; the service clock then jumps past the waits and the
 * second invocation replays and completes. Figures are per whole execution.
 */
import type { BenchHandler } from './adapters.js';
import { expectSucceeded, runExecution } from './driver.js';
import { MemoryCheckpointService } from './memory-client.js';
import type { Scenario } from './scenario.js';
import { measure } from './stats.js';

const parallelHandler =
  (count: number): BenchHandler =>
  async (_event, context) => {
    if (!context.parallel) throw new Error('context.parallel is missing');
    const branches = Array.from({ length: count }, (_unused, index) => async (child: Parameters<BenchHandler>[1]) => {
      await child.wait('pause', { seconds: 60 });
      return index;
    });
    const batch = await context.parallel('fan-out', branches);
    return batch.getResults().reduce((sum, value) => sum + value, 0);
  };

export const parallel200: Scenario = {
  name: 'parallel-200-waits',
  description: 'parallel of 200 branches with a wait in each, across invocations',
  needs: ['step', 'wait', 'parallel'],
  metrics: [
    { metric: 'invocations', unit: 'invocations', better: 'lower', target: null },
    { metric: 'checkpoint calls', unit: 'calls', better: 'lower', target: 1.0 },
    { metric: 'updates', unit: 'updates', better: 'lower', target: null },
    { metric: 'wall time, all invocations', unit: 'ms', better: 'lower', target: null },
  ],
  async run(adapter, settings) {
    const count = settings.quick ? 20 : 200;
    const expected = (count * (count - 1)) / 2;
    let counts = { checkpointCalls: 0, updates: 0, invocations: 0 };
    const wall = await measure({
      warmup: 1,
      repeats: settings.quick ? 2 : 5,
      run: async () => {
        const service = new MemoryCheckpointService({ input: {} });
        const run = await runExecution({ handler: adapter.wrap(parallelHandler(count), service), service });
        expectSucceeded(run, expected);
        counts = { ...service.counts };
        return run.handlerMs;
      },
    });
    settings.log(
      `  ${adapter.name}: ${counts.invocations} invocations, ${counts.checkpointCalls} calls, ${counts.updates} updates, ${wall.median.toFixed(0)} ms`,
    );
    return {
      invocations: counts.invocations,
      'checkpoint calls': counts.checkpointCalls,
      updates: counts.updates,
      'wall time, all invocations': wall.median,
    };
  },
};
